"""Named crash points for the crash-safety tests (tests/reliability/test_crash_safety.py).

`crash_point(name)` does nothing unless the environment variable ANTIPERSONA_CRASH_AT is `name` or
`name:N`; then the process kills itself with SIGKILL (no cleanup, no finally blocks, exactly like a power
cut or the OOM killer) the N-th time (default the first) it reaches that point. Unset, it costs one
environment look-up. The points, in the order a run reaches them:

    ingest.vectors_written    a batch's chunks are in Chroma, its SQLite rows not yet committed
    ingest.batch_stored       a batch is fully stored (Chroma and SQLite)
    accounts.table_written    accounts.parquet replaced, accounts.json and the row hashes not yet
    refresh.changes_written   changes/vNNNN.json written, personas/vNNNN.json not yet
    atomic_write.before_rename  a temp file is complete and fsynced, not yet renamed over its target
    reembed.staged            `ingest --reembed`: the staged collection is complete, the old one not dropped
    reembed.old_dropped       the old collection dropped, the staged one not yet renamed in its place
"""

from __future__ import annotations

import os
import signal
import threading

ENV = "ANTIPERSONA_CRASH_AT"
_seen: dict[str, int] = {}
_lock = threading.Lock()


def crash_point(name: str) -> None:
    spec = os.environ.get(ENV)
    if not spec:
        return
    target, _, nth = spec.partition(":")
    if target != name:
        return
    with _lock:
        _seen[name] = _seen.get(name, 0) + 1
        if _seen[name] >= int(nth or 1):
            os.kill(os.getpid(), signal.SIGKILL)
