"""The console's CSV cells (Web/js/shared/csv.js, the invitation codes' CSV), checked with node
against the same table as the server's CSVFormatTests."""

from __future__ import annotations

from support import run_node_checks


def test_csv_cells_neutralize_formulas(tmp_path):
    result = run_node_checks("csv_checks.mjs", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "csv checks passed" in result.stdout
