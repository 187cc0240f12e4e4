"""The bundled example data set (examples/): loads, links up, carries its planted segments, isn't templated,
and is rebuilt byte for byte by examples/build_examples.py."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CALLS = EXAMPLES / "calls"
FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def _keys(block: str) -> dict[str, str]:
    out = {}
    for line in block.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and " " not in key.strip():
            out[key.strip()] = value.strip()
    return out


def _note(path: Path) -> tuple[dict[str, str], str]:
    """(header keys, body) of a call note: front matter for .md/.txt, the first NOTE block for .vtt."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".vtt":
        assert text.startswith("WEBVTT")
        block = re.search(r"^NOTE\n(.*?)(?:\n\n|\Z)", text, re.S | re.M)
        assert block, path.name
        return _keys(block.group(1)), text[block.end() :]
    match = FRONT.match(text)
    assert match, f"{path.name} has no front matter"
    return _keys(match.group(1)), text[match.end() :]


@pytest.fixture(scope="module")
def accounts() -> pd.DataFrame:
    return pd.read_csv(EXAMPLES / "accounts.csv")


@pytest.fixture(scope="module")
def tickets() -> pd.DataFrame:
    return pd.read_csv(EXAMPLES / "tickets.csv")


@pytest.fixture(scope="module")
def reviews() -> pd.DataFrame:
    return pd.read_csv(EXAMPLES / "reviews.csv")


@pytest.fixture(scope="module")
def notes() -> dict[str, tuple[dict[str, str], str]]:
    return {p.name: _note(p) for p in sorted(CALLS.iterdir()) if p.suffix in {".md", ".txt", ".vtt"}}


@pytest.fixture(scope="module")
def planted() -> dict:
    return json.loads((EXAMPLES / "planted.json").read_text(encoding="utf-8"))


def _matches(rule: dict, row: pd.Series) -> bool:
    for key, want in rule.items():
        if key.endswith(("_min", "_max")):
            value = float(row[key[:-4]])
            if (key.endswith("_min") and value < want) or (key.endswith("_max") and value > want):
                return False
        elif row[key] not in want:
            return False
    return True


# ------------------------------------------------------------------------------------------ loading, links


def test_accounts_table(accounts: pd.DataFrame) -> None:
    expected = {
        "customer_id",
        "company",
        "segment",
        "industry",
        "employees",
        "plan",
        "mrr",
        "discount_pct",
        "tenure_months",
        "churned",
        "ticket_count",
        "contact_email",
    }
    assert expected <= set(accounts.columns)
    assert 280 <= len(accounts) <= 320
    assert accounts["customer_id"].is_unique
    assert accounts["customer_id"].str.fullmatch(r"C\d{4}").all()
    assert accounts["company"].is_unique
    assert set(accounts["segment"]) == {"SMB", "Mid-Market", "Enterprise"}
    assert set(accounts["churned"]) == {"yes", "no"}
    assert set(accounts["plan"]) <= {"Starter", "Growth", "Business", "Enterprise"}
    assert (accounts["mrr"] > 0).all() and accounts["discount_pct"].between(0, 100).all()
    # Fictional addresses only: the reserved .test top-level domain.
    assert accounts["contact_email"].str.fullmatch(r"[a-z0-9.\-]+@[a-z0-9\-]+\.test").all()


def test_feedback_loads_and_links_to_accounts(accounts, tickets, reviews, notes) -> None:
    ids = set(accounts["customer_id"])
    for col in (
        "Ticket ID",
        "Subject",
        "Description",
        "Status",
        "Priority",
        "Requester",
        "Requester email",
        "Organization ID",
        "Created at",
        "Tags",
    ):
        assert col in tickets.columns
    for col in (
        "review_id",
        "customer_id",
        "stars",
        "title",
        "body",
        "reviewer_role",
        "company_size",
        "date",
    ):
        assert col in reviews.columns
    assert 500 <= len(tickets) <= 620
    assert 270 <= len(reviews) <= 330
    assert set(tickets["Organization ID"]) <= ids
    assert set(reviews["customer_id"]) <= ids
    assert reviews["stars"].between(1, 5).all()
    assert tickets["Requester email"].str.endswith(".test").all()

    vtt = [name for name in notes if name.endswith(".vtt")]
    md = [name for name in notes if not name.endswith(".vtt")]
    assert len(vtt) >= 2 and 100 <= len(md) <= 140
    assert {name.rsplit(".", 1)[1] for name in md} == {"md", "txt"}
    for name, (head, body) in notes.items():
        assert head.get("customer_id") in ids, name
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", head.get("date", "")), name
        assert head.get("title"), name
        assert name.startswith(head["customer_id"]), name  # the file-name fallback agrees with the header
        assert body.strip(), name
    for name in vtt:
        body = notes[name][1]
        assert re.search(r"\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}", body)
        speakers = set(re.findall(r"^<v ([^>]+)>", body, re.M)) | set(
            re.findall(r"^([A-Z][\w-]+ [A-Z][\w-]+): ", body, re.M)
        )
        assert len(speakers) >= 3, name
    assert 900 <= len(tickets) + len(reviews) + len(notes) <= 1100

    # Dates are parseable and fall inside the export window.
    dates = pd.concat(
        [
            pd.to_datetime(tickets["Created at"]),
            pd.to_datetime(reviews["date"]),
            pd.to_datetime(pd.Series([h["date"] for h, _ in notes.values()])),
        ]
    )
    assert dates.min() >= pd.Timestamp("2024-06-01") and dates.max() <= pd.Timestamp("2026-03-01")


