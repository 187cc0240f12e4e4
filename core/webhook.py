"""Posting to a Slack-compatible incoming webhook: JSON `{"text": ...}`, retried with exponential backoff on
a connection error, a timeout, HTTP 429 or 5xx, on a daemon thread so the caller (a refresh, a batch) never
waits for it and never fails because of it. Failures are logged, never raised. The URL is a secret (Slack's
carries the token): it is never logged, only its host."""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

log = logging.getLogger("antipersona.webhook")


def _retryable(exc: Exception) -> bool:
    if isinstance(exc, urllib.error.HTTPError):
        return exc.code == 429 or exc.code >= 500
    return isinstance(exc, (urllib.error.URLError, TimeoutError, ConnectionError, OSError))


def post(url: str, payload: dict, retries: int = 3, timeout: float = 5.0, backoff: float = 1.0) -> bool:
    """Send once plus up to `retries` retries (waiting backoff, 2×backoff, 4×backoff...). True when a 2xx
    answer came back."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    host = urlsplit(url).hostname or "?"
    for attempt in range(retries + 1):
        req = urllib.request.Request(
            url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - the user's own URL
                resp.read(1024)
                return True
        except Exception as exc:  # every failure is logged and maybe retried, none escapes
            detail = f"HTTP {exc.code}" if isinstance(exc, urllib.error.HTTPError) else type(exc).__name__
            if attempt < retries and _retryable(exc):
                log.warning("webhook to %s failed (%s); retry %d of %d", host, detail, attempt + 1, retries)
                time.sleep(backoff * (2**attempt))
                continue
            log.error("webhook to %s failed (%s); alert dropped after %d attempt(s)", host, detail, attempt + 1)
            return False
    return False


def post_in_background(
    url: str, payload: dict, retries: int = 3, timeout: float = 5.0, backoff: float = 1.0
) -> threading.Thread:
    """`post` on a daemon thread, started; join it to wait (a short-lived CLI does, bounded)."""
    t = threading.Thread(
        target=post, args=(url, payload, retries, timeout, backoff), name="antipersona-webhook", daemon=True
    )
    t.start()
    return t
