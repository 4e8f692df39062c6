"""The search index and its files kept from the last build, updated by what changed: the postings of the
terms of changed, added and removed documents, and only the shards whose bytes changed are encoded and
written. The files are the very bytes `searchindex.write` writes for `searchindex.build_index` of the same
documents (tests/test_searchfiles.py): scoring is per document and per term (impact from the document
alone, idf from the term's df alone), and numbering is the documents' order, so an unchanged document keeps
its postings, only moved by the documents added or removed before it.

The finished files live in build/search-site/ (MkDocs empties site/ on each build) and are hard-linked
(else copied) into site/search/. The state is kept in memory across `mkdocs serve` rebuilds and in
build/search-cache/index.pickle for a new process.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from array import array
from pathlib import Path

from generators.archive import buildcache
from generators.site import searchindex, searchtext
from generators.site.searchindex import Index, SearchDoc, _dumps, doc_terms, encode, fnv1a, idf

STATE = "index.pickle"
_CODE_KEY = hashlib.sha256(Path(searchindex.__file__).read_bytes() + Path(searchtext.__file__).read_bytes()
                           + Path(__file__).read_bytes()).hexdigest()
_MEMORY: dict[str, "State"] = {}
LAST = {"mode": "", "written": 0}  # what the last `write_index` did: "update" or "cold", files written


def _row(d: SearchDoc) -> list:
    return [d.url, d.title, d.kind, d.client, d.date, d.excerpt]


def _entry_bytes(term: str, entry: list) -> int:
    return len(term.encode()) + len(entry[2]) + 16  # as `searchindex.write` sizes the index


class State:
    """One build's index and its encoded files."""

    def __init__(self):
        self.key = _CODE_KEY
        self.docs: list[SearchDoc] = []
        self.hashes: list[str] = []
        self.postings: dict[str, tuple[array, array]] = {}
        self.encoded: dict[str, list] = {}
        self.total = 0
        self.shards = 0
        self.buckets: list[set[str]] = []
        self.tbytes: list[bytes] = []
        self.dbytes: list[bytes] = []
        self.rows: list[list] = []
        self.manifest_bytes = b""  # the manifest of the files this state last wrote

    def __getstate__(self) -> dict:
        # The postings as three flat arrays: pickling a pair of arrays per term is most of the time of saving.
        # The documents are not pickled: what a kept state needs of them is in its doc shards (dbytes) and
        # three filter keys each, and the terms of a document that goes are found in the postings.
        state = dict(self.__dict__)
        terms = list(self.postings)
        ends, docs, imps = array("q"), array("i"), array("i")
        for t in terms:
            d, i = self.postings[t]
            docs.extend(d)
            imps.extend(i)
            ends.append(len(docs))
        state["postings"] = (terms, ends, docs, imps)
        state["docs"] = [(d.type_key, d.client_id, d.year) for d in self.docs]
        del state["rows"], state["buckets"]
        return state

    def __setstate__(self, state: dict) -> None:
        terms, ends, docs, imps = state["postings"]
        postings, start = {}, 0
        for t, end in zip(terms, ends):
            postings[t] = (docs[start:end], imps[start:end])
            start = end
        keys = state["docs"]
        self.__dict__.update(state, postings=postings)
        self.rows = [row for data in self.dbytes for row in json.loads(data)]
        self.docs = [SearchDoc(url=r[0], title=r[1], kind=r[2], client=r[3], date=r[4], excerpt=r[5],
                               type_key=k[0], client_id=k[1], year=k[2]) for r, k in zip(self.rows, keys)]
        self.buckets = [set() for _ in range(self.shards)]
        for t in self.encoded:
            self.buckets[fnv1a(t) % self.shards].add(t)

    # --- from scratch -----------------------------------------------------------------------
    def cold(self, docs: list[SearchDoc], terms_of) -> set[str]:
        """Everything from `docs`; returns the names of the files written (all)."""
        self.docs, self.hashes = list(docs), [d.content_hash() for d in docs]
        self.postings = searchindex.build_index(docs, _Terms(terms_of)).postings
        self.encoded = {t: [idf(len(p[0])), len(p[0]), encode(p[0], p[1])] for t, p in self.postings.items()}
        self.total = sum(_entry_bytes(t, v) for t, v in self.encoded.items())
        self._rebucket()
        self.rows = [_row(d) for d in self.docs]
        self.dbytes = [_dumps(self.rows[k:k + searchindex.DOCS_PER_SHARD])
                       for k in range(0, len(self.rows), searchindex.DOCS_PER_SHARD)]
        return {f"t/{k}.json" for k in range(self.shards)} | {f"d/{k}.json" for k in range(len(self.dbytes))}

    def _rebucket(self) -> None:
        self.shards = searchindex.shard_count(self.total)
        self.buckets = [set() for _ in range(self.shards)]
        for t in self.encoded:
            self.buckets[fnv1a(t) % self.shards].add(t)
        self.tbytes = [self._shard(k) for k in range(self.shards)]

    def _shard(self, k: int) -> bytes:
        return _dumps({t: self.encoded[t] for t in sorted(self.buckets[k])})

    # --- by change ----------------------------------------------------------------------------
    def update(self, docs: list[SearchDoc], terms_of) -> set[str]:
        """The index of `docs` from this one, touching only what changed; returns the files that changed."""
        hashes = [d.content_hash() for d in docs]
        old_at = {d.url: i for i, d in enumerate(self.docs)}
        n_old = len(self.docs)
        move = array("i", [-1]) * n_old  # old number -> new number of a document whose terms are unchanged
        added: list[int] = []
        for i, (d, h) in enumerate(zip(docs, hashes)):
            j = old_at.get(d.url)
            if j is not None and self.hashes[j] == h and move[j] == -1:
                move[j] = i
            else:
                added.append(i)
        gone = [j for j in range(n_old) if move[j] == -1]
        kept = [m for m in move if m != -1]
        if any(b <= a for a, b in zip(kept, kept[1:])):
            raise ValueError("unchanged documents reordered")  # not with `order_docs`: start from scratch
        renumbered = any(move[j] != j for j in range(n_old) if move[j] != -1) or len(docs) != n_old
        # terms of the documents that went (old numbers: found in the postings, a kept state has no
        # documents' text) and came (new numbers)
        leave: set[str] = set()
        if gone:
            went = set(gone)
            leave = {t for t, (ds, _) in self.postings.items() if not went.isdisjoint(ds)}
        come: dict[str, list[tuple[int, int]]] = {}
        for i in added:
            for t, imp in terms_of(docs[i]).items():
                come.setdefault(t, []).append((i, imp))
        touched = set(leave) | set(come)
        postings = self.postings
        changed: set[str] = set()
        if renumbered:
            for t, (ds, imps) in postings.items():
                if t in touched:
                    continue
                nd = array("i", [move[x] for x in ds])
                if nd != ds:
                    postings[t] = (nd, imps)
                    changed.add(t)
        for t in touched:
            old = postings.get(t)
            pairs = [(move[x], imp) for x, imp in zip(*old) if move[x] != -1] if old else []
            pairs += come.get(t, [])
            pairs.sort()
            if pairs:
                new = (array("i", [p[0] for p in pairs]), array("i", [p[1] for p in pairs]))
                if old is None or new != old:
                    postings[t] = new
                    changed.add(t)
            elif old is not None:
                del postings[t]
                changed.add(t)
        self.docs, self.hashes = list(docs), hashes
        return self._reencode(changed)

    def _reencode(self, changed: set[str]) -> set[str]:
        dirty: set[int] = set()
        for t in changed:
            old = self.encoded.pop(t, None)
            if old is not None:
                self.total -= _entry_bytes(t, old)
            p = self.postings.get(t)
            if p is not None:
                e = self.encoded[t] = [idf(len(p[0])), len(p[0]), encode(p[0], p[1])]
                self.total += _entry_bytes(t, e)
        out: set[str] = set()
        if searchindex.shard_count(self.total) != self.shards:
            old_t = self.tbytes
            self._rebucket()
            out |= {f"t/{k}" for k in range(self.shards) if k >= len(old_t) or old_t[k] != self.tbytes[k]}
        else:
            for t in changed:
                k = fnv1a(t) % self.shards
                if t in self.encoded:
                    self.buckets[k].add(t)
                else:
                    self.buckets[k].discard(t)
                dirty.add(k)
            for k in dirty:
                data = self._shard(k)
                if data != self.tbytes[k]:
                    self.tbytes[k] = data
                    out.add(f"t/{k}")
        rows = [_row(d) for d in self.docs]
        per = searchindex.DOCS_PER_SHARD
        dbytes = []
        for n, k in enumerate(range(0, len(rows), per)):
            if n < len(self.dbytes) and rows[k:k + per] == self.rows[k:k + per]:
                dbytes.append(self.dbytes[n])
            else:
                dbytes.append(_dumps(rows[k:k + per]))
                out.add(f"d/{n}")
        self.rows, self.dbytes = rows, dbytes
        return {f"{name}.json" for name in out}

    def index(self) -> Index:
        return Index(self.docs, self.postings)

    def manifest(self, types: dict[str, str], clients: dict[str, str]) -> dict:
        """The manifest `searchindex.write` writes for this index."""
        digest = hashlib.sha256()
        for data in self.tbytes + self.dbytes:
            digest.update(data)
        years = sorted({d.year for d in self.docs if d.year}, reverse=True)
        used_types = {d.type_key for d in self.docs}
        used_clients = {d.client_id for d in self.docs}
        return {"format": searchindex.FORMAT, "version": digest.hexdigest()[:16], "docs": len(self.docs),
                "shards": self.shards, "docs_per_shard": searchindex.DOCS_PER_SHARD,
                "types": [[k, v] for k, v in types.items() if k in used_types],
                "clients": [[k, v] for k, v in sorted(clients.items(), key=lambda kv: kv[1]) if k in used_clients],
                "years": years}