def test_record_ids_unique(tickets, reviews, notes) -> None:
    assert tickets["Ticket ID"].is_unique
    assert reviews["review_id"].is_unique
    stems = [name.rsplit(".", 1)[0] for name in notes]
    assert len(stems) == len(set(stems))


def test_exported_tickets_fit_ticket_count(accounts, tickets) -> None:
    exported = tickets["Organization ID"].value_counts()
    counts = accounts.set_index("customer_id")["ticket_count"]
    assert (exported <= counts.reindex(exported.index)).all()


def test_size_budget() -> None:
    total = sum(p.stat().st_size for p in EXAMPLES.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    assert total < 2_000_000


# ------------------------------------------------------------------------------------------ planted truth


def test_planted_rules_reproduce_members(accounts, planted) -> None:
    segments = planted["segments"]
    assert 3 <= len(segments) <= 4
    assert len({s["key"] for s in segments}) == len(segments)
    seen: set[str] = set()
    for seg in segments:
        for field in ("key", "name", "rule", "customer_ids", "complaint_keywords"):
            assert seg[field], (seg["key"], field)
        members = {
            r.customer_id for r in accounts.itertuples() if _matches(seg["rule"], accounts.loc[r.Index])
        }
        assert members == set(seg["customer_ids"]), seg["key"]
        assert len(members) >= 12, seg["key"]
        assert not members & seen, "planted segments overlap"
        seen |= members
    ideal = planted["ideal"]
    assert {
        r.customer_id for r in accounts.itertuples() if _matches(ideal["rule"], accounts.loc[r.Index])
    } == set(ideal["customer_ids"])
    assert len(ideal["customer_ids"]) >= 100 and not set(ideal["customer_ids"]) & seen


def test_planted_segments_cost_more_than_baseline(accounts, tickets, planted) -> None:
    planted_ids = {cid for seg in planted["segments"] for cid in seg["customer_ids"]}
    base = accounts[~accounts["customer_id"].isin(planted_ids)]
    exported = tickets["Organization ID"].value_counts()

    def profile(df: pd.DataFrame) -> dict[str, float]:
        return {
            "churn": (df["churned"] == "yes").mean(),
            "ticket_count": df["ticket_count"].mean(),
            "exported": exported.reindex(df["customer_id"]).fillna(0).mean(),
            "discount": df["discount_pct"].mean(),
            "mrr": df["mrr"].mean(),
        }

    b = profile(base)
    assert 0.05 <= b["churn"] <= 0.2
    for seg in planted["segments"]:
        s = profile(accounts[accounts["customer_id"].isin(seg["customer_ids"])])
        assert s["churn"] >= 2 * b["churn"], seg["key"]
        assert s["ticket_count"] >= 1.5 * b["ticket_count"], seg["key"]
        assert s["exported"] >= 1.5 * b["exported"], seg["key"]
        assert s["discount"] >= 1.5 * b["discount"], seg["key"]
        assert 0 < s["churn"] < 1, f"{seg['key']}: no noise, every member behaves the same"
        if (
            seg["key"] != "regulated"
        ):  # big pilots bring high nominal MRR; their cost is churn, effort, discount
            assert s["mrr"] < 0.5 * b["mrr"], seg["key"]
        assert seg["stats"]["churn_rate"] == pytest.approx(s["churn"], abs=1e-3)


def test_counter_examples_are_small_but_healthy(accounts, planted) -> None:
    startups = accounts[accounts["customer_id"].isin(planted["counter_examples"]["customer_ids"])]
    planted_ids = {cid for seg in planted["segments"] for cid in seg["customer_ids"]}
    base = accounts[~accounts["customer_id"].isin(planted_ids)]
    assert len(startups) >= 5 and not set(startups["customer_id"]) & planted_ids
    assert (startups["employees"] < 50).all()
    assert (startups["churned"] == "yes").mean() <= (base["churned"] == "yes").mean()
    assert startups["ticket_count"].mean() <= base["ticket_count"].mean()
    # Some good-fit customers churn too.
    ideal = accounts[accounts["customer_id"].isin(planted["ideal"]["customer_ids"])]
    assert 0 < (ideal["churned"] == "yes").mean() < 0.2


def test_complaint_keywords_dominate_segment_feedback(tickets, reviews, notes, planted) -> None:
    records = [
        (cid, f"{s}\n{d}")
        for cid, s, d in zip(
            tickets["Organization ID"], tickets["Subject"], tickets["Description"], strict=True
        )
    ]
    records += [
        (cid, f"{t}\n{b}")
        for cid, t, b in zip(reviews["customer_id"], reviews["title"], reviews["body"], strict=True)
    ]
    records += [(head["customer_id"], body) for head, body in notes.values()]
    planted_ids = {cid for seg in planted["segments"] for cid in seg["customer_ids"]}
    baseline = [text.lower() for cid, text in records if cid not in planted_ids]
    assert len(baseline) > 0.45 * len(records), "most feedback should come from good-fit customers"
    for seg in planted["segments"]:
        members = set(seg["customer_ids"])
        texts = [text.lower() for cid, text in records if cid in members]
        words = [w.lower() for w in seg["complaint_keywords"]]  # whole words, optional plural s/es

        pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")(?:s|es)?\b")

        def rate(docs: list[str], pattern: re.Pattern = pattern) -> float:
            return sum(bool(pattern.search(d)) for d in docs) / len(docs)

        assert len(texts) >= 30, seg["key"]
        assert rate(texts) >= 0.6, seg["key"]
        assert rate(texts) >= 2 * rate(baseline), seg["key"]


