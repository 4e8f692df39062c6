"""Memo and fax rules: a reply asked for by a date is chased, and artwork does not go by fax."""
from __future__ import annotations

from datetime import date

from generators.rules.common import Deadline, dated
from generators.rules.registry import deadlines_of, rule

ARTWORK = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".pdf", ".ai", ".psd")


@rule("MEM-REPLY", level="warning", title="要求回复的备忘录到期前收到回复", applies_to=("memo",),
      source="documents/meeting-documents.md#memo-record",
      asks="备忘录、传真或信件写了回复期限 `reply_by` 的，期限过后要有客户回复的日期 `replied_at`。",
      why="要客户回复的事多半卡着后面的进度：过了期限没有回音，要主动打电话追，而不是等。",
      fix="打电话跟进，拿到回复后填 `replied_at`；客户改了期限的，把 reply_by 改成新的日期，并在正文记一笔。",
      threshold="今天晚于 reply_by 且没有 replied_at")
def check_reply(ctx):
    for d, memo in _awaiting(ctx):
        if ctx.as_of > d.day:
            yield dated(ctx, ctx.finding("MEM-REPLY", memo, "reply_by",
                                         f"“{memo.title}”要求 {d.day} 前回复，到今天（{ctx.as_of}）还没有客户回复的日期。",
                                         "今天打电话跟进；收到回复后写上 `replied_at: 回复日期`。",
                                         evidence=f"今天按 {ctx.as_of} 计"), d.day, d.day)


def _awaiting(ctx):
    """Memos whose reply is asked for by a date and not yet received, with that deadline: the client
    must reply, so the client's AEs and AM chase it (no `people`: the to-do gives it to the client's team)."""
    for memo in ctx.archive.of_type("memo"):
        due, replied = memo.data.get("reply_by"), memo.data.get("replied_at")
        if isinstance(due, date) and replied is None:
            yield Deadline("MEM-REPLY", "reply", due, f"待客户回复：{memo.title}", memo.client, memo.path, "reply_by",
                           chase=True, detail=f"{memo.schema.label}，{memo.data.get('date')} 由 {memo.data.get('from')} 发出",
                           key=f"reply|{memo.path}"), memo


@deadlines_of("MEM-REPLY")
def open_replies(ctx):
    """Replies asked for by memos, faxes and letters and not yet received, due on their `reply_by`."""
    return (d for d, _memo in _awaiting(ctx))


@rule("MEM-FAX-ART", level="warning", title="草图和设计稿不用传真发送", applies_to=("memo",),
      source="documents/meeting-documents.md#memo-record",
      asks="传真（`kind: fax`）的附件 `files` 里不应有草图、设计稿之类的图像文件（svg、png、jpg、pdf、ai、psd 等）；"
           "期限迫近确实要先传真的，在 `artwork_reason` 写明原因和正稿亲手送到的日期。",
      why="传真出来的作品失真、变色，客户会按走样的稿子做判断；作品要尽量当面交接。",
      fix="把作品改为当面送交或按公司规定的方式发送；确实来不及的，写上 artwork_reason。",
      threshold="传真附件含图像文件且没有 artwork_reason")
def check_fax_artwork(ctx):
    for memo in ctx.archive.of_type("memo"):
        if memo.data.get("kind") != "fax" or memo.data.get("artwork_reason"):
            continue
        for i, name in enumerate(memo.data.get("files") or []):
            if str(name).lower().endswith(ARTWORK):
                yield ctx.finding("MEM-FAX-ART", memo, f"files[{i}]", f"传真附上了作品文件 {name}：草图和设计稿不用传真发送。",
                                  "改为当面送交；期限迫近确实要先传真的，写上 `artwork_reason: 原因和正稿送到的日期`。")