class _Terms:
    """`terms_of` in the shape `searchindex.build_index` takes a cache."""

    def __init__(self, terms_of):
        self.terms = terms_of


def write_index(docs: list[SearchDoc], out_dir: Path, cache_dir: Path | None, site_folder: Path,
                types: dict[str, str], clients: dict[str, str]) -> Index:
    """The index of `docs` (in number order) as files in `out_dir` (build/search-site/), updated from the
    last build's when there is one, then placed into `site_folder` (site/search/). Returns the index."""
    state = _load(cache_dir)
    # Terms are made again for the few documents that changed, not kept: a year's term lists held from one
    # build to the next cost more memory than the whole index.
    terms = doc_terms
    written, LAST["mode"] = None, "update"
    if state is not None and _files_ok(out_dir, state):
        try:
            written = state.update(docs, terms)
        except Exception:  # a kept state that does not fit this code: start again from scratch
            written = None
    if written is None:
        state, LAST["mode"] = State(), "cold"
        written = state.cold(docs, terms)
    LAST["written"] = len(written)
    manifest = state.manifest_bytes = _dumps(state.manifest(types, clients))
    _write_files(out_dir, state, written, manifest)
    _place(out_dir, site_folder)
    _save(state, cache_dir, bool(written))
    searchindex.forget_hashes(state.docs)
    return state.index()


