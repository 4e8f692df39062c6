"""A job's estimates: the original and every supplementary or revised one.

A job bag records them as the list `estimates`; a job written before the list existed keeps its one
`estimate` mapping, read here as a list of one, so rules and pages ask one question."""
from __future__ import annotations

KIND_LABEL = {"original": "原始预估", "supplementary": "追加预估", "revised": "修订预估"}


def estimates(job) -> list[tuple[str, dict]]:
    """(field path, estimate) for every estimate of a job, in the order the record lists them:
    `estimates[i]` items when the list is given, else the single `estimate` mapping."""
    listed = job.data.get("estimates")
    if isinstance(listed, list) and listed:
        return [(f"estimates[{i}]", e) for i, e in enumerate(listed) if isinstance(e, dict)]
    single = job.data.get("estimate")
    return [("estimate", single)] if isinstance(single, dict) and single else []


def label(where: str, est: dict) -> str:
    """How a message names one estimate: 预估 for a lone one, else its kind and place (追加预估（第 2 份）)."""
    if where == "estimate":
        return "预估"
    n = int(where[len("estimates["):-1]) + 1
    return f"{KIND_LABEL.get(est.get('kind'), '预估')}（第 {n} 份）"
