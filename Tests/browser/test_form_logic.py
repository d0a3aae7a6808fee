"""The attendee page's pure rules (Web/js/attendee/form-logic.js), checked with node."""

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
    # A copy of Web/js marked as ES modules, so node loads the page's modules as they are.
    shutil.copytree(REPO_ROOT / "Web" / "js", tmp_path / "js")
    (tmp_path / "js" / "package.json").write_text('{"type": "module"}\n', encoding="utf-8")
    result = subprocess.run(
        [node, str(HERE / "form_logic_checks.mjs"), str(tmp_path / "js")],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "form logic checks passed" in result.stdout
