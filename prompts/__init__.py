"""Prompts live as Markdown files beside this module, one per task; code only fills their slots.

A template uses `{{name}}` slots. Untrusted customer text is only ever placed inside the delimited data
block that each prompt declares (see `data_block`), never spliced into instructions.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

PROMPT_DIR = Path(__file__).resolve().parent
_SLOT = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


@lru_cache(maxsize=32)
def load(name: str) -> str:
    path = PROMPT_DIR / f"{name}.md"
    return path.read_text(encoding="utf-8")


def render(name: str, **values: Any) -> str:
    """Fill a prompt's slots; a missing value is an error, not a silent empty string."""
    text = load(name)

    def sub(m: re.Match) -> str:
        key = m.group(1)
        if key not in values:
            raise KeyError(f"prompt {name!r} needs a value for {key!r}")
        return str(values[key])

    return _SLOT.sub(sub, text)


def data_block(payload: Any, tag: str = "data") -> str:
    """Serialise untrusted data as JSON inside <tag>…</tag>; any closing tag inside is defused.

    Defused in every spelling a model might read as the end of the block (`</DATA>`, `</data >`,
    `< /data>`): a backslash goes before the slash, as in `<\\/data>`.
    """
    body = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False, indent=1)
    body = re.sub(rf"<(\s*)/(\s*{re.escape(tag)}\s*>)", r"<\1\\/\2", body, flags=re.I)
    return f"<{tag}>\n{body}\n</{tag}>"


USER_MARK = "\n=== user ===\n"


def render_pair(name: str, **values: Any) -> tuple[str, str]:
    """A prompt file holds the system message, a line `=== user ===`, then the user message."""
    text = render(name, **values)
    if USER_MARK not in text:
        raise ValueError(f"prompt {name!r} lacks the '=== user ===' separator")
    system, user = text.split(USER_MARK, 1)
    return system.strip(), user.strip()
