"""The rules checked while a file is read (REQ-*, CFG-SETTINGS): their catalogue entries as data.

The reader stamps its findings with these levels and fixes; `generators.rules.catalogue` enters
them into the one registry, beside the rules checked by `check` and while building the site.
"""
from __future__ import annotations

ALL = ("*",)  # every record type (the rule pages list them from the schemas)

READ_RULES: dict[str, dict] = {
    "REQ-FIELDS": dict(
        level="error", title="必填字段齐全、类型正确", applies_to=ALL, source="documents/index.md#templates", stage="read",
        asks="每种记录都有它的必填字段，且每个字段的值类型正确：日期是真实存在的日期，金额是不小于 0 的数字（最多两位小数），"
             "枚举字段只取规定的值，人名是员工名册里的人。",
        why="档案要能被程序列出、统计、检查；缺一个字段或写错一种格式，这份记录就会从索引、看板和提醒里消失。",
        fix="按报错提示补上字段或改正格式；不确定写法时，用 `python -m generators new` 生成一份样板对照。"),
    "REQ-YAML": dict(
        level="error", title="front matter 可读、无歧义", applies_to=ALL, source="appendix/yaml.md", stage="read",
        asks="文件是 UTF-8 文本（不是 GBK/GB18030，没有 BOM），不超过 2 MB，开头有 front matter（第一行 ---，结束行也是 ---，"
             "不用 YAML 的 ...）且能解析；front matter 不超过 65536 个字符、嵌套不超过 64 层；没有重复字段；字段名是文字"
             "（不是 `42`、`~`、`\"\"`、`yes`、日期或列表）；不用 YAML 标签（`!staff`、`!!python/...`）和锚点/别名（& 和 *）；"
             "正文开头没有第二组 --- 包起来的字段；不留合并冲突标记；应是文字的字段不会被 YAML 误读"
             "（`0042` 读成八进制数、`12:30` 读成 750、`NO` 读成 false）。",
        why="同一个文件会被校验程序、网站和其他工具读取，任何一个读错都会让记录失真；编码错了，中文会变成乱码。"
            "第二组字段和用 ... 结束的字段区在别的工具里会变成正文，里面写的 confidential 就失效了；"
            "层层嵌套或超大的字段区不是正常记录，只会拖垮检查和构建。",
        fix="编辑器另存为“UTF-8”（无 BOM）；删掉重复的字段；工作号、时间和 NO/yes 这类值加双引号；结束行写 ---；"
            "第二组字段移进第一组；删掉 ! 开头的标签和 & * 标记；"
            "合并冲突时选定正确内容并删除 <<<<<<< ======= >>>>>>> 标记。"),
    "REQ-KEY-TYPO": dict(
        level="error", title="字段名没有拼错", applies_to=ALL, source="appendix/yaml.md", stage="read",
        asks="front matter 里不认识的字段名，如果与这一级的某个已知字段只差大小写、全角半角、连字符或一两个字母"
             "（`confidental`、`Confidential`、`Third-Party`、`titel`），就是拼错了；像 confidential 的字段名（包括“保密”“机密”）"
             "和写在下一级里的 confidential 也算。出现这些情况时，这份记录一律按保密处理，直到改正。",
        why="拼错的字段名不会报缺失，却让本该生效的字段悄悄失效；拼错 confidential，保密记录就会被公开网站发布出去。"
            "所以宁可先按保密处理、报错提醒，也不能当作没写。",
        fix="按提示把字段名改成“您是不是要写 ……？”里的那个名字（全小写英文、下划线）；confidential 写在最上层，值写 true 或 false。"),
    "REQ-KEY-EXTRA": dict(
        level="warning", title="补充字段要有意为之", applies_to=ALL, source="documents/index.md#templates", stage="read",
        asks="front matter 里不在该类型字段表里、也不像任何已知字段的字段（例如自己加的 `备注`、`supplier`）记一条提醒。"
             "档案规划允许按需补充字段，所以这是警告，不阻止提交；拼错已知字段则是错误（REQ-KEY-TYPO）。",
        why="补充字段不会被检查、统计或在网站的字段表里展示；提醒一次，写的人能确认它不是拼错的已知字段。",
        fix="如果是拼错的已知字段，改成字段表里的名字（见手册的记录模板页）；如果确实要补充这项信息，保留即可，"
            "需要它出现在检查或网站上时，请维护档案的同事把它加进字段表。"),
    "REQ-FILE": dict(
        level="error", title="文件名和文件本身在每台电脑上都能用", applies_to=ALL, source="filing/file-plan.md", stage="read",
        asks="clients/ 下的每个文件和文件夹名都是 UTF-8 编码（不是 GBK 等其他编码）；没有两个路径只差大小写"
             "（如 `Job.md` 和 `job.md`），也没有两个路径只差 Unicode 的写法（看起来相同的字）；"
             "记录文件（.md）是普通文件，不是指向别处的符号链接；文件在检查过程中没有被删除或移走。",
        why="Windows 和 macOS 默认不区分大小写：只差大小写的两个文件检出后只剩一个，另一个的内容悄悄丢失。"
            "非 UTF-8 的文件名在别的电脑、git 网页和网站上都是乱码，链接也打不开。"
            "符号链接指向的文件不在档案里，别人检出时看不到，还可能把本机的文件带进网站。",
        fix="用 `git mv` 给文件改一个名字：非 UTF-8 的名字按报错里猜出的中文重新命名；只差大小写的两个文件合并成一个，或改成明显不同的名字；"
            "符号链接换成文件本身；检查时文件不见了，就在文件齐全后重新运行。"),
    "REQ-BODY": dict(
        level="error", title="正文不层层套叠", applies_to=ALL, source="appendix/yaml.md", stage="read",
        asks="记录正文里的引用（>）、列表（- 或 1.）和缩进合起来不超过 64 层，HTML 标签不超过 64 层，"
             "一段文字里的方括号 [ 不超过 32 层。",
        why="正常的记录只用一两层列表；成百上千层的套叠只会出现在误粘贴或恶意的文字里，"
            "它会让网站生成程序出错或卡住，整个网站都发布不了。超过上限的正文不会交给网站显示。",
        fix="删掉层层套叠的 >、- 或缩进，正文用普通段落和一两层列表书写；从别处复制来的内容请先粘贴为纯文本。"),
    "CFG-SETTINGS": dict(
        level="error", title="设置文件 archive.toml 可读、取值合理", applies_to=("archive.toml",), source="appendix/git-workflow.md#check",
        stage="read",
        asks="项目根目录的 `archive.toml` 是 UTF-8 文本（没有 BOM），符合 TOML 语法；`timezone` 是真实的 IANA 时区名"
             "（如 `Asia/Shanghai`）；`as_of` 留空或是 1900–2999 年间真实存在的日期；`site_url` 是完整网址；"
             "员工名册的每一段 `[[staff]]` 都有文字的 `name` 和 `slug`，slug 只用小写英文字母、数字和连字符，姓名和 slug 都不重复。",
        why="所有检查、看板、日历和网址都依据这份设置：时区错了，会议是否 24 小时内发出就算错；名册错了，人名引用和个人日历全都失效。"
            "设置文件有错时，check、new 和网站构建都会停下并指出哪一行，而不是带着错误的设置继续。",
        fix="按报错给出的行号改正 archive.toml：文字加双引号，日期写成 `\"2026-11-20\"`，时区写 `\"Asia/Shanghai\"`，"
            "每位员工写一段 `[[staff]]`（name、slug、role）。"),
}
