"""Sensitive attributes: traits a negative persona must never be defined by.

A persona tells sales to walk away from people. Defined by gender, age, ethnicity, religion, health, family
status, nationality or sexual orientation it becomes a stereotype, and ad platforms restrict targeting and
exclusion by several of these. So a column recognised here — by its name, or by its values when the name
says nothing (a column `col7` holding Male/Female) — never defines a persona, never enters the verdict's
model, and its words are removed from prospect texts before they are read. A user can opt a column in
(`ANTIPERSONA_ALLOW_SENSITIVE=col,...`, e.g. a lawful age-restricted product); personas may still report
how such a column is distributed among their members, labelled as context.

The list errs towards caution: a B2B column named just `partner` (yes/no) reads as a family partner here;
opt it in if it means a reseller.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

# category -> name tokens (a column name split into lower-case words: SeniorCitizen → senior, citizen)
NAME_TOKENS: dict[str, set[str]] = {
    "gender": {"gender", "sex", "genders"},
    "age": {
        "age",
        "ages",
        "agegroup",
        "ageband",
        "birth",
        "birthdate",
        "birthday",
        "dob",
        "born",
        "senior",
        "seniors",
        "elderly",
        "retiree",
        "retired",
        "pensioner",
        "generation",
        "yob",
    },
    "race or ethnicity": {"race", "racial", "ethnicity", "ethnic", "ethnicities"},
    "religion": {"religion", "religious", "faith", "denomination"},
    "disability or health": {
        "disability",
        "disabled",
        "handicap",
        "handicapped",
        "medical",
        "illness",
        "diagnosis",
        "chronic",
    },
    "family status": {
        "marital",
        "married",
        "spouse",
        "dependents",
        "dependent",
        "dependants",
        "children",
        "kids",
        "pregnant",
        "pregnancy",
        "maternity",
        "paternity",
        "household",
        "widowed",
    },
    "nationality": {"nationality", "citizenship", "immigration", "immigrant", "ethnicorigin"},
    "sexual orientation": {"sexual", "orientation", "lgbt", "lgbtq"},
}
# 'age' of a business object is not a person's age; 'health' of an account is a CS score
_NOT_PERSONAL = {
    "account",
    "company",
    "business",
    "contract",
    "plan",
    "subscription",
    "ticket",
    "deal",
    "lead",
    "device",
    "product",
    "firm",
    "org",
    "organization",
    "organisation",
    "domain",
    "relationship",
    "data",
    "invoice",
    "case",
    "page",
    "score",
    "index",
}
# names that are sensitive only as a whole (a lone `partner` or `health` flag)
WHOLE_NAMES = {
    "partner": "family status",
    "has partner": "family status",
    "health": "disability or health",
    "health condition": "disability or health",
    "national origin": "nationality",
    "country of birth": "nationality",
    "citizen": "nationality",
}

# value vocabularies, for columns whose name says nothing
VALUE_VOCAB: dict[str, set[str]] = {
    "gender": {"male", "female", "man", "woman", "men", "women", "non-binary", "nonbinary", "transgender"},
    "family status": {
        "single",
        "married",
        "divorced",
        "widowed",
        "separated",
        "domestic partnership",
        "civil union",
        "never married",
    },
    "race or ethnicity": {
        "white",
        "black",
        "asian",
        "hispanic",
        "latino",
        "latina",
        "latinx",
        "african american",
        "caucasian",
        "native american",
        "pacific islander",
        "multiracial",
        "indigenous",
        "arab",
        "middle eastern",
    },
    "religion": {
        "christian",
        "muslim",
        "jewish",
        "hindu",
        "buddhist",
        "sikh",
        "atheist",
        "agnostic",
        "catholic",
        "protestant",
    },
    "sexual orientation": {"heterosexual", "straight", "gay", "lesbian", "bisexual", "asexual", "queer"},
}
_NEUTRAL_VALUES = {"other", "unknown", "prefer not to say", "none", "n/a", "na", "", "undisclosed"}
_AGE_BAND = re.compile(r"^(?:under |over |aged? )?(\d{2})\s*(?:[-–]\s*(\d{2,3})|\+)?(?: ?years?| ?yrs?)?$")

# words dropped from prospect texts, per category: people's traits, not the business's
TEXT_WORDS: dict[str, str] = {
    "age": r"seniors?|elderly|retirees?|retired|pensioners?|old(?:er)? (?:people|folks|guys|ladies)|"
    r"young(?:er)? (?:people|folks|guys|women|men)|millennials?|boomers?|gen[- ]?z|"
    r"\d{2}[- ]?(?:year|yr)s?[- ]old|aged \d{2}|over \d{2}s?|in (?:our|their|my) \d0s",
    "gender": r"women|woman|female|men|male|ladies|girls|guys|moms?|mothers?|dads?|fathers?",
    "family status": r"married|single parents?|divorced|widowed|pregnant|kids|children|dependents|spouses?|"
    r"husbands?|wives|wife",
    "religion": r"christians?|muslims?|jewish|jews|hindus?|buddhists?|sikhs?|catholics?|religious",
    "race or ethnicity": r"(?:black|white)(?![- ]?(?:label|labell?ed|list|box|friday|paper|board|glove))|"
    r"asian|hispanic|latin[oax]s?|caucasian",
    "nationality": r"immigrants?|foreigners?",
    "disability or health": r"disabled|disabilit(?:y|ies)|handicapped|wheelchair users?|blind|deaf",
    "sexual orientation": r"gay|lesbian|bisexual|lgbtq?\+?|queer",
}


def name_tokens(column: str) -> list[str]:
    s = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", column)
    return [t for t in re.split(r"[^a-z0-9]+", s.lower()) if t]


def category_by_name(column: str) -> str | None:
    tokens = name_tokens(column)
    whole = " ".join(tokens)
    if whole in WHOLE_NAMES:
        return WHOLE_NAMES[whole]
    if any(t in _NOT_PERSONAL for t in tokens):
        return None
    for cat, words in NAME_TOKENS.items():
        if any(t in words for t in tokens):
            return cat
    return None


def category_by_values(values: pd.Series) -> str | None:
    """Most rows hold a sensitive vocabulary (≥ 90% of non-empty values, neutral answers aside)."""
    s = values.dropna().astype(str).str.strip().str.lower()
    if s.empty or pd.api.types.is_numeric_dtype(values):
        return None
    counts = s.value_counts()
    if len(counts) > 40:
        return None
    informative = counts[[v not in _NEUTRAL_VALUES for v in counts.index]]
    if informative.sum() < 0.5 * len(s) or len(informative) < 2:
        return None
    for cat, vocab in VALUE_VOCAB.items():
        if informative[[v in vocab for v in informative.index]].sum() >= 0.9 * informative.sum():
            return cat
    if set(informative.index) <= {"m", "f"}:
        return "gender"
    bands = [_AGE_BAND.match(v) for v in informative.index]
    if all(bands) and any(m.group(2) or m.group(0).endswith("+") for m in bands):
        nums = [int(n) for m in bands for n in m.groups() if n]
        if all(13 <= n <= 110 for n in nums) and max(nums) >= 35:
            return "age"
    return None


def category(column: str, values: pd.Series | None = None) -> str | None:
    """The sensitive category of a column, or None."""
    return category_by_name(column) or (category_by_values(values) if values is not None else None)


def parse_allow(allow: str | Iterable[str] | None) -> set[str]:
    """`ANTIPERSONA_ALLOW_SENSITIVE=SeniorCitizen, gender` → {'seniorcitizen', 'gender'} (case-insensitive)."""
    if not allow:
        return set()
    items = allow.split(",") if isinstance(allow, str) else list(allow)
    return {i.strip().lower() for i in items if i and i.strip()}


def split(
    df: pd.DataFrame, attributes: list[str], allow: str | Iterable[str] | None = None
) -> tuple[list[str], dict[str, str]]:
    """(attributes a persona may use, {sensitive column: category}) — opted-in columns stay usable."""
    allowed = parse_allow(allow)
    keep: list[str] = []
    sensitive: dict[str, str] = {}
    for col in attributes:
        cat = category(col, df[col] if col in df.columns else None)
        if cat and col.strip().lower() not in allowed:
            sensitive[col] = cat
        else:
            keep.append(col)
    return keep, sensitive


def redact(text: str, allow: str | Iterable[str] | None = None) -> str:
    """A prospect text with its words about people's traits blanked ("we're a team of seniors" → "we're a
    team of        ") so they cannot move a verdict; same length, so offsets into the text still hold. The
    words of a category the user opted a column of into stay."""
    if not text:
        return text
    raw = allow.split(",") if isinstance(allow, str) else list(allow or [])
    opted = {category_by_name(a.strip()) for a in raw if a and a.strip()}
    words = "|".join(w for cat, w in TEXT_WORDS.items() if cat not in opted)
    if not words:
        return text
    return re.sub(rf"\b(?:{words})\b", lambda m: " " * len(m.group(0)), text, flags=re.IGNORECASE)


def mentions(text: str, allow: str | Iterable[str] | None = None) -> bool:
    """Whether a text (an LLM-written trait, a warning sign) names a sensitive trait."""
    return redact(text, allow) != text


def context(df: pd.DataFrame, sensitive: dict[str, str], mask, limit: int = 3) -> list[str]:
    """How sensitive columns are distributed among a group's members, as context lines — never traits:
    'context, not a trait: senior citizen 1 is 27% of them (16% of all)'."""
    from core.vocab import human

    out: list[tuple[float, str]] = []
    n_in = int(mask.sum())
    if not n_in:
        return []
    for col in sensitive:
        s = df[col]
        if pd.api.types.is_numeric_dtype(s) and s.nunique() > 8:
            inside, overall = s[mask].median(), s.median()
            if pd.notna(inside) and pd.notna(overall) and inside != overall:
                out.append(
                    (
                        abs(inside - overall) / max(abs(overall), 1e-9),
                        f"context, not a trait: median {human(col)} {inside:g} (all customers {overall:g})",
                    )
                )
            continue
        vals = s.astype("string")
        share_in = vals[mask].value_counts(normalize=True)
        share_all = vals.value_counts(normalize=True)
        best = max(share_in.index, key=lambda v: share_in[v] / max(share_all.get(v, 0), 1e-9), default=None)
        if best is None:
            continue
        lift = share_in[best] / max(share_all.get(best, 0), 1e-9)
        if lift >= 1.2:
            out.append(
                (
                    lift,
                    f"context, not a trait: {human(col)} {best} is {share_in[best]:.0%} of them "
                    f"({share_all.get(best, 0):.0%} of all)",
                )
            )
    out.sort(key=lambda x: -x[0])
    return [t for _, t in out[:limit]]
