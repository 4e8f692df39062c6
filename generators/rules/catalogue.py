"""Rules enforced while a file is read (REQ-*, CFG-SETTINGS: entries in generators/archive/read_rules.py)
or while the site is built (RET-INDEX, RET-FIND, SEC-CONFIDENTIAL). Their checks live where the work
happens; their entries enter the one registry here."""
from generators.archive.read_rules import ALL, READ_RULES
from generators.rules.registry import declare

for _id, _entry in READ_RULES.items():
    declare(_id, **_entry)

declare(
    "RET-INDEX", level="error", title="每份记录都有页面并可三次点击内到达", applies_to=ALL, source="filing/find.md", stage="build",
    asks="每份记录都有一个固定网址的页面，至少出现在一个索引页上，并且从网站首页出发三次点击以内能到达。",
    why="“180 秒内找到任何一份资料”：找不到的档案等于没有归档。",
    fix="通常是记录的客户、品牌等字段写错，导致它没有挂到任何索引页；先运行 `make check` 改正其他错误，再重新构建。")
declare(
    "RET-FIND", level="warning", title="按编号搜索能找到", applies_to=ALL, source="filing/find.md", stage="build",
    asks="在网站上搜索一条记录时，按工作号或客户编号搜索它排第一，按其他方式搜索它出现在前三个结果里。搜索的方式：工作号；客户编号或简称；品牌名；"
         "周报、月报、竞品报告用“客户简称 + 期间”（如 `华信食品 2026-W46`）；其余记录用标题。"
         "每次构建网站（`make build` 和 CI）都按这些方式把每条记录搜索一遍（用网站搜索框同一个搜索程序排名），排不进前三的记一条提醒；`make serve` 预览时为了改完即看，跳过这一项。",
    why="AE 在电话里被客户问到某项工作时，只记得工作号或标题的一部分；搜索必须一次命中。",
    fix="标题写得具体（品牌 + 事项），不要只写“会议”“报告”；工作号写在 job_no 字段里，不要写在正文里代替字段。")
declare(
    "SEC-CONFIDENTIAL", level="error", title="保密内容不进公开网站", applies_to=ALL, source="meetings/report.md#confidential", stage="build",
    asks="客户联系人、合同以及标记为 `confidential: true` 的记录或字段，只出现在内部网站，绝不出现在公开构建里；"
         "客户和品牌的名称、代码、编号，每份记录的标题和工作号，也不出现在公开手册里（手册里的例子用“客户甲”这类中性说法）。"
         "公开构建完成后逐个文件检查，换一种写法也算：去掉软连字符、零宽字符等看不见的字符，全角半角（ＸＨ－２０２６）、"
         "大小写、电话和合同编号里的空格和横线都不影响；金额还查 1,250,000、1250000.00、125万 这些写法。"
         "检查只读得懂文字和图片（连同图片里的说明文字），所以公开手册不发布 Word/Excel/PPT、PDF、压缩包这类文件（见 SEC-HANDBOOK）。",
    why="客户资料和合同金额是客户托付给我们的秘密；泄露一次，失去的是整个客户。",
    fix="报错会说明是哪个文件、哪一类内容（如“客户联系人·电话”）、来自哪份记录的哪个字段，但不完整显示内容本身："
        "把手册里的这些文字改成中性的说法；需要保密的记录加上 `confidential: true`，公开构建（ARCHIVE_PUBLIC=1）会自动略去它们。")
