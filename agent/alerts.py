"""Alerts to a chat channel (ANTIPERSONA_WEBHOOK_URL, a Slack-compatible incoming webhook): a scheduled
refresh that made a material persona change (agent/changes.py decides what is material), and a batch that
scored leads as negative. Sent on a background thread with retries (core/webhook.py): an alert never delays
or fails the refresh or the batch.

What an alert carries: persona names, counts and the change report's material lines (figures and
intervals). Customer text — verbatim quotes of persona members, a lead's own words — only when
ANTIPERSONA_WEBHOOK_QUOTES=1.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import TYPE_CHECKING

from core.safe_text import clip

if TYPE_CHECKING:
    from core.models import PersonaSet, Verdict
    from core.settings import Settings

BACKOFF = 1.0  # seconds before the first retry; doubles each time
MAX_LINES = 12


def _escape(text: str) -> str:
    """Slack's three control characters in message text (its formatting docs): &, <, >."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def refresh_text(changes: dict, personas: PersonaSet | None, quotes: bool = False) -> str | None:
    """The message for a refresh's change report, or None when nothing material changed."""
    material = list(changes.get("material") or [])
    if not material:
        return None
    version = changes.get("to_version")
    lines = [f"antipersona: personas version {version} made {len(material)} material change(s)"]
    lines += [f"• {_escape(m)}" for m in material[:MAX_LINES]]
    if len(material) > MAX_LINES:
        lines.append(f"• … and {len(material) - MAX_LINES} more")
    if quotes and personas is not None:
        new_ids = {p["id"] for p in changes.get("new_personas", [])}
        for p in personas.personas:
            if p.id not in new_ids:
                continue
            for q in p.quotes[:2]:
                lines.append(f'> {_escape(p.name)}: "{_escape(clip(q.text, 300))}" (record {_escape(q.record_id)})')
    return "\n".join(lines)


def batch_text(verdicts: list[Verdict], texts: list[str], source: str = "", quotes: bool = False) -> str | None:
    """The message for a scored batch with negative leads, or None when none scored negative."""
    negative = [(v, t) for v, t in zip(verdicts, texts, strict=False) if v.verdict == "negative"]
    if not negative:
        return None
    where = f" in {_escape(source)}" if source else ""
    lines = [f"antipersona: {len(negative):,} of {len(verdicts):,} leads{where} scored negative"]
    by_persona = Counter(v.persona_name or "no single persona" for v, _ in negative)
    lines += [f"• {_escape(name)}: {n:,}" for name, n in by_persona.most_common(MAX_LINES)]
    if quotes:
        for v, text in negative[:5]:
            flag = v.red_flags[0] if v.red_flags else None
            words = flag.evidence if flag and flag.evidence else text
            lines.append(f'> {_escape(v.persona_name or "negative")} ({v.score:.0%}): "{_escape(clip(words, 200))}"')
    return "\n".join(lines)


def send(settings: Settings, text: str | None) -> threading.Thread | None:
    """Post `text` in the background when a webhook is set; the thread, to join if the caller must wait."""
    if not text or settings.webhook_url is None:
        return None
    url = settings.webhook_url.get_secret_value().strip()
    if not url.lower().startswith(("https://", "http://")):
        if url:
            import logging

            logging.getLogger("antipersona.alerts").error("ANTIPERSONA_WEBHOOK_URL must be an http(s) URL")
        return None
    from core.webhook import post_in_background

    return post_in_background(
        url, {"text": text}, retries=settings.webhook_retries, timeout=settings.webhook_timeout, backoff=BACKOFF
    )


def notify_refresh(settings: Settings, result) -> threading.Thread | None:
    """After a refresh (a `RefreshResult`): alert on material persona changes. Never raises."""
    try:
        if result is None or result.skipped:
            return None
        return send(settings, refresh_text(result.changes, result.personas, quotes=settings.webhook_quotes))
    except Exception:  # an alert must never fail what it reports on
        import logging

        logging.getLogger("antipersona.alerts").exception("refresh alert not sent")
        return None


def notify_batch(
    settings: Settings, verdicts: list[Verdict], texts: list[str], source: str = ""
) -> threading.Thread | None:
    """After scoring a batch of leads: alert when some scored negative. Never raises."""
    try:
        return send(settings, batch_text(verdicts, texts, source, quotes=settings.webhook_quotes))
    except Exception:
        import logging

        logging.getLogger("antipersona.alerts").exception("batch alert not sent")
        return None
