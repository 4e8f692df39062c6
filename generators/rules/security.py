"""SEC-HTML: nothing in a record body that would run as script or load another page."""
from __future__ import annotations

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
