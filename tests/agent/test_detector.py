"""The complaint detector: shipped weights, its score on the dev set it never trained on, and the policy
that decides what themes and costs use."""

from __future__ import annotations

import csv
import math
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from agent import cues as cx
from agent import detector as dt
from agent import selection as sel
from agent.cues import NAMES
from core.hygiene import clean
from core.settings import Settings
from core.store import Store

REPO_ROOT = Path(__file__).resolve().parents[2]
DEV = REPO_ROOT / "tests" / "data" / "complaints_dev.csv"
# held out from training and dev; no choice (threshold, weights) reads it
TEST = REPO_ROOT / "tests" / "data" / "complaints_test.csv"
TEST_F1 = 0.776  # the shipped model's F1 on TEST, measured once at its threshold (docs/benchmarks.md)


@pytest.fixture(scope="module")
def embed(tmp_path_factory):
    store = Store(Settings(_env_file=None, workspace=tmp_path_factory.mktemp("det") / "ws"))
    return store.embedder.embed, store.embedder.name


def _verdicts(embed, texts: list[str]) -> list[dt.Verdict]:
    fn, family = embed
    det = dt.load()
    assert det is not None and det.fits(family, 384)
    return det.verdicts(np.asarray(fn(texts)), texts)


def test_shipped_model_is_small_numbers_only():
    assert dt.MODEL_PATH.stat().st_size < 300_000
    with zipfile.ZipFile(dt.MODEL_PATH) as z:
        assert all(n.endswith(".npy") for n in z.namelist())
    det = dt.load()  # np.load(allow_pickle=False): an object array would raise
    assert det is not None and det.weights.shape == (len(dt.KINDS), det.dim + len(NAMES))


@pytest.fixture(scope="module")
def index(shared_data):
    if str(REPO_ROOT / "bench") not in sys.path:  # appended: bench/ingest.py must never shadow the ingest package
        sys.path.append(str(REPO_ROOT / "bench"))
    import weak_labels as wl

    return wl.by_key(shared_data)


def _labelled(index, embed, path: Path):
    with path.open() as f:
        rows = list(csv.DictReader(f))
    examples = [index[r["key"]] for r in rows]
    assert [e.kind for e in examples] == [r["kind"] for r in rows]  # the keys still name the same rows
    return examples, _verdicts(embed, [e.text for e in examples])


@pytest.fixture(scope="module")
def dev(index, embed):
    return _labelled(index, embed, DEV)


def _f1(examples, verdicts) -> tuple[float, float, float]:
    policy = dt.Policy()
    sel_ = [policy.selects(v) for v in verdicts]
    tp = sum(s and e.problem for s, e in zip(sel_, examples, strict=True))
    p = tp / max(1, sum(sel_))
    r = tp / max(1, sum(e.problem for e in examples))
    return p, r, 2 * p * r / max(1e-9, p + r)


def test_dev_set_f1_at_least_0_8(dev):
    p, r, f1 = _f1(*dev)
    assert f1 >= 0.8, (p, r)


def test_held_out_test_set(index, embed):
    """The clean number (docs/benchmarks.md, "Complaint detector"): rows disjoint from training and dev, chosen
    after the threshold was fixed and measured once at it. The bound is the recorded F1 less 0.02 (int8
    vectors vary by a few rows)."""
    examples, verdicts = _labelled(index, embed, TEST)
    assert not {e.key for e in examples} & {r["key"] for r in csv.DictReader(DEV.open())}
    p, r, f1 = _f1(examples, verdicts)
    assert f1 >= TEST_F1 - 0.02, (p, r, f1)


@pytest.mark.parametrize(("kind", "most"), [("praise", 0.1), ("question", 0.2), ("other", 0.15)])
def test_dev_praise_and_questions_are_not_selected(dev, kind, most):
    examples, verdicts = dev
    picked = [dt.Policy().selects(v) for e, v in zip(examples, verdicts, strict=True) if e.kind == kind]
    assert picked and sum(picked) / len(picked) <= most


def test_unseen_tweets_kinds(embed):
    """Short tweets of the kind the issue measured: none of them are in the training sources."""
    texts = {
        "@Brand love my new phone, best purchase this year!": False,
        "Can I return online purchases in store? @Brand": False,
        "@Brand thank you so much for the quick help today": False,
        "@Brand why was I charged twice for the same ticket?": True,
        "@Brand your app keeps crashing since the update, useless": True,
    }
    vs = _verdicts(embed, list(texts))
    got = {t: dt.Policy().selects(v) for t, v in zip(texts, vs, strict=True)}
    assert got == texts, vs
    assert vs[3].kind == "question"  # asked, and reports a problem: selected
    assert vs[1].kind in (
        "question",
        "request",
    )  # "can I return…?": banking77's "request" kind covers such asks
    assert vs[0].kind == "praise"


def test_unseen_tweet_order_not_arrived(embed):
    """Was a known miss (0.35, kind request) until review sentences joined the training; still no tweets there."""
    text = "@Brand my order never arrived and nobody answers the chat https://t.co/x1"
    assert dt.Policy().selects(_verdicts(embed, [text])[0])


