"""Warning signs looked for in a prospect's words: lexically and by meaning, each hit with its exact span.

A persona lists what sales should watch for ("Pushes for a discount before seeing value", "Early questions
or objections about white-label, branding, logo") and carries the complaint themes and quotes of its
customers. Two readers look for those in a prospect's text:

- lexical: a vocabulary of sales warning patterns (discount asks with numbers, white-label, on-prem,
  coupons, inventory…). A pattern is a sign *for a persona* only when the data shows it: the persona's
  own signs, theme labels or keywords name it, or its members' feedback uses it markedly more often than
  other customers' (at least 2x as often, in 3+ records), so the vocabulary never invents a warning;
- semantic: every prospect sentence is compared with the persona's warning signs and its themes'
  complaint passages (sentence embeddings); a close sentence is a hit.

A hit quotes only the words that matched (`text[start:end]`): the pattern's match, or the one sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from core.models import Persona, Theme

SEMANTIC_SIM = 0.55  # sentence vs. a persona's sign or complaint passage (MiniLM cosine)
FEEDBACK_LIFT = 2.0  # a concept is a persona's sign when its members' feedback uses it this much more
FEEDBACK_MIN = 3


@dataclass(frozen=True)
class Concept:
    label: str
    pattern: re.Pattern
    triggers: tuple[str, ...]  # words in a persona's signs/themes that make this concept one of its signs


def _c(label: str, pattern: str, *triggers: str) -> Concept:
    return Concept(label, re.compile(pattern, re.I), triggers)


CONCEPTS: tuple[Concept, ...] = (
    _c("asks for a discount before seeing value",
       r"\b\d{1,2}\s?%\s?(?:off|discount)|\bdiscount(?:s|ed)?\b|\bcheaper\b|\blower (?:the )?price|\bbest price\b"
       r"|\btight budget\b|\blimited budget\b|\bbudget is tight\b|\bcan you do\b[^.?!]{0,20}\boff\b|\bprice break\b",
       "discount", "discounts", "discounted", "price", "pricing", "cheaper"),
    _c("wants white-label / their own branding",
       r"\bwhite[- ]?label(?:led|ed|ing)?\b|\b(?:our|their|my) (?:own )?(?:logo|branding)\b|\bre-?brand\w*"
       r"|\bunder (?:our|their) (?:own )?brand\b|\bbranded (?:invoices|reports|portal)\b",
       "white-label", "white label", "branding", "logo", "brand"),
    _c("needs on-premise or in-region hosting",
       r"\bon[- ]?prem(?:ise|ises)?\b|\bself[- ]hosted\b|\b(?:our|own) data ?cent(?:er|re)s?\b"
       r"|\bdata residency\b|\bin[- ]region hosting\b|\bprivate cloud\b|\bair[- ]gapped\b",
       "on-prem", "on-premise", "hosting", "data residency", "residency", "in-region"),
    _c("brings procurement and security paperwork",
       r"\bvendor risk\b|\bsecurity (?:questionnaire|review|assessment)s?\b|\bprocurement\b|\bSOC ?2\b"
       r"|\bISO ?27001\b|\bSCIM\b|\bpen(?:etration)? tests?\b|\bRFP\b|\bcompliance (?:team|review|sign[- ]off)\b",
       "procurement", "questionnaire", "vendor risk", "audit", "compliance", "scim", "security"),
    _c("expects a long pilot first",
       r"\b(?:paid |free |long |extended )?pilot\b|\bproof[- ]of[- ]concept\b|\bPoC\b",
       "pilot", "pilots"),
    _c("arrives with a promo code or coupon",
       r"\bpromo(?:tion(?:al)?)? codes?\b|\bcoupons?\b|\bvouchers?\b|\bdiscount codes?\b|\bdeal site\b",
       "promo", "coupon", "coupons", "promo code"),
    _c("asks to extend the trial or for a refund",
       r"\bextend(?:ed|ing)? (?:the |our |my )?(?:free )?trial\b|\btrial (?:be )?extended\b|\btrial extension\b"
       r"|\blonger trial\b|\brefunds?\b|\bmoney back\b|\bfree (?:plan|tier|forever)\b",
       "trial", "extend", "extension", "refund", "refunds"),
    _c("needs inventory or stock tracking",
       r"\binventory\b|\bSKUs?\b|\bstock (?:levels?|counts?|tracking)\b|\bwarehouse\b",
       "inventory", "sku", "stock", "physical"),
    _c("needs shipping or fulfilment",
       r"\bshipping\b|\bship (?:worldwide|internationally|orders)\b|\bfulfil+ment\b|\bshipping labels?\b",
       "shipping", "fulfilment", "fulfillment", "physical"),
    _c("needs point of sale or shop integrations",
       r"\bpoint[- ]of[- ]sale\b|\bPOS\b|\bShopify\b|\bWooCommerce\b|\bone-off orders?\b|\border management\b",
       "pos", "shopify", "orders", "shop", "store"),
    _c("bills many clients of their own",
       r"\bmulti[- ]client\b|\b(?:our|my) clients\b|\bclient (?:accounts|invoic\w*|workspaces?|billing|projects)\b"
       r"|\bfor (?:each|every) client\b|\bretainers?\b",
       "client", "clients", "retainer", "multi-client"),
    _c("finds setup confusing and needs hand-holding",
       r"\bconfus\w+\b|\bcomplicated\b|\bhow do i\b|\bhand[- ]holding\b|\bwalk (?:me|us) through\b"
       r"|\bnot (?:very )?technical\b|\bno time (?:for|to) (?:set ?up|onboard\w*)\b|\bskip (?:the )?onboarding\b",
       "confusing", "complicated", "setup", "onboarding", "how do i", "hands-on"),
    _c("asks for custom work",
       r"\bcustom (?:work|development|build|integrations?|features?|reports?)\b|\bbespoke\b",
       "custom"),
)  # fmt: skip


@dataclass(frozen=True)
class Hit:
    persona_id: str
    sign: str
    start: int
    end: int
    weight: float
    kind: str  # lexical | semantic


def _sign_text(p: Persona, themes: dict[int, Theme]) -> str:
    parts = list(p.warning_signs)
    for tid in p.themes[:2]:  # the themes its warning signs name
        t = themes.get(tid)
        if t is not None:
            parts += [t.label, *t.keywords[:8]]
    return " ".join(parts).lower()


def persona_concepts(
    p: Persona, themes: dict[int, Theme], member_texts: list[str] = (), all_texts: list[str] = ()
) -> list[Concept]:
    """The vocabulary's concepts this persona's signs and themes name or its members' feedback overuses."""
    text = _sign_text(p, themes)
    out = []
    for c in CONCEPTS:
        named = any(re.search(rf"\b{re.escape(t)}\b", text) for t in c.triggers)
        if named or _overused(c, member_texts, all_texts):
            out.append(c)
    return out


