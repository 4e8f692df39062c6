"""RET-FIND timed on its own, for the bench when the build log does not report its seconds:
`python -m generators.bench.measure find ROOT` over the site the build left in ROOT/site
(the build runs the same check in its hook). Prints JSON."""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def phase_find(root: Path) -> dict:
    """RET-FIND alone over the site the build phase left."""
    from generators.site.build import generate
    from generators.site.built import Built
    from generators.site.ret_find import check_built
    gen = generate(root)
    start = time.perf_counter()
    found = check_built(Built(gen.settings, root / "site", gen.records, archive=gen.archive))
    return {"ret_find_seconds": round(time.perf_counter() - start, 2), "ret_find_warnings": len(found)}


PHASES = {"find": phase_find}


def main(name: str, root: str) -> None:
    start = time.perf_counter()
    result = PHASES[name](Path(root))
    result["seconds"] = round(time.perf_counter() - start, 2)
    result["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
