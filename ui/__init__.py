"""User interfaces: the CLI (typer), the Gradio app and the refresh scheduler. Thin: no computation here."""
