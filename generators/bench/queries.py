"""The bench's search queries, picked from the synthetic archive's own records: one of each kind
the issue names, with the record pages that count as the right answer."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from generators.archive.uris import record_uri
from generators.bench.synthetic import Entry, Synthetic

FULL_WIDTH_DASH = "\uff0d"  # －


@dataclass(frozen=True)
class Query:
    """One query the bench types: its kind, the text, the pages that answer it, and how high one must rank."""

    kind: str  # e.g. "job number", "title word"
    text: str
    expected: tuple[str, ...]  # site paths (e.g. archive/client-000/jobs/AAA-2026-0003/) of right answers
    top: int  # 1: the record first (id queries); 3: among the first three (title queries)


def page_path(record_path: str) -> str:
    """`clients/x/jobs/A/job.md` -> `archive/x/jobs/A/` (the page's address with directory URLs)."""
    uri = record_uri(record_path)
    if uri.endswith("/index.md"):
        return uri[: -len("index.md")]
    return uri[: -len(".md")] + "/"


def _middle(entry: Entry) -> tuple[str, ...]:
    return entry.words[1:-1]


def pick(syn: Synthetic, sample_text: str = "") -> list[Query]:
    """One query of each kind, chosen so that a good engine can answer it (a rare title word, a
    three-word combination only one title has), deterministic for a given archive. `sample_text`: the
    sample archive's text (it is in the bench's site too): a person it names is not picked, since its
    own pages about that person rightly come before the synthetic ones."""
    jobs = [e for e in syn.entries if e.type == "job"]
    clients = [e for e in syn.entries if e.type == "client"]
    brands = [e for e in syn.entries if e.type == "brand"]
    titled = [e for e in syn.entries if e.words]
    out: list[Query] = []
    if jobs:
        job = jobs[len(jobs) // 2]
        at = (page_path(job.path),)
        out += [Query("job number", job.job_no, at, 1),
                Query("job number without dashes", job.job_no.replace("-", "").lower(), at, 1),
                Query("job number, full-width dashes", job.job_no.replace("-", FULL_WIDTH_DASH), at, 1)]
    if clients:
        client = clients[len(clients) // 2]
        out.append(Query("client short name", client.name, (page_path(client.path),), 3))
    df = Counter(w for e in titled for w in set(e.words))
    middle = [(df[w], len(syn.entries) - i, w, e) for i, e in enumerate(titled) for w in _middle(e) if len(w) >= 2]
    if middle:
        _, _, word, _ = min(middle)
        out.append(Query("Chinese word from a title's middle", word,
                         tuple(page_path(e.path) for e in titled if word in e.words), 3))
    three = _three_words(titled)
    if three:
        out.append(three)
    people = Counter(p for e in syn.entries for p in set(e.people) if p not in sample_text)
    if people:
        person = min(people, key=lambda p: (people[p], p))
        out.append(Query("person's name", person, tuple(page_path(e.path) for e in syn.entries if person in e.people), 3))
    if brands:
        brand = brands[len(brands) // 2]
        out.append(Query("brand", brand.name, (page_path(brand.path),), 3))
    return out


def _three_words(titled: list[Entry]) -> Query | None:
    """Three words of one title that no other title has all of, typed with spaces between them."""
    sets = [set(e.words) for e in titled]
    for entry in (titled[len(titled) // 3:] + titled[: len(titled) // 3])[:200]:
        words = _middle(entry)[:3] if len(_middle(entry)) >= 3 else entry.words[:3]
        if len(words) < 3:
            continue
        holders = [t for t, s in zip(titled, sets) if s.issuperset(words)]
        if len(holders) <= 3:
            return Query("three-word Chinese query", " ".join(words), tuple(page_path(e.path) for e in holders), 3)
    return None
