"""Rules enforced while a file is read (REQ-*) or while the site is built (RET-INDEX, RET-FIND,
SEC-CONFIDENTIAL). Their checks live where the work happens; their entries live here."""
from .registry import declare

ALL = ("client", "brand", "brand-history", "job", "meeting", "weekly-status", "budget-report",
       "competitive-report", "research-summary", "client-issue")

declare(
    "REQ-FIELDS", level="error", title="必填字段齐全、类型正确", applies_to=ALL, source="documents/index.md#templates", stage="read",
    asks="每种记录都有它的必填字段，且每个字段的值类型正确：日期是真实存在的日期，金额是不小于 0 的数字（最多两位小数），"
         "枚举字段只取规定的值，人名是员工名册里的人。",
    why="档案要能被程序列出、统计、检查；缺一个字段或写错一种格式，这份记录就会从索引、看板和提醒里消失。",
    fix="按报错提示补上字段或改正格式；不确定写法时，用 `python -m generators new` 生成一份样板对照。")
declare(
    "REQ-YAML", level="error", title="front matter 可读、无歧义", applies_to=ALL, source="appendix/yaml.md", stage="read",
    asks="文件是 UTF-8 文本（不是 GBK/GB18030，没有 BOM），开头有 front matter 且能解析；没有重复字段；"
         "不留合并冲突标记；应是文字的字段不会被 YAML 误读（`0042` 读成八进制数、`12:30` 读成 750、`NO` 读成 false）。",
    why="同一个文件会被校验程序、网站和其他工具读取，任何一个读错都会让记录失真；编码错了，中文会变成乱码。",
    fix="编辑器另存为“UTF-8”（无 BOM）；删掉重复的字段；工作号、时间和 NO/yes 这类值加双引号；"
        "合并冲突时选定正确内容并删除 <<<<<<< ======= >>>>>>> 标记。")
declare(
    "RET-INDEX", level="error", title="每份记录都有页面并可三次点击内到达", applies_to=ALL, source="filing/find.md", stage="build",
    asks="每份记录都有一个固定网址的页面，至少出现在一个索引页上，并且从网站首页出发三次点击以内能到达。",
    why="“180 秒内找到任何一份资料”：找不到的档案等于没有归档。",
    fix="通常是记录的客户、品牌等字段写错，导致它没有挂到任何索引页；先运行 `make check` 改正其他错误，再重新构建。")
declare(
    "RET-FIND", level="warning", title="按编号搜索能找到", applies_to=ALL, source="filing/find.md", stage="build",
    asks="在网站上搜索一条记录时，它出现在前三个结果里。搜索的方式：工作号；客户编号或简称；品牌名；"
         "周报、月报、竞品报告用“客户简称 + 期间”（如 `华信食品 2026-W46`）；其余记录用标题。"
         "每次构建网站（`make build` 和 CI）都按这些方式把每条记录搜索一遍（按 Material 搜索框的算法推算排名），排不进前三的记一条提醒；`make serve` 预览时为了改完即看，跳过这一项。",
    why="AE 在电话里被客户问到某项工作时，只记得工作号或标题的一部分；搜索必须一次命中。",
    fix="标题写得具体（品牌 + 事项），不要只写“会议”“报告”；工作号写在 job_no 字段里，不要写在正文里代替字段。")
declare(
    "SEC-CONFIDENTIAL", level="error", title="保密内容不进公开网站", applies_to=ALL, source="meetings/report.md#confidential", stage="build",
    asks="客户联系人、合同以及标记为 `confidential: true` 的记录或字段，只出现在内部网站，绝不出现在公开构建里。",
    why="客户资料和合同金额是客户托付给我们的秘密；泄露一次，失去的是整个客户。",
    fix="把需要保密的记录加上 `confidential: true`；公开构建（ARCHIVE_PUBLIC=1）会自动略去它们。")
declare(
    "CFG-SETTINGS", level="error", title="设置文件 archive.toml 可读、取值合理", applies_to=("archive.toml",), source="appendix/git-workflow.md#check",
    stage="read",
    asks="项目根目录的 `archive.toml` 是 UTF-8 文本（没有 BOM），符合 TOML 语法；`timezone` 是真实的 IANA 时区名"
         "（如 `Asia/Shanghai`）；`as_of` 留空或是 1900–2999 年间真实存在的日期；`site_url` 是完整网址；"
         "员工名册的每一段 `[[staff]]` 都有文字的 `name` 和 `slug`，slug 只用小写英文字母、数字和连字符，姓名和 slug 都不重复。",
    why="所有检查、看板、日历和网址都依据这份设置：时区错了，会议是否 24 小时内发出就算错；名册错了，人名引用和个人日历全都失效。"
        "设置文件有错时，check、new 和网站构建都会停下并指出哪一行，而不是带着错误的设置继续。",
    fix="按报错给出的行号改正 archive.toml：文字加双引号，日期写成 `\"2026-11-20\"`，时区写 `\"Asia/Shanghai\"`，"
        "每位员工写一段 `[[staff]]`（name、slug、role）。")
