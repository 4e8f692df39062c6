"""The shared answers of the Python and the JS search (tests/golden/search_vectors.json): queries ->
terms -> the first ranked URLs, on the repository's sample site. Regenerate after changing the sample
archive, the handbook or the search rules:

    .venv/bin/python -m mkdocs build && .venv/bin/python tests/search_vectors.py site > tests/golden/search_vectors.json
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generators.site import searchengine, searchtext  # noqa: E402

GOLDEN = Path(__file__).parent / "golden" / "search_vectors.json"
LIMIT = 5
# Every query kind of the issue: job numbers in three spellings and typed part-way, a client's short
# name, a Chinese word from the middle of a title, three Chinese words, a person, a brand, mixed
# scripts, a single character, invisible and full-width characters, and queries that find nothing.
QUERIES = ["HXF-2026-0042", "hxf20260042", "HXF－2026－0042", "ＨＸＦ２０２６００４２", "HXF-2026-", "HXF-20", "hx",
           "华信食品", "华信", "肖像权", "冬日暖酪冬季新品电视广告", "冬季 新品 广告", "林晓岚", "华信鲜酪", "青山E行",
           "兰亭生活", "冬", "冬\u200b日暖酪", "华信食品 2026-W47", "2026-11-16", "e-mail", "café", "𠀀𠀁",
           "完全不存在的词语", "zzzzqqq", "   ", "HXF-2026-0042 不存在"]
FILTERED = [("广告", {"type": "job"}), ("周报", {"client": "huaxin-foods"}), ("", {"type": "job", "year": "2026"}),
            ("冬日", {"year": "2025"})]


def vectors(site_dir: Path) -> dict:
    index = searchengine.load(site_dir)
    out = []
    for q, filters in [(q, {}) for q in QUERIES] + FILTERED:
        r = searchengine.search(index, q, filters)
        out.append({"query": q, "filters": filters, "terms": searchtext.query_terms(q), "total": len(r.hits),
                    "urls": [index.url(d) for d, _ in r.hits[:LIMIT]]})
    return {"limit": LIMIT, "vectors": out}


if __name__ == "__main__":
    print(json.dumps(vectors(Path(sys.argv[1])), ensure_ascii=False, indent=1))