# ------------------------------------------------------------------------------------------ not templated


def _max_shared_window(texts: list[str], n: int = 8) -> float:
    """Largest share of records that contain one same n-word window."""
    counts: Counter[tuple[str, ...]] = Counter()
    for text in texts:
        words = re.findall(r"[a-z0-9']+", text.lower())
        counts.update({tuple(words[i : i + n]) for i in range(len(words) - n + 1)})
    return max(counts.values()) / len(texts)


def test_texts_are_not_templated(tickets, reviews, notes) -> None:
    descriptions = tickets["Description"].tolist()
    assert tickets["Description"].nunique() >= 0.85 * len(tickets)
    assert reviews["body"].nunique() >= 0.85 * len(reviews)
    assert _max_shared_window(descriptions) <= 0.05
    assert _max_shared_window(reviews["body"].tolist()) <= 0.05
    bodies = [body for name, (_, body) in notes.items() if not name.endswith(".vtt")]
    prose = [re.sub(r"^\*\*Attendees:\*\*.*$", "", b, flags=re.M) for b in bodies]  # names, not prose
    assert _max_shared_window(prose) <= 0.05
    # Plenty of distinct hand-written sentences, of varied length.
    sentences = {
        s.strip() for text in descriptions for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 4
    }
    assert len(sentences) >= 400
    lengths = tickets["Description"].str.split().str.len()
    assert lengths.min() < 30 and lengths.max() > 100
    note_lengths = [len(body.split()) for body in bodies]
    assert min(note_lengths) < 60 and max(note_lengths) > 200
    assert any(body.count("\n#") + body.count("\n**") >= 4 for body in bodies), (
        "some notes have several sections"
    )


# ------------------------------------------------------------------------------------------ reproducible


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_examples", EXAMPLES / "build_examples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


def test_build_is_deterministic(tmp_path: Path) -> None:
    builder = _load_builder()
    assert builder.main(["--out", str(tmp_path)]) == 0
    committed = sorted([*EXAMPLES.glob("*.csv"), *EXAMPLES.glob("planted*.json"), *CALLS.iterdir()])
    built = sorted([*tmp_path.glob("*.csv"), *tmp_path.glob("planted*.json"), *(tmp_path / "calls").iterdir()])
    assert [p.relative_to(EXAMPLES) for p in committed] == [p.relative_to(tmp_path) for p in built]
    for old, new in zip(committed, built, strict=True):
        assert old.read_bytes() == new.read_bytes(), old.name
