"""Cost of the phrase labels (agent/theme_labels.py) next to the c-TF-IDF keywords they sit beside, on real
texts grouped by their human labels (banking77 intents, clothing review classes), plus how many labels would
break the readability rules (greeting, apology, sign-off, e-mail, id). CPU seconds of this process.

    python bench/theme_labels.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd

from agent import themes as th
from agent.theme_labels import clean_label, phrase_labels
from core import hygiene

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def sets() -> dict[str, tuple[list[str], np.ndarray, int]]:
    out = {}
    b = pd.read_csv(SHARED / "banking77" / "train.csv")
    c = pd.read_csv(SHARED / "clothing_reviews" / "reviews.csv").dropna(subset=["Review Text", "Class Name"])
    for name, texts, groups in (
        (f"banking77 ({len(b):,} texts by intent)", b["text"], b["category"]),
        (f"clothing reviews ({len(c):,} texts by class)", c["Review Text"], c["Class Name"]),
    ):
        cats = {v: i for i, v in enumerate(sorted(groups.unique()))}
        out[name] = ([hygiene.clean(str(t)) for t in texts], np.array([cats[g] for g in groups]), len(cats))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}")
    for name, (texts, labels, k) in sets().items():
        kw_t, ph_t = [], []
        for _ in range(args.repeat):
            t0 = time.process_time()
            th.ctfidf_keywords(texts, labels, k)
            kw_t.append(time.process_time() - t0)
            t0 = time.process_time()
            phrases = phrase_labels(texts, labels, k)
            ph_t.append(time.process_time() - t0)
        bad = sum(1 for p in phrases if p and not clean_label(p[0]))
        print(
            f"{name}: keywords {min(kw_t):.2f} s, phrase labels {min(ph_t):.2f} s CPU (best of {args.repeat}); "
            f"{sum(1 for p in phrases if p)}/{k} themes labelled by a phrase, {bad} failing the rules; "
            f"e.g. {[p[0] for p in phrases[:4] if p]}"
        )
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
