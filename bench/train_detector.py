"""Train the complaint detector from weak labels and measure it on a held-out dev set and across sources.

    .venv/bin/python bench/train_detector.py            # train, write agent/models/complaint_detector.npz,
                                                        # record precision/recall/F1 in docs/benchmarks.md
    .venv/bin/python bench/train_detector.py --write-dev  # (re)choose the dev rows in tests/data
    .venv/bin/python bench/train_detector.py --write-test  # choose the held-out test rows (once)

The dev set (tests/data/complaints_dev.csv) names rows of the shared data by key, never copies them; its
rows are never trained on, and its MAMS rows come from the separate val file. Leave-one-source-out scores
train on the other sources only, so they say how the detector does on a kind of text it never saw.

The test set (tests/data/complaints_test.csv) is built the same way as the dev set from the rows left after
it (disjoint from training and dev: bucket < 10, MAMS from the val file). It was chosen once, after the
threshold was fixed, and is measured at the shipped threshold only: no choice reads it.
"""

from __future__ import annotations

import argparse
import csv
import sys

import weak_labels as wl
from common import ROOT, SHARED, keyed_vectors, need_shared, record_section

DEV = ROOT / "tests" / "data" / "complaints_dev.csv"
TEST = ROOT / "tests" / "data" / "complaints_test.csv"
DEV_PER_GROUP = 40
TRAIN_CAP = 900
C = 4.0  # inverse regularisation: best of 0.5/1/4 by cross-validated F1 on the training labels
# A passage is a complaint when a problem is more likely than not. (The first model used the threshold with
# the best cross-validated F1 on the training labels among those selecting <= 10% of praise there: 0.75. On
# the dev set that gave precision 0.95 but recall 0.51, F1 0.66 -- the training labels' praise is noisier
# than the dev set's. 0.5 was chosen after seeing that dev result, so the dev F1 below is not a clean
# held-out number; the leave-one-source-out rows are the better guide to unseen text.)
THRESHOLD = 0.5


def choose_dev(examples: list[wl.Example], taken: frozenset[str] = frozenset()) -> list[wl.Example]:
    """DEV_PER_GROUP rows per (source, kind) of the held-out part (never trained on), less `taken` rows."""
    pool = [
        e
        for e in examples
        if (e.key.startswith("mams-val:") if e.source == "mams" else wl.bucket(e.key) < 10)
        and e.key not in taken
    ]
    return wl.balanced(pool, DEV_PER_GROUP)


def read_dev(index: dict[str, wl.Example], path=DEV) -> list[wl.Example]:
    with path.open() as f:
        return [index[r["key"]] for r in csv.DictReader(f)]


def write_rows(path, rows: list[wl.Example]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["key", "kind"])
        w.writerows([e.key, e.kind] for e in rows)


def train_pool(examples: list[wl.Example], dev_keys: set[str], sources: tuple[str, ...]) -> list[wl.Example]:
    """Rows outside the dev/test part (bucket >= 10 of the row, or of a sentence's review; not the MAMS val
    file), capped per (source, kind); the chatter kept is the chatter without problem words."""
    pool = [
        e
        for e in examples
        if e.source in sources
        and e.key not in dev_keys
        and not e.key.startswith("mams-val:")
        and wl.bucket(wl.split_key(e.key)) >= 10
    ]
    pool = wl.balanced(pool, 3 * TRAIN_CAP)  # enough chatter left after the filter below
    noisy = wl.problem_worded([e for e in pool if e.source == "ami"])
    return wl.balanced([e for e in pool if e.key not in noisy], TRAIN_CAP)


_VECS: dict[str, object] = {}


def prepare(examples: list[wl.Example]) -> None:
    """Embed every example once (bench/out/detector_keyed.npz, by key: a new selection embeds only its new
    rows) so each fit below only looks vectors up."""
    vecs = keyed_vectors("detector_keyed", [e.key for e in examples], [e.text for e in examples])
    _VECS.update(zip([e.key for e in examples], vecs, strict=True))


def vectors(examples: list[wl.Example]):
    import numpy as np

    return np.vstack([_VECS[e.key] for e in examples])


def fit(examples: list[wl.Example]):
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from agent.cues import cues
    from agent.detector import KINDS, Detector
    from core.embeddings import LOCAL_FAMILY

    texts = [e.text for e in examples]
    c = cues(texts)
    det = Detector(
        family=LOCAL_FAMILY,
        weights=np.zeros((len(KINDS), 384 + c.shape[1]), dtype=np.float32),
        bias=np.zeros(len(KINDS), dtype=np.float32),
        cue_mean=c.mean(0),
        cue_scale=np.where(c.std(0) == 0, 1, c.std(0)),
    )
    x = det.features(vectors(examples), texts)
    y = np.array([KINDS.index(e.kind) for e in examples])
    det.threshold = THRESHOLD
    lr = LogisticRegression(C=C, max_iter=3000, class_weight="balanced").fit(x, y)
    w = np.zeros_like(det.weights)
    b = np.zeros_like(det.bias)
    w[lr.classes_] = lr.coef_
    b[lr.classes_] = lr.intercept_
    b[[k for k in range(len(KINDS)) if k not in set(lr.classes_)]] = -30.0  # a kind never seen is never said
    det.weights, det.bias = w.astype(np.float32), b.astype(np.float32)
    det.meta = {"examples": len(examples), "sources": sorted({e.source for e in examples}), "C": C}
    return det


