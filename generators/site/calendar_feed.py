"""Calendar feeds (iCalendar, RFC 5545): every open deadline as an all-day event, one feed per
member of staff (`calendar/<slug>.ics`) and one for the department (`calendar/all.ics`).

Events are exactly the items of the to-do (generators.rules.todo.agenda): what is overdue and what
falls due in the to-do window, with the deadlines the rules computed (action items, schedule
steps and deliveries, estimates awaiting signature, meeting reports to send or to get back,
client issues to answer, weekly, monthly and quarterly reports), so a feed and a to-do page
always hold the same items.
UIDs are hashes of what an event is (not of its date), so a moved deadline updates in place;
DTSTAMP is as_of, so the same archive always gives the same file.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from generators.site.render import url_of
from generators.archive.uris import Page, record_uri
from generators.archive.safeurl import inert_text
from generators.rules.todo import KINDS, Agenda, Deadline


def feed_url(ctx, uri: str) -> str:
    """The absolute address of a generated file on the site."""
    return ctx.settings.site_url.rstrip("/") + "/" + uri


def page_url(ctx, path: str) -> str:
    """The absolute address of a record's page."""
    return feed_url(ctx, url_of(record_uri(path)))


def calendar(ctx, name: str, items: list[Deadline], description: str = "") -> Calendar:
    """A VCALENDAR of all-day VEVENTs, one per deadline."""
    cal = _header(ctx, name, description)
    stamp, host = _stamp(ctx), _host(ctx)
    for d in items:
        cal.add_component(_event(ctx, d, stamp, host))
    return cal


def calendar_text(ctx, name: str, items: list[Deadline], description: str = "", events: dict | None = None) -> str:
    """`calendar(...).to_ical()` as text, each event serialised once: `events` (id of a deadline -> its
    VEVENT's bytes) is shared by the feeds of one build, where every person's items are also the department's."""
    events = {} if events is None else events
    stamp, host = _stamp(ctx), _host(ctx)
    head = _header(ctx, name, description).to_ical()
    end = b"END:VCALENDAR\r\n"
    if not head.endswith(end):  # a calendar's lines are its properties, then its components, then END
        return calendar(ctx, name, items, description).to_ical().decode("utf-8")
    body = []
    for d in items:
        ical = events.get(id(d))
        if ical is None:
            ical = events[id(d)] = _event_ical(ctx, d, stamp, host) or _event(ctx, d, stamp, host).to_ical()
        body.append(ical)
    return (head[: -len(end)] + b"".join(body) + end).decode("utf-8")


def _header(ctx, name: str, description: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//客户服务部档案//generators.site.calendar_feed//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", ctx.settings.timezone)
    if description:
        cal.add("x-wr-caldesc", description)
    return cal


def _stamp(ctx) -> datetime:
    return datetime.combine(ctx.as_of, time(0, 0), ctx.settings.tz).astimezone(timezone.utc)


def _host(ctx) -> str:
    return urlsplit(ctx.settings.site_url).hostname or "archive"


def _event(ctx, d: Deadline, stamp: datetime, host: str) -> Event:
    ev = Event()
    ev.add("uid", f"{d.uid}@{host}")
    ev.add("dtstamp", stamp)
    ev.add("dtstart", d.day)
    ev.add("dtend", d.day + timedelta(days=1))
    ev.add("summary", inert_text(f"【{KINDS.get(d.kind, d.kind)}】{'待催办：' if d.chase else ''}{d.summary}"))
    text = inert_text(d.detail)
    if d.path:
        url = page_url(ctx, d.path)
        ev.add("url", url)
        text += f"\n{url}"
    ev.add("description", text)
    ev.add("categories", [KINDS.get(d.kind, d.kind)])
    ev.add("transp", "TRANSPARENT")
    return ev


def feeds(ctx, todo: Agenda) -> list[Page]:
    """`calendar/all.ics` and `calendar/<slug>.ics` for everyone on the roster: the to-do items."""
    dept = ctx.settings.name

    def note(name: str | None) -> str:
        n, late = todo.count(name)
        return f"截至 {todo.as_of}：待办 {n} 项，其中已过期 {late} 项（已过期的，及 {todo.until} 前到期的）"

    events: dict[int, bytes] = {}  # the department's items, each serialised once for every feed it is in
    out = [Page("calendar/all.ics", calendar_text(ctx, f"{dept} 截止日期", todo.items, note(None), events))]
    for p in ctx.settings.staff:
        out.append(Page(f"calendar/{p.slug}.ics", calendar_text(ctx, f"{p.name} 的截止日期", todo.mine(p.name), note(p.name), events)))
    return out


# What `_event(...).to_ical()` writes, without icalendar's per-property objects (its output is the
# reference: tests/test_calendar_feed_fast.py compares the two on awkward text). Used for the plain cases
# only (a date, a UTC stamp, text values); anything else goes through icalendar.
def _event_ical(ctx, d: Deadline, stamp: datetime, host: str) -> bytes | None:
    day = d.day
    if (type(day) is not date or stamp.utcoffset() != timedelta(0) or stamp.microsecond
            or not all(isinstance(v, str) for v in (d.uid, d.kind, d.summary, d.detail, d.path or ""))):
        return None
    kind = KINDS.get(d.kind, d.kind)
    text = inert_text(d.detail)
    url = page_url(ctx, d.path) if d.path else None
    if url is not None:
        if "\n" in url or "\r" in url:
            return None
        text += f"\n{url}"
    end = day + timedelta(days=1)
    lines = [
        "BEGIN:VEVENT",
        "SUMMARY:" + _escape(inert_text(f"【{kind}】{'待催办：' if d.chase else ''}{d.summary}")),
        f"DTSTART;VALUE=DATE:{day.year:04d}{day.month:02d}{day.day:02d}",
        f"DTEND;VALUE=DATE:{end.year:04d}{end.month:02d}{end.day:02d}",
        "DTSTAMP:" + stamp.strftime("%Y%m%dT%H%M%SZ"),
        "UID:" + _escape(f"{d.uid}@{host}"),
        "CATEGORIES:" + _escape(kind),
        "DESCRIPTION:" + _escape(text),
        "TRANSP:TRANSPARENT",
    ]
    if url is not None:
        lines.append("URL:" + url)
    lines.append("END:VEVENT")
    return "".join(_fold(line) + "\r\n" for line in lines).encode("utf-8")


def _escape(text: str) -> str:
    """RFC 5545 TEXT escaping, in icalendar's order."""
    return (text.replace(r"\N", "\n").replace("\\", "\\\\").replace(";", r"\;").replace(",", r"\,")
            .replace("\r\n", r"\n").replace("\n", r"\n").replace("\r", r"\n"))


def _fold(line: str, limit: int = 75) -> str:
    """icalendar's folding: lines under 75 octets, never splitting after a lone backslash or caret."""
    if len(line.encode("utf-8")) < limit:
        return line
    folded, current, count = [], [], 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and count + size >= limit:
            if len(current) > 1 and current[-1] in "\\^":
                kept = current.pop()
                folded.append("".join(current))
                current, count = [kept], len(kept.encode("utf-8"))
            else:
                folded.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    if current:
        folded.append("".join(current))
    return "\r\n ".join(folded)
