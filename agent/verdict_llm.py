"""LLM attribute extraction for the verdict: structured output in the workspace's own schema.

The LLM only reads attributes; the score, the persona match and the red flags are computed exactly as in
the offline engine. A value is kept only when it is in the schema and backed by a span of the prospect's
own words; a number must also be finite, within the data's range and written in that span (`nan`,
`infinity` or a number the prospect never wrote never moves a verdict).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from pydantic import BaseModel

import prompts
from agent.extract import Extractor, Found
from core.llm import structured
from core.settings import Settings


class ExtractedAttribute(BaseModel):
    column: str
    value: str
    evidence: str


class Extraction(BaseModel):
    attributes: list[ExtractedAttribute]


def schema_of(extractor: Extractor) -> dict[str, list[str] | str]:
    schema: dict[str, list[str] | str] = {}
    for col, pats in extractor.categorical.items():
        schema[col] = [v for _, v in pats]
    for col, (_pat, yes, no) in extractor.boolean.items():
        schema[col] = [yes, no]
    for col in extractor.numeric:
        schema[col] = "number"
    return schema


def llm_extract(
    settings: Settings, log: Path | None, text: str, extractor: Extractor
) -> tuple[dict[str, Found] | None, str | None]:
    schema = schema_of(extractor)
    system, user = prompts.render_pair(
        "verdict_extract",
        schema=prompts.data_block(schema, tag="schema"),  # values come from CRM fields: data too
        prospect=prompts.data_block(text, tag="prospect"),
    )
    out, reason = structured(settings, Extraction, system, user, task="verdict_extract", log_path=log,
                             interactive=True)
    if out is None:
        return None, f"LLM extraction unavailable ({reason}); offline extraction used"
    found: dict[str, Found] = {}
    for a in out.attributes:
        allowed = schema.get(a.column)
        span = _span(text, a.evidence)
        if allowed is None or span is None:  # outside the schema, or not backed by the prospect's words
            continue
        start, end = span
        evidence = text[start:end]
        if allowed == "number":
            num = _number(a.value)
            if num is None or not _plausible(num, extractor.ranges.get(a.column)) or not _mentions(evidence, num):
                continue
            found[a.column] = Found(a.column, f"{num:g}", evidence, numeric=num, start=start, end=end)
        else:
            match = next((v for v in allowed if v.lower() == str(a.value).strip().lower()), None)
            if match is not None:
                found[a.column] = Found(a.column, match, evidence, start=start, end=end)
    return found, None


_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _span(text: str, evidence: str) -> tuple[int, int] | None:
    """Where the model's evidence is in the prospect's text (case-insensitive), or None: no span, no value."""
    needle = (evidence or "").strip()
    if len(needle) < 2:
        return None
    at = text.lower().find(needle.lower())
    return (at, at + len(needle)) if at >= 0 else None


def _number(value: object) -> float | None:
    """A finite number from the model's value; `nan`, `inf`, `1e309` and words are not numbers."""
    s = str(value).replace(",", "").replace("$", "").strip()
    if not _DIGITS.fullmatch(s.lstrip("-")):
        return None
    num = float(s)
    return num if math.isfinite(num) else None


def _plausible(num: float, seen: tuple[float, float] | None) -> bool:
    """Within the data's range widened by its width on each side (and not negative when the data is not)."""
    if seen is None:
        return True
    lo, hi = seen
    width = max(hi - lo, 1.0)
    return (num >= 0 or lo < 0) and lo - width <= num <= hi + width


def _mentions(evidence: str, num: float) -> bool:
    """The evidence holds the number itself (`12-person`, `$1,200`): the value is read, not invented."""
    return any(float(m.replace(",", "")) == num for m in _DIGITS.findall(evidence))
