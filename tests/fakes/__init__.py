"""Test doubles. `fakes.openai_server` is the scripted OpenAI-compatible server used by every LLM test."""
