"""The attendee page's pure rules (Web/js/attendee/form-logic.js), checked with node."""

from __future__ import annotations

from support import run_node_checks


def test_form_logic_rules(tmp_path):
    result = run_node_checks("form_logic_checks.mjs", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "form logic checks passed" in result.stdout