def _load(cache_dir: Path | None) -> State | None:
    state = _MEMORY.get(str(cache_dir))
    if state is None and cache_dir is not None:
        try:
            if not buildcache.readable(cache_dir / STATE):
                raise OSError("build/ came with the repository")
            with open(cache_dir / STATE, "rb") as fh:
                state = pickle.load(fh)  # build/ is this project's own cache, written by `_save`
        except Exception:  # missing, partial or from other code: a cold build
            state = None
    _MEMORY.clear()  # the state is changed in place: a failed build must not leave it half-updated
    return state if isinstance(state, State) and getattr(state, "key", None) == _CODE_KEY else None


def _files_ok(out_dir: Path, state: State) -> bool:
    """The files of the kept state are all there and its own (another build may have written them since):
    else they are written again from scratch."""
    try:
        return (out_dir / "manifest.json").read_bytes() == getattr(state, "manifest_bytes", None) and \
            len(os.listdir(out_dir / "t")) == state.shards and len(os.listdir(out_dir / "d")) == len(state.dbytes)
    except OSError:
        return False


def _write_files(out_dir: Path, state: State, written: set[str], manifest: bytes) -> None:
    for sub in ("t", "d"):
        (out_dir / sub).mkdir(parents=True, exist_ok=True)
    for name in sorted(written):
        sub, k = name.split("/")
        data = (state.tbytes if sub == "t" else state.dbytes)[int(k.split(".")[0])]
        buildcache.write(out_dir / name, data)
    for sub, count in (("t", state.shards), ("d", len(state.dbytes))):
        for p in (out_dir / sub).iterdir():
            stem = p.name.split(".")[0]
            if not (p.suffix == ".json" and stem.isdigit() and int(stem) < count and str(int(stem)) == stem):
                p.unlink(missing_ok=True)
    path = out_dir / "manifest.json"
    if not path.is_file() or path.read_bytes() != manifest:
        buildcache.write(path, manifest)


def _place(out_dir: Path, site_folder: Path) -> None:
    """Hard-link (else copy) the finished files into the site."""
    for sub in ("t", "d"):
        dest = site_folder / sub
        if dest.is_dir():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        for p in (out_dir / sub).iterdir():
            _link(p, dest / p.name)
    target = site_folder / "manifest.json"
    target.unlink(missing_ok=True)
    _link(out_dir / "manifest.json", target)


def _link(src: Path, dest: Path) -> None:
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)


def _save(state: State, cache_dir: Path | None, changed: bool) -> None:
    _MEMORY.clear()
    _MEMORY[str(cache_dir)] = state
    if cache_dir is None or not changed:
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache_dir / f"{STATE}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache_dir / STATE)
    except OSError:
        pass  # a read-only build/ only costs time
