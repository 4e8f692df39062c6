"""RET-FIND's answers kept from the last build (build/ret-find.json), so that a one-record change searches
again only for the queries whose answer can have changed.

A query's answer (where the page comes, and which pages come before it) depends only on the postings of
the query's terms (their documents and impacts; the idf follows from their number) and on the documents'
addresses. So an answer is kept under a hash of: the query, the page, the place it must reach and how
its kind is named, the code that searches and words the message, every document's address in number
order, and each of the query's terms' postings. Editing a record's text changes the postings of that
record's terms only: the queries using one of them are searched again, every other answer is the last
build's. Adding or removing a document renumbers the ones after it, so every query is searched again.
The file is plain data (no pickle), read only when build/ is this machine's own (buildcache)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generators.archive import buildcache
from generators.site import searchengine, searchindex, searchtext

FILE = "ret-find.json"
_CODE = hashlib.sha256(b"".join(Path(m.__file__).read_bytes() for m in (searchengine, searchindex, searchtext))
                       + Path(__file__).with_name("ret_find.py").read_bytes() + Path(__file__).read_bytes()).hexdigest()


class Answers:
    """The kept answers of one build's RET-FIND over `index` (an in-memory searchindex.Index; for any
    other index nothing is kept and every query is searched)."""

    def __init__(self, root: Path | None, index):
        self.path = Path(root) / "build" / FILE if root is not None else None
        self.index = index
        self.searched = 0  # queries searched this build (the others were answered from the file)
        self._old: dict[str, str | None] = {}
        self._new: dict[str, str | None] = {}
        self._terms: dict[str, str] = {}
        docs = getattr(index, "docs", None)
        self.enabled = self.path is not None and isinstance(getattr(index, "postings", None), dict) and docs is not None
        if not self.enabled:
            return
        h = hashlib.sha256(_CODE.encode())
        for d in docs:
            h.update(d.url.encode("utf-8", "surrogatepass") + b"\x00")
        self._base = h.hexdigest()
        self._old = self._read()

    def _read(self) -> dict:
        if not self.path.is_file() or not buildcache.readable(self.path):
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("base") != self._base or not isinstance(data.get("answers"), dict):
            return {}
        return {k: v for k, v in data["answers"].items() if isinstance(k, str) and (v is None or isinstance(v, str))}

    def _postings(self, term: str) -> str:
        if term not in self._terms:
            p = self.index.postings.get(term)
            if p is None:
                self._terms[term] = "-"
            else:
                docs, impacts = p
                h = hashlib.blake2b(digest_size=16)
                h.update(f"{docs.typecode}{impacts.typecode}{len(docs)}:".encode())
                h.update(docs.tobytes())
                h.update(impacts.tobytes())
                self._terms[term] = h.hexdigest()
        return self._terms[term]

    def key(self, page: str, query: str, need: int, top: int, label: str) -> str | None:
        """The answer's key, or None when nothing is kept."""
        if not self.enabled:
            return None
        h = hashlib.sha256(self._base.encode())
        for part in (page, query, str(need), str(top), label):
            h.update(part.encode("utf-8", "surrogatepass") + b"\x00")
        for t in searchtext.query_terms(query):
            h.update(t["term"].encode("utf-8", "surrogatepass") + b"\x01" + self._postings(t["term"]).encode())
        return h.hexdigest()

    def get(self, key: str | None):
        """(True, message or None) for a kept answer, else (False, None)."""
        if key is None or key not in self._old:
            return False, None
        self._new[key] = self._old[key]
        return True, self._old[key]

    def put(self, key: str | None, message: str | None) -> None:
        self.searched += 1
        if key is not None:
            self._new[key] = message

    def save(self) -> None:
        """Keep this build's answers (only these: the file never grows beyond one build's queries)."""
        if not self.enabled:
            return
        try:
            buildcache.write(self.path, json.dumps({"base": self._base, "answers": self._new},
                                                   ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        except OSError:
            pass  # only speed is lost
