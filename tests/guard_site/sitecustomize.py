"""Installs tests/netguard.py in any Python process started with tests/guard_site on PYTHONPATH.

Tests that run the CLI (or any script) in a subprocess pass `env=guarded_env()` (tests/netguard.py) so the
child is held to the same rule as the test process: loopback only. The guard is loaded by file path, so
the child needs nothing else from the tests folder on its path.
"""

import importlib.util
import sys
from pathlib import Path

_path = Path(__file__).resolve().parent.parent / "netguard.py"
_spec = importlib.util.spec_from_file_location("netguard", _path)
if _spec is not None and _spec.loader is not None and "netguard" not in sys.modules:
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["netguard"] = _module
    _spec.loader.exec_module(_module)
    _module.install()
