"""deploy/nginx-internal.conf really keeps the internal site behind a login: Debian's nginx is started on
127.0.0.1 (a free port, a temporary prefix, no root needed) with the repository's config file, and answers
401 without a password, 200 with one. REQUIRE_NGINX=1 (CI) fails instead of skipping when nginx is missing."""
from __future__ import annotations

import base64
import getpass
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CONF = REPO / "deploy" / "nginx-internal.conf"
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def _need_nginx():
    if NGINX is None:
        if os.environ.get("REQUIRE_NGINX") == "1":
            pytest.fail("nginx 没有安装（REQUIRE_NGINX=1）：运行 `make nginx`（apt-get install nginx）。")
        pytest.skip("没有 nginx：`make nginx` 安装后再测（CI 中必须有）。")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _htpasswd(user: str, password: str) -> str:
    hashed = subprocess.run(["openssl", "passwd", "-6", password], capture_output=True, text=True, check=True).stdout.strip()
    return f"{user}:{hashed}\n"


def _server_block(port: int, root: Path, users: Path) -> str:
    """The repository's server block with only its listen address, root and password file replaced."""
    text = CONF.read_text(encoding="utf-8")
    for pattern, value in ((r"^(\s*)listen\s+[^;]+;", f"listen 127.0.0.1:{port};"),
                           (r"^(\s*)root\s+[^;]+;", f"root {root};"),
                           (r"^(\s*)auth_basic_user_file\s+[^;]+;", f"auth_basic_user_file {users};")):
        text, n = re.subn(pattern, lambda m: m.group(1) + value, text, flags=re.M)
        assert n == 1, f"{CONF.name} 里应恰好有一条 {pattern}"
    return text


def _get(url: str, auth: tuple[str, str] | None = None):
    request = urllib.request.Request(url)
    if auth:
        request.add_header("Authorization", "Basic " + base64.b64encode(":".join(auth).encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=5) as r:
            return r.status, r.read(), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers


@pytest.fixture
def nginx(tmp_path):
    """nginx serving a small internal site from a temporary prefix; yields its base URL."""
    _need_nginx()
    site = tmp_path / "site"
    (site / "archive" / "x").mkdir(parents=True)
    (site / "index.html").write_text("<h1>内部档案</h1>", encoding="utf-8")
    (site / "archive" / "x" / "board.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    (site / "archive" / "x" / "简报 终版#2.txt").write_text("简报", encoding="utf-8")
    users = tmp_path / "htpasswd"
    users.write_text(_htpasswd("wangfang", "正确的密码-2026"), encoding="utf-8")
    prefix = tmp_path / "nginx"
    (prefix / "logs").mkdir(parents=True)
    for attempt in range(3):
        port = _free_port()
        (prefix / "server.conf").write_text(_server_block(port, site, users), encoding="utf-8")
        (prefix / "nginx.conf").write_text(f"""
user {getpass.getuser()};
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log {prefix}/logs/access.log;
    client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy; fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi; scgi_temp_path {prefix}/scgi;
    include {prefix}/server.conf;
}}
""", encoding="utf-8")
        proc = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", "stderr",
                                 "-g", "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        for _ in range(50):
            if proc.poll() is not None:
                break
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        if proc.poll() is None:
            break
        err = proc.stderr.read().decode(errors="replace")
        if "Address already in use" not in err or attempt == 2:
            pytest.fail(f"nginx 启动失败：{err}")
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_config_is_valid_for_nginx(tmp_path):
    _need_nginx()
    prefix = tmp_path
    (prefix / "logs").mkdir()
    (prefix / "server.conf").write_text(_server_block(_free_port(), tmp_path, tmp_path / "users"), encoding="utf-8")
    (prefix / "nginx.conf").write_text(f"pid {prefix}/nginx.pid; events {{}} http {{ include /etc/nginx/mime.types; "
                                       f"include {prefix}/server.conf; }}", encoding="utf-8")
    done = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", "stderr"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_internal_site_needs_a_login(nginx):
    status, body, headers = _get(nginx + "/")
    assert status == 401 and "内部档案" not in body.decode("utf-8", "replace")
    assert "Basic" in headers.get("WWW-Authenticate", "")
    assert _get(nginx + "/", ("wangfang", "错误的密码"))[0] == 401
    assert _get(nginx + "/", ("someone", "正确的密码-2026"))[0] == 401
    status, body, headers = _get(nginx + "/", ("wangfang", "正确的密码-2026"))
    assert status == 200 and "内部档案" in body.decode("utf-8")
    assert headers["X-Content-Type-Options"] == "nosniff" and "no-store" in headers["Cache-Control"]


def test_attachments_need_the_login_too_and_svg_cannot_run(nginx):
    assert _get(nginx + "/archive/x/board.svg")[0] == 401
    status, _, headers = _get(nginx + "/archive/x/board.svg", ("wangfang", "正确的密码-2026"))
    assert status == 200 and "sandbox" in headers["Content-Security-Policy"]
    from urllib.parse import quote
    status, body, _ = _get(nginx + "/archive/x/" + quote("简报 终版#2.txt"), ("wangfang", "正确的密码-2026"))
    assert status == 200 and body.decode("utf-8") == "简报"


SERVER_HEADERS = ("X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Permissions-Policy",
                  "Cross-Origin-Opener-Policy", "Cache-Control", "Content-Security-Policy")


@pytest.mark.parametrize("path", ["/", "/archive/x/board.svg"])
def test_every_security_header_on_html_and_svg(nginx, path):
    """nginx drops the server's add_header lines in a location with its own: the .svg one repeats them all."""
    status, _, headers = _get(nginx + path, ("wangfang", "正确的密码-2026"))
    assert status == 200
    missing = [h for h in SERVER_HEADERS if not headers.get(h)]
    assert missing == [], path
    assert headers["X-Frame-Options"] == "SAMEORIGIN" and headers["Referrer-Policy"] == "same-origin"
    csp = headers["Content-Security-Policy"]
    if path.endswith(".svg"):
        assert "default-src 'none'" in csp and "sandbox" in csp
    else:
        assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'self'" in csp


def test_the_config_says_how_to_enable_tls():
    text = CONF.read_text(encoding="utf-8")
    for words in ("listen 443 ssl;", "ssl_certificate ", "ssl_certificate_key ", "HTTPS", "return 301 https://"):
        assert words in text, words
