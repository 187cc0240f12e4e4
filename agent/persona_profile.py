"""What a persona's members look like on the facts a prospect can state, and whether a prospect does too.

A persona is defined by a few conditions (plan=Enterprise), but its members share more: the Enterprise
persona's customers are mostly banks, insurers and hospitals with thousands of staff. A prospect who says
"regional bank, 12,000 staff" never names the plan, yet looks like those members. The profile measures
that as a likelihood ratio on the workspace's own accounts: how much more common the prospect's stated
value is among the persona's members than among all customers (a category exactly; a number within a
factor of two). Only columns a prospect can state before a sale count (firmographics, plan, channel), never
demographic or post-sale ones (tenure, onboarding, usage), so a sensitive trait never makes a match.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from agent.persona_offline import knowable
from core.models import Persona

MIN_LIFT = 3.0  # the value is at least 3x as common among the persona's members
MIN_MEMBERS = 2  # and at least two members have it
@dataclass(frozen=True)
class Resemblance:
    column: str
    value: str
    members: int
    lift: float
    share: float  # of the persona's members


@dataclass
class Profiles:
    n: int
    members: dict[str, np.ndarray]  # persona id -> boolean mask over the accounts
    values: dict[str, np.ndarray]  # knowable column -> floats (numeric) or lower-cased strings

    @classmethod
    def build(cls, df: pd.DataFrame, attributes: list[str], personas: list[Persona]) -> Profiles:
        from agent.segments import segment_mask

        members = {}
        for p in personas:
            mask = pd.Series(True, index=df.index)
            for seg in p.segments:
                col, _, value = seg.partition("=")
                if col in df.columns:
                    mask &= segment_mask(df[col], value).fillna(False)
            if mask.any():
                members[p.id] = mask.to_numpy(dtype=bool)
        values = {}
        for c in attributes:
            if not knowable(c):
                continue
            s = df[c]
            values[c] = (
                s.to_numpy(dtype=float, na_value=np.nan)
                if pd.api.types.is_numeric_dtype(s)
                else s.astype("string").str.lower().fillna("").to_numpy(dtype=object)
            )
        return cls(len(df), members, values)

    def resemble(self, persona_id: str, found: dict) -> list[Resemblance]:
        """The prospect's stated facts that are markedly more common among the persona's members."""
        mask = self.members.get(persona_id)
        if mask is None:
            return []
        n_mem = int(mask.sum())
        out = []
        for col, vals in self.values.items():
            f = found.get(col)
            if f is None:
                continue
            if vals.dtype == float:
                if f.numeric is None:
                    continue
                hit = (vals >= f.numeric / 2) & (vals <= f.numeric * 2)
            else:
                hit = vals == str(f.value).lower()
            k_mem, k_all = int((hit & mask).sum()), int(hit.sum())
            lift = ((k_mem + 0.5) / (n_mem + 1)) / ((k_all + 0.5) / (self.n + 1))
            if k_mem >= MIN_MEMBERS and lift >= MIN_LIFT:
                out.append(Resemblance(col, f.value, k_mem, lift, k_mem / n_mem))
        return out
