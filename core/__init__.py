"""Shared core of antipersona: settings, record types, workspace and backend factories.

Importing it pins the offline guarantees before any heavy library can read its environment: no model hub
look-ups, no telemetry, no analytics. These are not defaults a user overrides by accident; a network call
happens only through a backend the settings configure (OpenAI-compatible LLM/embeddings, Chroma server).
"""

import os

_OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
}
for _k, _v in _OFFLINE_ENV.items():
    os.environ[_k] = _v