def test_policy_is_configurable():
    praise = dt.Verdict("praise", 0.05)
    assert not dt.Policy().selects(praise)
    assert dt.Policy.parse("praise").selects(praise)
    assert not dt.Policy.parse("complaint,question", question_score=0.9).selects(dt.Verdict("question", 0.8))
    with pytest.raises(ValueError, match="unknown passage kind"):
        dt.Policy.parse("complaint,rant")
    assert sel.policy_from(Settings(_env_file=None, complaint_kinds="complaint")).kinds == {"complaint"}


def test_other_vector_families_fall_back_to_the_lexicon():
    chunks = [
        {"record_id": "a", "kind": "ticket", "text": "the export is broken again and support never replied"},
        {"record_id": "b", "kind": "ticket", "text": "thanks, all good now"},
    ]
    out = sel.select(chunks, np.ones((2, 1536), dtype=np.float32), "openai:text-embedding-3-small")
    assert not out.detector and out.keep == [True, False]


def test_ratings_decide_where_they_are_clear(embed):
    fn, family = embed
    texts = ["Absolutely love it, fits perfectly.", "Absolutely love it, fits perfectly."]
    chunks = [
        {"record_id": "a", "kind": "review", "text": texts[0], "rating": 1.0},
        {"record_id": "b", "kind": "review", "text": texts[1], "rating": 5.0},
    ]
    out = sel.select(chunks, np.asarray(fn(texts)), family)
    assert out.detector and out.keep == [True, False]
    assert set(out.per_record(chunks)) == {"a", "b"}


def test_themes_export_gives_each_record_its_kind_and_score(tweets_ws, tmp_path):
    from agent.themes_run import assignments, run_themes
    from ui.exports import write_csv

    settings, recs = tweets_ws
    out = tmp_path / "assign.csv"
    write_csv(out, *assignments(run_themes(settings, k=3).analysis))  # what `themes --export` writes
    rows = list(csv.DictReader(out.open()))
    assert {r["record_id"] for r in rows} == {r.id for r in recs}
    assert all(r["kind"] in dt.KINDS and 0 <= float(r["score"]) <= 1 for r in rows)
    assert {r["kind"] for r in rows} >= {"complaint", "question"}
    themed = [r for r in rows if r["theme_id"] != "-1"]
    assert themed and all(r["kind"] in ("complaint", "question") for r in themed)
    assert len(themed) < len(rows)  # brand replies and thanks are not complaints


def _reference_cue_row(text: str) -> list[float]:
    """agent/cues.py's cue_row as first written (71b760a), kept here as the reference for the fast path."""
    t = clean(text)
    low = t.lower()
    words = cx._WORD.findall(low)
    n = max(1, len(words))
    norm = max(2.0, math.sqrt(n))
    return [
        sum(w in cx.PROBLEM for w in words) / norm,
        sum(w in cx.PRAISE for w in words) / norm,
        float(any(w in cx.THANKS for w in words)),
        min(3, len(cx._REQUEST.findall(low))) / 3,
        float("?" in t),
        float(bool(cx._ASK_START.match(t))),
        float("!" in t),
        math.log1p(n) / 5,
        sum(w in cx._NEGATION or w.endswith("n't") for w in words) / norm,
    ]


def _reference_verdicts(det: dt.Detector, vectors: np.ndarray, texts: list[str]) -> list[dt.Verdict]:
    """The detector as first written: every passage cleaned and read on its own, is_question cleaning again."""
    c = np.array([_reference_cue_row(t) for t in texts], dtype=np.float32).reshape(len(texts), len(NAMES))
    out = []
    for row, text in zip(det.proba(vectors, texts, c), texts, strict=True):
        problem = bool(row[0] >= det.threshold)
        kind = "complaint" if problem else dt.KINDS[1 + int(row[1:].argmax())]
        if problem and ("?" in clean(text) or cx._ASK_START.match(clean(text))):
            kind = "question"
        out.append(dt.Verdict(kind=kind, score=round(float(row[0]), 4), problem=problem))
    return out


def test_fast_path_gives_the_reference_verdicts_on_the_dev_set(dev, embed):
    """The batched cues (each distinct text cleaned once, repeats read from a cache, question flags from the
    same cues) must not change one score, kind or selection: compared with the per-passage reference."""
    from agent.cues import cues

    examples, _ = dev
    texts = [e.text for e in examples]
    texts += texts[:50] + ["@Brand why was I charged twice? https://t.co/x", "Ünïcode café wrote: ok", ""]
    texts += [
        "I don't know, can't pay, the don'ts n't",
        "Can you  fix\tthis?\n> quoted",
        "PLEASE, Help Me now",
        "Kelvin can't ſtand it, cKN you helр me? 'i'd like' you're-n't x\x1fy",
    ]
    vectors = np.asarray(embed[0](texts))
    vectors[-56:-6] += 0.01  # repeated texts with other vectors: the cache covers the cues only
    det = dt.load()
    assert np.array_equal(cues(texts), np.array([_reference_cue_row(t) for t in texts], dtype=np.float32))
    fast, ref = det.verdicts(vectors, texts), _reference_verdicts(det, vectors, texts)
    assert fast == ref
    assert sum(v.kind == "question" for v in ref) > 0 and sum(v.kind == "complaint" for v in ref) > 0
    chunks = [{"record_id": f"r{i}", "kind": "ticket", "text": t} for i, t in enumerate(texts)]
    picked = sel.select(chunks, vectors, embed[1], detector=det)
    assert picked.verdicts == ref and picked.keep == [dt.Policy().selects(v) for v in ref]
