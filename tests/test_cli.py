"""The CLI: every command is listed with help, and `--help` stays instant (no heavy imports)."""

import subprocess
import sys

from netguard import guarded_env
from typer.testing import CliRunner

from ui.cli import app

COMMANDS = ["ingest", "refresh", "themes", "personas", "check", "serve", "demo", "export", "embeddings", "feedback"]


def test_help_lists_every_command_with_a_description():
    res = CliRunner().invoke(app, ["--help"])
    assert res.exit_code == 0
    for cmd in COMMANDS:
        assert cmd in res.output
        sub = CliRunner().invoke(app, [cmd, "--help"])
        assert sub.exit_code == 0 and "--workspace" in sub.output


def test_help_imports_nothing_heavy():
    code = (
        "import sys; from ui.cli import app; from typer.testing import CliRunner; "
        "CliRunner().invoke(app, ['--help']); "
        "heavy = [m for m in ('torch', 'gradio', 'chromadb', 'sentence_transformers', 'langchain', 'pandas', 'sklearn', 'onnxruntime', 'onnx', 'tokenizers') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=guarded_env(), check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_personas_without_data_gives_a_clear_error(settings):
    s = settings()
    res = CliRunner().invoke(app, ["personas", "-w", str(s.workspace)])
    assert res.exit_code == 1
    assert "no personas yet" in res.output and "Traceback" not in res.output
