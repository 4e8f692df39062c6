"""Rules about files in the site: attachments really in the record's folder (RET-ATTACH), no active
content among them (SEC-ATTACH), and one site address per record and file (RET-ADDRESS)."""
from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from functools import lru_cache
from urllib.parse import unquote

from generators.archive.attachments import active_problem, place
from generators.archive.fields import Attachment
from generators.archive.uris import attachment_uri, generated_archive_pages, record_uri
from generators.rules.registry import rule

ALL = ("*",)  # every record type (the rule pages list them from the schemas)
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)")


def named_files(record):
    """(field or "正文", file name, from_body) for every file a record names in a field or a body link."""
    for where, f, value in record.leaves:
        if isinstance(f.type, Attachment):
            yield where, str(value), False
    for name in _body_files(record.body):
        yield "", name, True


@lru_cache(maxsize=32768)  # two rules ask, and `mkdocs serve` asks again on every save
def _body_files(body: str) -> tuple[str, ...]:
    """The files a body links to (relative links that are not pages), in order."""
    out = []
    for m in _LINK.finditer(body):
        target = m.group(1)
        if "://" in target or target.startswith(("#", "/", "mailto:", "tel:")) or ":" in target.split("/")[0]:
            continue
        name = unquote(target.split("#")[0])
        if name and not name.lower().endswith(".md"):
            out.append(name)
    return tuple(out)


@rule("RET-ATTACH", level="error", title="附件都在档案里", applies_to=ALL, source="filing/index.md#basics",
      asks="记录里列出的每个附件（简报、预估单、发票、完成表、作品文件）都确实提交到了档案库，放在记录所在的文件夹里："
           "是普通文件，不是符号链接，也不用 `../` 或绝对路径指到文件夹之外。",
      why="工作袋里只有一张清单而没有单据，结案、对账和追查时都拿不出凭据；指到文件夹之外的链接会把别处（甚至构建电脑上）的文件带进网站。",
      fix="把文件复制到记录所在的文件夹并 `git add`，或改正字段里的文件名（区分大小写）。")
def check_attachments(ctx):
    root = ctx.settings.root
    for r in ctx.archive.records:
        for where, name, in_body in named_files(r):
            at = place(root, r.folder, name)
            line = _body_line(r, name) if in_body else None
            if at.path is None:
                yield ctx.finding("RET-ATTACH", r, where, at.problem, at.fix, line=line)
            elif not in_body and at.path not in ctx.archive.files:
                yield ctx.finding("RET-ATTACH", r, where, f"附件 {name} 不存在（应在 {at.path}）。")


@rule("SEC-ATTACH", level="error", title="附件不带可执行内容", applies_to=ALL, source="filing/index.md#safety",
      asks="放进网站的附件不能在同事的浏览器里运行：HTML、XML、脚本等文件类型不能作为附件；"
           "SVG 图片必须是普通图形，不含 `<script>`、事件属性（onload 等）、`<foreignObject>`、外部或 javascript: 链接，也不含 DTD。",
      why="网站和档案在同一个地址下：一个带脚本的附件被打开时，能以看的人的身份读取全部档案（合同、联系人）。",
      fix="把文件导出为 PDF 或 PNG/JPG 再附上；SVG 请在设计软件里重新导出为普通 SVG。构建网站时 SVG 里的可执行内容会被删掉，HTML/XML 附件不会发布。")
def check_active(ctx):
    root = ctx.settings.root
    seen = set()
    for r in ctx.archive.records:
        for where, name, in_body in named_files(r):
            at = place(root, r.folder, name)
            if at.path is None or at.path not in ctx.archive.files or (r.path, at.path) in seen:
                continue
            seen.add((r.path, at.path))
            problem = active_problem(root, at.path)
            if problem:
                yield ctx.finding("SEC-ATTACH", r, where, problem[0], problem[1],
                                  line=_body_line(r, name) if in_body else None)


@rule("RET-ADDRESS", level="error", title="每份记录和附件有自己的网址", applies_to=ALL, source="filing/index.md#safety",
      asks="每份记录和每个附件在网站上的地址都是唯一的：不与网站生成的页面（如 `archive/jobs.md` 工作登记表）重名，"
           "也不与另一份记录或附件重名（例如同一工作文件夹里既有 `job.md` 又有 `index.md`）。",
      why="两个文件争一个网址时，只有一个能出现在网站上，另一个（可能是整张登记表）会悄悄消失。",
      fix="把报错的文件移到档案规划规定的位置（`git mv`），或改名，使它的网址不再与别的页面相同。")
def check_addresses(ctx):
    owners: dict[str, list[str]] = defaultdict(list)
    for name in generated_archive_pages(ctx.settings.root):
        owners[name].append("")
    by_path = {r.path: r for r in ctx.archive.records}
    for r in ctx.archive.records:
        owners[record_uri(r.path)].append(r.path)
    for f in sorted(ctx.archive.files):
        if not f.lower().endswith(".md") and "/" in f:
            owners[attachment_uri(f)].append(f)
    for uri, paths in owners.items():
        if len(paths) < 2:
            continue
        generated = "" in paths
        files = [p for p in paths if p]
        for p in files if generated else files[1:]:
            other = "网站生成的页面" if generated else files[0]
            msg = f"这个文件在网站上的地址 {uri} 与{other}相同，两者只能保留一个。"
            yield ctx.finding("RET-ADDRESS", by_path.get(p, p), "", msg)


def _body_line(record, name: str) -> int:
    """The line of the body link naming `name` (the body's first line when not found)."""
    for i, line in enumerate(record.body.splitlines()):
        if name in line or posixpath.basename(name) in line:
            return record.body_line + i
    return record.body_line
