"""LLM attribute extraction for the verdict: structured output in the workspace's own schema.

The LLM only reads attributes; the score, the persona match and the red flags are computed exactly as in
the offline engine. Values outside the schema are dropped, and evidence that is not the prospect's own
words is replaced by the value, so a flag never shows words the prospect did not write.
"""

from __future__ import annotations

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
        if allowed is None:
            continue
        evidence = a.evidence if a.evidence and a.evidence in text else a.value
        if allowed == "number":
            try:
                num = float(str(a.value).replace(",", "").replace("$", ""))
            except ValueError:
                continue
            found[a.column] = Found(a.column, f"{num:g}", evidence, numeric=num)
        else:
            match = next((v for v in allowed if v.lower() == str(a.value).strip().lower()), None)
            if match is not None:
                found[a.column] = Found(a.column, match, evidence)
    return found, None
