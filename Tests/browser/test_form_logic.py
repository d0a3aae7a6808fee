"""The attendee page's pure rules (Web/js/form-logic.js), checked with node."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from support import REPO_ROOT

HERE = Path(__file__).resolve().parent


def test_form_logic_rules(tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    # The modules import each other as `./x.js`; as .mjs copies node loads them as modules.
    for name in ("form-logic", "i18n"):
        source = (REPO_ROOT / "Web" / "js" / f"{name}.js").read_text(encoding="utf-8")
        (tmp_path / f"{name}.mjs").write_text(source, encoding="utf-8")
    result = subprocess.run(
        [node, str(HERE / "form_logic_checks.mjs"), str(tmp_path)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "form logic checks passed" in result.stdout
