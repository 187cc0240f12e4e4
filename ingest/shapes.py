"""Known export shapes: recognised from their columns, each gives a column mapping and a kind.

Zendesk and Freshdesk tickets (subject + description + customer comments), Intercom conversations (the
first message and the customer's parts; teammates' replies left out), G2 / Capterra / Trustpilot / App
Store / Google Play review exports (title, body, stars, date; reviewer role, company size and the rest kept
as metadata) and Twitter-style support threads (only inbound customer messages become tickets; a brand's
reply is kept as `brand_reply` metadata on the message it answers, or skipped with a reason).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core.vocab import key
from ingest.columns import ColumnIndex, ColumnMapping, date_column, email_column, pick, rating_column
from ingest.readers.base import Problem, Row


@dataclass
class Shape:
    name: str
    kind: str
    mapping: ColumnMapping
    # extra customer text from nested values (comments, conversation parts), appended after the text columns
    extra_text: Callable[[dict[str, Any]], list[str]] | None = None
    # whole-file pass before rows become records: (rows, file) -> (rows, problems, notes)
    prepare: Callable[[list[Row], ColumnMapping, str], tuple[list[Row], list[Problem], list[str]]] | None = None
    notes: list[str] = field(default_factory=list)


# --- helpers ------------------------------------------------------------------------------------------
_HTML_TAG = re.compile(r"</?(?:p|br|div|span|a|b|i|u|strong|em|ul|ol|li|h[1-6]|blockquote|img|table|tr|td)\b[^>]*>", re.I)
_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|div|li|h[1-6]|blockquote|tr)>", re.I)
_ANY_TAG = re.compile(r"<[^>]+>")


def strip_html(text: str) -> str:
    """Plain text from an HTML message body (Intercom, Zendesk html_body); plain text is returned as is."""
    if not text or not _HTML_TAG.search(text):
        return text
    text = _BLOCK_END.sub("\n", text)
    text = html.unescape(_ANY_TAG.sub("", text))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out = "\n".join(line for line in lines if line)
    return out.strip()


def _pick(by_key: dict[str, str], *keys: str) -> str | None:
    return pick(by_key, keys)


def _contains(columns: list[str], *fragments: str) -> list[str]:
    return [c for c in columns if any(f in key(c) for f in fragments)]


def _truthy(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    s = str(value).strip().lower()
    if s in ("true", "t", "1", "yes", "y", "inbound", "customer", "user"):
        return True
    if s in ("false", "f", "0", "no", "n", "outbound", "brand", "agent", "admin"):
        return False
    return None


# --- tickets ------------------------------------------------------------------------------------------
def _zendesk_comments(values: dict[str, Any]) -> list[str]:
    comments = values.get("comments")
    if not isinstance(comments, list):
        return []
    requester = values.get("requester_id")
    description = str(values.get("description") or "").strip()
    out = []
    for c in comments:
        if not isinstance(c, dict) or c.get("public") is False:
            continue
        if requester is not None and c.get("author_id") not in (None, requester):
            continue  # an agent's reply
        body = strip_html(str(c.get("plain_body") or c.get("body") or c.get("html_body") or "")).strip()
        if body and body != description:
            out.append(body)
    return out


def _zendesk(columns: list[str], k: dict[str, str]) -> Shape | None:
    if "subject" not in k:
        return None
    zendeskish = {"requester", "requesterid", "requesteremail", "organizationid", "via", "submitterid",
                  "assigneeid", "satisfactionscore", "satisfactionrating", "ticketform", "brandid"}
    if not (zendeskish & set(k)) or not ({"description", "comments"} & set(k) or "id" in k or "ticketid" in k):
        return None
    if "freshdesk" in " ".join(columns).lower():
        return None
    text = [c for c in (_pick(k, "description"),) if c]
    return Shape(
        name="zendesk",
        kind="ticket",
        mapping=ColumnMapping(
            text=text,
            title=k["subject"],
            id=_pick(k, "ticketid", "id"),
            customer_id=_pick(k, "organizationid", "organization", "requesterid", "requester", "requesteremail"),
            created_at=_pick(k, "createdat", "created"),
            email=_pick(k, "requesteremail", "email"),
            drop={c for c in (k.get("comments"), k.get("rawsubject")) if c},
        ),
        extra_text=_zendesk_comments if "comments" in k else None,
    )


def _freshdesk(columns: list[str], k: dict[str, str]) -> Shape | None:
    if not ("subject" in k and "ticketid" in k):
        return None
    if not ({"createdtime", "contactid", "fullname", "agentinteractions", "customerinteractions", "requesterid",
             "duebytime", "resolvedtime", "descriptiontext"} & set(k)):
        return None
    text = _pick(k, "descriptiontext", "description")
    return Shape(
        name="freshdesk",
        kind="ticket",
        mapping=ColumnMapping(
            text=[text] if text else [],
            title=k["subject"],
            id=k["ticketid"],
            customer_id=_pick(k, "companyid", "companyname", "company", "contactid", "requesterid", "email",
                              "requesteremail"),
            created_at=_pick(k, "createdtime", "createdat", "created"),
            email=_pick(k, "email", "requesteremail", "contactemail"),
            drop={c for c in (k.get("description"),) if c and c != text and "descriptiontext" in k},
        ),
    )


def _intercom_parts(values: dict[str, Any]) -> list[str]:
    parts = values.get("conversation_parts")
    if isinstance(parts, dict):
        parts = parts.get("conversation_parts")
    if not isinstance(parts, list):
        return []
    out = []
    for p in parts:
        if not isinstance(p, dict):
            continue
        author = p.get("author") if isinstance(p.get("author"), dict) else {}
        if str(author.get("type", "user")).lower() not in ("user", "lead", "contact"):
            continue  # admins, bots and teammates
        body = strip_html(str(p.get("body") or "")).strip()
        if body:
            out.append(body)
    return out


def _intercom(columns: list[str], k: dict[str, str]) -> Shape | None:
    has_parts = "conversationparts" in k or any(c.startswith("conversation_parts") for c in columns)
    if not ("conversationid" in k or has_parts or "sourcebody" in k):
        return None
    text = _pick(k, "sourcebody", "firstmessage", "conversationfirstmessage", "initialmessage", "body", "message",
                 "text", "content")
    if text is None and not has_parts:
        return None
    return Shape(
        name="intercom",
        kind="ticket",
        mapping=ColumnMapping(
            text=[text] if text else [],
            title=_pick(k, "title", "sourcesubject", "subject"),
            id=_pick(k, "conversationid", "id"),
            customer_id=_pick(k, "companyid", "sourceauthorid", "contactid", "userid", "contactsid",
                              "contactscontacts0id", "customerid"),
            created_at=_pick(k, "createdat", "created"),
            email=_pick(k, "sourceauthoremail", "useremail", "contactemail", "email"),
            drop={c for c in columns if c.startswith("conversation_parts")},
        ),
        extra_text=_intercom_parts if has_parts else None,
    )


def _twitter_prepare(rows: list[Row], mapping: ColumnMapping, file: str) -> tuple[list[Row], list[Problem], list[str]]:
    inbound_col, text_col = mapping.inbound, mapping.text[0]
    id_col = mapping.id
    reply_to = next((c for c in rows[0].values if key(c) == "inresponsetotweetid"), None) if rows else None
    keep: list[Row] = []
    replies: list[Row] = []
    problems: list[Problem] = []
    for row in rows:
        flag = _truthy(row.values.get(inbound_col))
        if flag is False:
            replies.append(row)
        else:
            keep.append(row)
    by_id = {str(r.values.get(id_col, "")).strip(): r for r in keep} if id_col else {}
    attached = 0
    for r in replies:
        target = by_id.get(str(r.values.get(reply_to, "")).strip()) if reply_to else None
        if target is None:
            problems.append(Problem(file, r.line, "brand reply (inbound=False), not customer text"))
            continue
        text = str(r.values.get(text_col, "")).strip()
        prev = target.values.get("brand_reply")
        target.values["brand_reply"] = f"{prev}\n\n{text}" if prev else text
        author = mapping.customer_id and str(r.values.get(mapping.customer_id, "")).strip()
        if author:
            target.values["brand"] = author
        attached += 1
    notes = [f"{attached} brand replies kept as metadata (brand_reply) of the messages they answer"] if attached else []
    return keep, problems, notes


def _twitter(columns: list[str], k: dict[str, str]) -> Shape | None:
    if "inbound" not in k:
        return None
    text = _pick(k, "text", "body", "message", "content", "tweet")
    if not text:
        return None
    return Shape(
        name="twitter",
        kind="ticket",
        mapping=ColumnMapping(
            text=[text],
            id=_pick(k, "tweetid", "messageid", "id"),
            customer_id=_pick(k, "authorid", "userid", "customerid", "username", "screenname"),
            created_at=_pick(k, "createdat", "created", "date", "timestamp"),
            inbound=k["inbound"],
        ),
        prepare=_twitter_prepare,
    )


# --- reviews ------------------------------------------------------------------------------------------
def _g2(columns: list[str], k: dict[str, str]) -> Shape | None:
    likes = _contains(columns, "likebest", "whatdoyoulike")
    dislikes = _contains(columns, "dislike")
    if not (likes or dislikes):
        return None
    more = _contains(columns, "recommendationstoothers", "problemsis", "problemsare", "problemssolving", "benefits")
    text = list(dict.fromkeys(likes + dislikes + more))
    return Shape(
        name="g2",
        kind="review",
        mapping=ColumnMapping(
            text=text,
            title=_pick(k, "reviewtitle", "title", "headline"),
            id=_pick(k, "reviewid", "id"),
            customer_id=_pick(k, "customerid", "accountid", "companyid"),
            created_at=_pick(k, "reviewdate", "date", "submittedat", "publisheddate", "createdat"),
            rating=_pick(k, "starrating", "overallrating", "rating", "stars", "score"),
        ),
    )


def _capterra(columns: list[str], k: dict[str, str]) -> Shape | None:
    if not ("pros" in k and "cons" in k):
        return None
    main = _pick(k, "review", "overallcomments", "comments", "reviewtext", "content", "body", "summary")
    text = [c for c in (main, k["pros"], k["cons"]) if c]
    title = _pick(k, "title", "reviewtitle", "headline")
    return Shape(
        name="capterra",
        kind="review",
        mapping=ColumnMapping(
            text=text,
            title=title if title not in text else None,
            id=_pick(k, "reviewid", "id"),
            customer_id=_pick(k, "customerid", "accountid", "companyid"),
            created_at=_pick(k, "reviewdate", "date", "writtenon", "createdat"),
            rating=_pick(k, "overallrating", "rating", "stars", "starrating"),
        ),
    )


def _trustpilot(columns: list[str], k: dict[str, str]) -> Shape | None:
    text = _pick(k, "reviewcontent", "reviewbody", "reviewtext")
    stars = _pick(k, "reviewstars", "stars", "rating", "reviewrating", "starrating")
    trustpilot_only = {"reviewcontent", "reviewstars", "referenceid", "reviewcreatedutc", "consumername",
                       "consumerid", "businessunitid", "reviewcreated"}
    if not (text and stars and trustpilot_only & set(k)):
        return None
    return Shape(
        name="trustpilot",
        kind="review",
        mapping=ColumnMapping(
            text=[text],
            title=_pick(k, "reviewtitle", "title"),
            id=_pick(k, "reviewid", "id"),
            customer_id=_pick(k, "referenceid", "customerid", "consumerid"),
            created_at=_pick(k, "reviewcreatedutc", "reviewdate", "date", "createdat") or date_column(columns),
            rating=stars,
            email=email_column(columns),
        ),
    )


def _app_store(columns: list[str], k: dict[str, str]) -> Shape | None:
    version = _pick(k, "appversionname", "appversioncode", "appversion", "version", "appversionnumber")
    device = {"device", "territory", "country", "storefront", "packagename", "reviewerlanguage", "appname", "os"}
    text = _pick(k, "reviewtext", "review", "body", "content", "text")
    rating = _pick(k, "starrating", "rating", "stars", "score")
    if not (text and rating and (version or device & set(k))):
        return None
    return Shape(
        name="app_store",
        kind="review",
        mapping=ColumnMapping(
            text=[text],
            title=_pick(k, "reviewtitle", "title"),
            id=_pick(k, "reviewid", "id", "reviewlink"),
            customer_id=_pick(k, "customerid", "userid", "accountid"),
            created_at=_pick(k, "reviewsubmitdateandtime", "reviewdate", "date", "lastupdated", "createdat")
            or date_column(columns),
            rating=rating,
        ),
    )


DETECTORS = (_twitter, _intercom, _freshdesk, _zendesk, _g2, _capterra, _trustpilot, _app_store)


def detect_shape(columns: list[str]) -> Shape | None:
    """The known export this file looks like, or None."""
    k = ColumnIndex(columns).by_key
    for detect in DETECTORS:
        shape = detect(columns, k)
        if shape is not None:
            if shape.mapping.rating is None and shape.kind == "review":
                shape.mapping.rating = rating_column(columns)
            return shape
    return None
