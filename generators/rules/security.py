"""SEC-HTML: nothing in a record body that would run as script or load another page; SEC-HANDBOOK: no
handbook file is a symbolic link (generators/archive/handbook.py)."""
from __future__ import annotations

from generators.archive.handbook import linked
from generators.rules.activehtml import find_active
from generators.rules.catalogue import ALL
from generators.rules.registry import rule


@rule("SEC-HTML", level="error", title="正文里没有会运行的 HTML 和危险链接", applies_to=ALL, source="appendix/yaml.md#body",
      asks="记录正文只用 Markdown 写：不写 `<script>`、`<iframe>`、`<svg>`、`<style>`、`<meta>` 这类会运行脚本或加载其他页面的 HTML 标签，"
           "不写 `onclick`、`onerror` 这类事件属性；链接和图片地址只能是网页（http:// 或 https://）、邮箱（mailto:）、电话（tel:）"
           "或档案里的文件。检查时先把字符引用（如 `&#58;`）解码、去掉空白和控制字符再看地址的协议，"
           "所以 `java&#115;cript:`、分成两行的 `java` `script:` 也算 javascript:。",
      why="档案网站在每位同事的浏览器里打开：正文里的一段脚本可以冒充本人读取、修改或外传客户的合同、联系人和报价。"
          "网站会删掉这些内容，但删掉之后页面就和作者写的不一样了，所以在提交前就要改正。",
      fix="按报错的行号找到那段 HTML 或链接：链接改成 `[文字](https://...)` 或档案里的文件名；图片写 `![说明](文件名.png)`；"
          "要展示一段代码或网址原文时，把它写成代码：一行之内的用反引号包起来，多行的放进代码块。")
def check_active_html(ctx):
    for r in ctx.archive.records:
        for a in find_active(r.body or ""):
            line = r.body_line + a.line - 1
            yield ctx.finding("SEC-HTML", r, "body",
                              f"正文第 {line} 行{a.what}。网站不会让它运行（会把它删掉或当作文字显示），页面因此和你写的不一样。",
                              a.fix, line=line)


@rule("SEC-HANDBOOK", level="error", title="手册文件是手册里的普通文件", applies_to=("content/",), source="appendix/git-problems.md",
      asks="手册文件夹 content/ 里的每个文件和文件夹都是普通文件，不是符号链接，也不指向 content/ 之外。"
           "公开手册（ARCHIVE_PUBLIC=1）只发布保密检查读得懂的文件类型：文字文件（.md .css .svg .txt .csv .js）"
           "和图片（.png .jpg .jpeg .gif .webp，连同图片里的说明文字一起检查）；Word/Excel/PPT、PDF、压缩包和其他文件不发布。",
      why="网站生成程序会顺着符号链接把它指向的文件复制进网站：一个指向 /etc/passwd 或别的文件夹的链接，"
          "会把构建电脑上的文件发布到内部网站和公开网站。保密检查只能读文字，看不到 Word、PDF、压缩包里面写了哪个客户，"
          "所以公开手册宁可不发布这些文件。",
      fix="把符号链接换成文件本身（删掉链接，把需要的文件复制进 content/ 再 `git add`）；"
          "公开手册要用的 Word、PDF 内容，写进 Markdown 页面或导出为图片。构建网站时，这些文件一律不复制并报错。")
def check_handbook_files(ctx):
    for problem in linked(ctx.settings.root):
        yield ctx.finding("SEC-HANDBOOK", problem.path, "", problem.message, problem.fix)
