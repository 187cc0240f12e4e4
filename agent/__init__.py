"""Analysis: complaints → themes → costs → personas (versioned refresh) → verdicts and chat."""
