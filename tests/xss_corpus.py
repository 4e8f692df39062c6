"""The XSS corpus: record-body payloads from the classic filter-evasion lists, each with the body
line (1-based, within the payload) where `check` must report it. Every payload calls alert(), so
the browser test's dialog listener hears any that runs."""
from __future__ import annotations

A = "alert(1)"

# (name, Markdown body, line of the active content)
PAYLOADS: list[tuple[str, str, int]] = [
    # --- link schemes, spelled every way a browser still reads as javascript: -----------------
    ("link-plain", f"[点我](javascript:{A})", 1),
    ("link-colon-entity", f"文字\n\n[点我](javascript&#58;{A})", 3),
    ("link-colon-named", f"[点我](javascript&colon;{A})", 1),
    ("link-letter-entity", f"[点我](java&#115;cript:{A})", 1),
    ("link-all-entities", "[点我](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))", 1),
    ("link-hex-entity", f"[点我](&#x6A;avascript:{A})", 1),
    ("link-zero-padded", f"[点我](&#0000106avascript:{A})", 1),
    ("link-tab-entity", f"[点我](jav&#x09;ascript:{A})", 1),
    ("link-newline-entity", f"[点我](jav&#x0A;ascript:{A})", 1),
    ("link-split-line", f"前文\n[点我](java\nscript:{A})", 2),
    ("link-mixed-case", f"[点我](JaVaScRiPt:{A})", 1),
    ("link-leading-space", f"[点我]( javascript:{A} )", 1),
    ("link-angle", f"[点我](<javascript:{A}>)", 1),
    ("link-title", f'[点我](javascript:{A} "标题")', 1),
    ("link-control-char", f"[点我](&#1;javascript:{A})", 1),
    ("link-double-encoded", f"[点我](&amp;#106;avascript:{A})", 1),
    ("link-vbscript", "[点我](vbscript:msgbox(1))", 1),
    ("link-data-html", "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", 1),
    ("link-in-table", f"| 列 |\n|---|\n| [点我](javascript:{A}) |", 3),
    ("link-in-admonition", f"!!! note \"提示\"\n    [点我](javascript:{A})", 2),
    ("link-in-footnote", f"正文[^1]\n\n[^1]: [点我](javascript:{A})", 3),
    ("link-in-heading", f"## [点我](javascript:{A})", 1),
    # --- reference definitions in every block context -----------------------------------------
    ("ref-top", f"[点我][a]\n\n[a]: javascript:{A}", 3),
    ("ref-entity", f"[点我][a]\n\n[a]: javascript&#58;{A}", 3),
    ("ref-angle", f"[点我][a]\n\n[a]: <javascript:{A}>", 3),
    ("ref-blockquote", f"> [a]: javascript:{A}\n\n[点我][a]", 1),
    ("ref-list", f"- 第一项\n- [a]: javascript:{A}\n\n[点我][a]", 2),
    ("ref-nested", f"> - > [a]: javascript:{A}\n\n[点我][a]", 1),
    ("ref-collapsed", f"[a][]\n\n[a]: javascript:{A}", 3),
    ("ref-admonition", f"!!! note \"提示\"\n    [a]: javascript:{A}\n\n[点我][a]", 2),
    ("ref-details", f"??? note \"展开\"\n    [a]: javascript:{A}\n\n[点我][a]", 2),
    ("ref-deflist", f"术语\n:   [a]: javascript:{A}\n\n[点我][a]", 2),
    ("ref-footnote", f"正文[^1]\n\n[^1]: 注释\n    [a]: javascript:{A}\n\n[点我][a]", 4),
    ("link-literal-tab", f"[点我](java\tscript:{A})", 1),
    ("link-in-deflist", f"术语\n:   [点我](javascript:{A})", 2),
    # --- images ---------------------------------------------------------------------------------
    ("img-scheme", f"![图](javascript:{A})", 1),
    ("img-onerror-raw", f"<img src=x onerror={A}>", 1),
    ("img-data-svg", "![图](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", 1),
    # --- autolinks ------------------------------------------------------------------------------
    ("autolink-data", "<data:text/html,<script>alert(1)</script>>", 1),
    # --- raw HTML -------------------------------------------------------------------------------
    ("a-raw", f'<a href="javascript:{A}">点我</a>', 1),
    ("a-raw-tab", f'<a href="jav&#x09;ascript:{A}">点我</a>', 1),
    ("script", f"第一行\n\n<script>{A}</script>", 3),
    ("script-upper", f"<SCRIPT>{A}</SCRIPT>", 1),
    ("script-inline", f"正文 <script>{A}</script> 正文", 1),
    ("svg-onload", f"<svg onload={A}>", 1),
    ("svg-script", f"<svg><script>{A}</script></svg>", 1),
    ("svg-xlink", f'<svg><a xlink:href="javascript:{A}"><text y="20">点我</text></a></svg>', 1),
    ("math-href", f'<math href="javascript:{A}">点我</math>', 1),
    ("math-mxss", f"<math><mtext><table><mglyph><style><img src=x onerror={A}>", 1),
    ("noscript-mxss", f'<noscript><p title="</noscript><img src=x onerror={A}>">', 1),
    ("iframe-srcdoc", f'<iframe srcdoc="<script>parent.{A}</script>"></iframe>', 1),
    ("iframe-src", f'<iframe src="javascript:{A}"></iframe>', 1),
    ("meta-refresh", f'<meta http-equiv="refresh" content="0;url=javascript:{A}">', 1),
    ("style-url", f'<div style="background:url(javascript:{A})">正文</div>', 1),
    ("style-escaped", f'<div style="background:url(&quot;j\\61vascript:{A}&quot;)">正文</div>', 1),
    ("style-tag", f'<style>body{{background:url("javascript:{A}")}}</style>', 1),
    ("object", f'<object data="javascript:{A}"></object>', 1),
    ("embed", f'<embed src="javascript:{A}">', 1),
    ("svg-animate-onbegin", f"<svg><animate onbegin={A} attributeName=x dur=1s>", 1),
    ("svg-set-href", f'<svg><a><set attributeName="href" to="javascript:{A}"/><text y="20">点我</text></a></svg>', 1),
    ("video-source-onerror", f"<video><source onerror={A}></video>", 1),
    ("marquee-onstart", f"<marquee onstart={A}>滚动</marquee>", 1),
    ("handler-entity", f"<img src=x onerror=&#97;lert(1)>", 1),
    ("raw-in-table", f"| 列 |\n|---|\n| <img src=x onerror={A}> |", 3),
    ("details-ontoggle", f"<details open ontoggle={A}><summary>x</summary></details>", 1),
    ("input-onfocus", f"<input autofocus onfocus={A}>", 1),
    ("body-onload", f"<body onload={A}>", 1),
    ("form-action", f'<form action="javascript:{A}"><button>提交</button></form>', 1),
    ("button-formaction", f'<button formaction="javascript:{A}">提交</button>', 1),
    ("base-href", '<base href="javascript:alert(1)//">', 1),
    ("div-markdown", f'<div markdown="1" onclick="{A}">正文</div>', 1),
    ("comment-break", f"<!--><img src=x onerror={A}>-->", 1),
    # --- code spans that are not code: back-ticks in different blocks ---------------------------
    ("codespan-paragraphs", f"`开头\n\n<script>{A}</script>\n\n结尾`", 3),
    ("codespan-img", f"说明 `x\n\n<img src=x onerror={A}> 与 y`", 3),
    ("codespan-list", f"- `第一项\n- <img src=x onerror={A}> 第二项`", 2),
    ("codespan-quote", f"> `引用\n\n<img src=x onerror={A}>`", 3),
    # --- Markdown attribute lists ---------------------------------------------------------------
    ("attr-list-paragraph", f'段落\n{{: onclick="{A}" }}', 2),
    ("attr-list-link", f'[点我](https://example.com){{: onmouseover="{A}" }}', 1),
    ("attr-list-href", f'[点我](https://example.com){{: href="javascript:{A}" }}', 1),
    ("attr-list-toc-label", f'## 标题 {{: data-toc-label="<img src=x onerror={A}>" }}', 1),
]

# Inert look-alikes: shown as text or as code, never an error.
INERT: list[tuple[str, str]] = [
    ("fenced-code", f"```html\n<script>{A}</script>\n<a href=\"javascript:{A}\">x</a>\n```"),
    ("code-span", f"写成 `<img src=x onerror={A}>` 就会出错；`[x](javascript:{A})` 也是"),
    ("indented-code", f"正文\n\n    <script>{A}</script>"),
    ("escaped-text", f"&lt;script&gt;{A}&lt;/script&gt;"),
    ("safe-links", "[网页](https://example.com) [邮件](mailto:a@example.com) [电话](tel:+86-21-5555) "
                   "[文件](brief.txt) [锚点](#x) ![图](storyboard.png)"),
    # Python-Markdown keeps these as text or as an unknown element, and so does a browser.
    ("img-quote-break", f'![图](x" onerror="{A})'),
    ("autolink-unknown-element", f"<javascript:{A}>"),
    ("unclosed-tag", f'<a href="javascript:{A}"'),
    ("autolink-quote", f"<https://example.com/\" onmouseover=\"{A}>"),
    ("prose-colon", "会议时间：10:00；地点：会议室 [备注]"),
]