def evaluate(det, examples: list[wl.Example]) -> dict[str, float]:
    from agent.detector import Policy

    policy = Policy()
    vs = det.verdicts(vectors(examples), [e.text for e in examples])
    sel = [policy.selects(v) for v in vs]
    tp = sum(s and e.problem for s, e in zip(sel, examples, strict=True))
    fp = sum(s and not e.problem for s, e in zip(sel, examples, strict=True))
    fn = sum(not s and e.problem for s, e in zip(sel, examples, strict=True))
    p = tp / max(1, tp + fp)
    r = tp / max(1, tp + fn)

    def rate(kind: str) -> float:
        picked = [s for s, e in zip(sel, examples, strict=True) if e.kind == kind]
        return sum(picked) / max(1, len(picked))

    return {
        "n": len(examples),
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / max(1e-9, p + r),
        "praise_selected": rate("praise"),
        "question_selected": rate("question"),
        "request_selected": rate("request"),
        "other_selected": rate("other"),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--write-dev", action="store_true", help="choose the dev rows again (tests/data)")
    ap.add_argument("--write-test", action="store_true", help="choose the held-out test rows (tests/data)")
    ap.add_argument("--no-record", action="store_true", help="don't write docs/benchmarks.md")
    args = ap.parse_args()
    need_shared()
    examples = wl.load_all(SHARED)
    sentences = wl.clothing_sentences(SHARED)
    index = {e.key: e for e in examples}
    if args.write_dev or not DEV.exists():
        write_rows(DEV, choose_dev(examples))
    dev = read_dev(index)
    dev_keys = {e.key for e in dev}
    if args.write_test:
        write_rows(TEST, choose_dev(examples, frozenset(dev_keys)))
        return
    sources = ("clothing", "clothing-sent", "mams", "banking77", "ami")
    train = train_pool(examples + sentences, dev_keys, sources)
    prepare(train + dev)
    print(f"training on {len(train):,} weak labels; dev {len(dev)}", file=sys.stderr)
    det = fit(train)
    from agent.detector import MODEL_PATH

    det.save(MODEL_PATH)
    rows = [("all sources (shipped model)", "dev set, every source", evaluate(det, dev))]
    for held in ("clothing", "mams", "banking77"):
        others = tuple(s for s in sources if not s.startswith(held))  # clothing: its sentences too
        d = fit(train_pool(examples + sentences, dev_keys, others))
        rows.append(
            (f"all but {held}", f"dev rows of {held}", evaluate(d, [e for e in dev if e.source == held]))
        )
    lines = [
        "| trained on | evaluated on | n | precision | recall | F1 | praise sel. | question sel. | request sel. |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, on, m in rows:
        lines.append(
            f"| {name} | {on} | {m['n']} | {m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f} | "
            f"{m['praise_selected']:.2f} | {m['question_selected']:.2f} | {m['request_selected']:.2f} |"
        )
    table = "\n".join(lines)
    print(table)
    size = MODEL_PATH.stat().st_size
    body = f"""Command: `.venv/bin/python bench/train_detector.py`

Complaint detector (agent/detector.py): multinomial logistic regression on the stored MiniLM vector plus
{det.weights.shape[1] - 384} surface cues, five kinds (complaint, question, praise, request, other), trained from weak
labels the shared data carries (bench/weak_labels.py: 1-2 vs 5-star reviews, MAMS negative vs positive
sentences, banking77 intents that report a problem vs ask vs request, AMI meeting chatter without problem
words, sentences of the 1-2 and 5 star reviews whose words agree with the stars), {len(train):,}
examples capped per source and kind; problem threshold {det.threshold:.2f} (more likely than not; see
THRESHOLD in the script: chosen after the cross-validated 0.75 gave dev F1 0.66, so the dev row is not a clean held-out
number). Model file {size / 1024:.0f} KB. "Selected" = what themes and costs use under the default
policy (complaints and problem-reporting questions). Positive class = complaint-bearing.
The dev set (tests/data/complaints_dev.csv, {len(dev)} rows named by key, never trained on; MAMS rows from
its separate val file). Leave-one-source-out rows train without that source at all.

{table}

The tweets-to-brands set named in issue 18 (before: precision 0.37, recall 0.97, F1 0.53) is not in the
shared data, so it is not measured here; the leave-one-source-out rows are the stand-in for unseen text.
"""
    if not args.no_record:
        record_section("Complaint detector", body)


if __name__ == "__main__":
    main()
