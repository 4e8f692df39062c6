"""similarity() computes the documented measure (the cosine of `bigrams` counts) exactly, by arrays."""
import math
import pickle
import random

import pytest

from generators.archive import similarity as S


def spec(a: str, b: str) -> float:
    """The definition, one Python object per bigram (what WSR-NOCOPY's rule text describes)."""
    x, y = S.bigrams(a), S.bigrams(b)
    if not x or not y:
        return 0.0
    nx = math.sqrt(sum(v * v for v in x.values()))
    ny = math.sqrt(sum(v * v for v in y.values()))
    return sum(x[k] * y[k] for k in x.keys() & y.keys()) / (nx * ny)


CASES = [
    ("", ""), ("", "客户"), ("a", "a"), ("客", "客"), ("客", "户"), ("a", "客户"),
    ("24，36", "243，6"),  # runs split by punctuation stay two tokens: not the same bigram
    ("24天", "2 4天"), ("KPI 达成", "kpi 达成"),  # case matters, as in `tokens`
    ("abcdefghijklmnop 客户", "abcdefghijklmnoq 客户"),  # long runs
    ("㐀鿿豈﫿", "㐀鿿豈﫿"), ("\U0001F600客户\U0001F600", "客户"),  # the ends of the Han ranges; astral signs are dropped
    ("\ud800客户", "客户"), ("\uffff客户\uf0000", "客户"),  # a lone surrogate, a noncharacter, private use
    ("客户确认了冬日暖酪的终版并同意十二月一日首播", "客户确认了冬日暖酪的终版并同意十二月二日首播"),
    ("Ａ全角ｚ", "Ａ全角ｚ"),  # full-width letters are not Latin runs
]


@pytest.mark.parametrize("a,b", CASES)
def test_cases_equal_the_definition(a, b):
    S._SCORES.clear()
    assert S.similarity(a, b) == spec(a, b)


def test_random_texts_equal_the_definition():
    rng = random.Random(13)
    alphabet = list("客户确认了冬日暖酪的终版") + list("abXY019") + list("，。 -\n") + ["\ud800", "\U0001F600", "\ue000"]
    texts = ["".join(rng.choice(alphabet) if rng.random() < 0.8 else "abcdefgh"[:rng.randint(1, 8)]
                     for _ in range(rng.randint(0, 50))) for _ in range(600)]
    for i, a in enumerate(texts):
        for b in (texts[(i * 7 + 3) % len(texts)], a, a + "了"):
            S._SCORES.clear()
            assert S.similarity(a, b) == spec(a, b), (a, b)


def test_a_batch_equals_the_definition_pair_by_pair():
    rng = random.Random(7)
    texts = [f"第{i}周 KPI{i} 达成 report{i % 3} 客户" + "".join(rng.choice("客户确认了终版ab1，") for _ in range(rng.randint(0, 30)))
             for i in range(60)] + ["", "客", "a"]
    pairs = [(a, b) for a, b in zip(texts, texts[1:])] + [(texts[5], texts[5]), (texts[-1], texts[0])]
    S._SCORES.clear()
    assert S.similarities(pairs) == [spec(a, b) for a, b in pairs]


def test_a_batch_too_wide_for_its_keys_is_compared_in_halves(monkeypatch):
    # at 40 bits, a batch's numbers overflow once runs are numbered: the halves must give the same scores
    monkeypatch.setattr(S, "_KEY_BITS", 40)
    texts = [f"第{i}周 KPI{i} 达成 report{i % 3} 客户 x{i}y" for i in range(40)]
    calls = []
    batch = S._batch
    monkeypatch.setattr(S, "_batch", lambda pairs: calls.append(len(pairs)) or batch(pairs))
    pairs = list(zip(texts, texts[1:]))
    S._SCORES.clear()
    assert S.similarities(pairs) == [spec(a, b) for a, b in pairs]
    assert len(calls) > 1


def test_scores_are_kept_for_the_next_process_and_a_damaged_store_is_ignored(tmp_path, monkeypatch):
    store = tmp_path / "build" / "cache" / "similarity.pickle"
    pairs = [("本周完成了冬季新品的脚本", "本周完成了冬季新品的分镜"), ("客户确认了预算", "媒介排期还没有定")]
    want = [S.similarity(a, b) for a, b in pairs]
    monkeypatch.setattr(S, "_SCORES", {})
    monkeypatch.setattr(S, "_LOADED", set())
    assert S.similarities(pairs, store=store) == want and store.is_file()
    # a new process: nothing in memory, the scores read back, nothing compared again
    monkeypatch.setattr(S, "_SCORES", {})
    monkeypatch.setattr(S, "_LOADED", set())
    monkeypatch.setattr(S, "_batch", lambda pairs: pytest.fail("compared again"))
    assert S.similarities(pairs, store=store) == want
    # damaged, or from other code: ignored, the pairs compared again
    monkeypatch.undo()
    for damaged in (b"not a pickle", pickle.dumps(("other code", {})), pickle.dumps((S._VERSION, {("a", "b"): "0.5"}))):
        store.write_bytes(damaged)
        monkeypatch.setattr(S, "_SCORES", {})
        monkeypatch.setattr(S, "_LOADED", set())
        assert S.similarities(pairs, store=store) == want