def _overused(c: Concept, member_texts: list[str], all_texts: list[str]) -> bool:
    if not member_texts or not all_texts:
        return False
    k_mem = sum(bool(c.pattern.search(t)) for t in member_texts)
    k_all = sum(bool(c.pattern.search(t)) for t in all_texts)
    lift = (k_mem / len(member_texts)) / max(k_all / len(all_texts), 1e-9)
    return k_mem >= FEEDBACK_MIN and lift >= FEEDBACK_LIFT


def _attribute_sign(sign: str, p: Persona) -> bool:
    """Signs that restate a defining attribute ("Agency", "1–10 employees") are matched as conditions."""
    low = sign.lower()
    return any(v.lower() in low for v in (s.partition("=")[2] for s in p.segments) if v)


@dataclass
class SignIndex:
    """Built once per persona version: each persona's concepts and the embedded anchors of its signs."""

    concepts: dict[str, list[Concept]]
    anchors: dict[str, tuple[np.ndarray, list[str]]]  # persona id -> (unit vectors, what each one is)

    @classmethod
    def build(
        cls,
        personas: list[Persona],
        themes: list[Theme],
        embed,
        member_texts: dict[str, list[str]] | None = None,
        all_texts: list[str] = (),
    ) -> SignIndex:
        by_id = {t.id: t for t in themes}
        member_texts = member_texts or {}
        concepts = {p.id: persona_concepts(p, by_id, member_texts.get(p.id, []), all_texts) for p in personas}
        anchors: dict[str, tuple[np.ndarray, list[str]]] = {}
        texts, owners, labels = [], [], []
        for p in personas:
            for s in p.warning_signs:
                if not _attribute_sign(s, p):
                    texts.append(s)
                    owners.append(p.id)
                    labels.append(s[:1].lower() + s[1:])
            for tid in p.themes:
                t = by_id.get(tid)
                if t is None:
                    continue
                for q in t.quotes[:5]:
                    texts.append(q.text)
                    owners.append(p.id)
                    # a theme label is our name for a theme, not the prospect's words: no quotation marks
                    labels.append(f"sounds like a past complaint (theme: {t.label})")
        if texts and embed is not None:
            vecs = np.asarray(embed(texts), dtype=np.float32)
            for pid in dict.fromkeys(owners):
                rows = [i for i, o in enumerate(owners) if o == pid]
                anchors[pid] = (vecs[rows], [labels[i] for i in rows])
        return cls(concepts, anchors)

    def lexical(self, text: str) -> list[Hit]:
        hits = []
        for pid, cs in self.concepts.items():
            for c in cs:
                m = c.pattern.search(text)
                if m:
                    hits.append(Hit(pid, c.label, m.start(), m.end(), 1.0, "lexical"))
        return hits

    def semantic(self, spans: list[tuple[int, int]], vecs: np.ndarray) -> list[Hit]:
        """Hits from the text's sentence spans and their unit vectors: one per persona, its closest sign."""
        hits = []
        if not len(spans):
            return hits
        for pid, (anchor_vecs, labels) in self.anchors.items():
            sim = vecs @ anchor_vecs.T
            row, col = np.unravel_index(int(np.argmax(sim)), sim.shape)
            if sim[row, col] >= SEMANTIC_SIM:
                s, e = spans[row]
                hits.append(Hit(pid, labels[col], s, e, round(float(sim[row, col]), 2), "semantic"))
        return hits
