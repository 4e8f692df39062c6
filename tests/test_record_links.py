"""Record pages are written outside MkDocs, so MkDocs' link validation does not see them: every link and
image of every record page of the repository's sample archive must reach a file of the built site (and
an anchor on it, when the link names one)."""
from __future__ import annotations

import json
import posixpath
import re
from urllib.parse import unquote, urlsplit

import pytest

from sitebuild import REPO, build

from generators.site.render import url_of

pytestmark = pytest.mark.slow
_LINK = re.compile(r'\s(?:href|src)="([^"]*)"')


def test_every_link_of_every_record_page_resolves_to_a_built_file(tmp_path):
    site = tmp_path / "site"
    result = build(REPO, site)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads((REPO / "build" / "pages-last-build.json").read_text(encoding="utf-8"))
    uris = report["rendered"] + report["reused"]
    assert len(uris) > 100
    broken, checked = [], 0
    for uri in uris:
        here = url_of(uri)
        html = (site / here / "index.html").read_text(encoding="utf-8")
        for link in _LINK.findall(html):
            parts = urlsplit(link.replace("&amp;", "&"))
            if parts.scheme or parts.netloc or not parts.path:
                continue
            path = posixpath.normpath(posixpath.join(here, unquote(parts.path)))
            target = site / path
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.is_file():
                broken.append(f"{uri}: {link}")
            elif parts.fragment and target.suffix == ".html" and \
                    f'id="{unquote(parts.fragment)}"' not in target.read_text(encoding="utf-8"):
                broken.append(f"{uri}: {link} (no such anchor)")
    assert checked > 1000 and not broken, broken[:20]
