"""`meeting-eval migrate --from FILE --to postgres://…` over real processes: a SQLite database
with responses, an exclusion, accounts, a token, invitation codes, organizations,
memberships, questionnaire owners and a venue's observation record is copied into a new
PostgreSQL database; every table arrives whole, the command's own check of every scorecard
passes, the accounts sign in against the copy, and a second run into the now non-empty
database is refused without changing it."""

from __future__ import annotations

import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from live_server import server_binary
from postgres_support import cluster  # noqa: F401

TABLES = ["questionnaireVersion", "evaluation", "response", "responseExclusion", "account", "apiToken",
          "invitation", "auditEvent", "organization", "membership", "questionnaireOwner", "observation"]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([server_binary(), *args], input=stdin, capture_output=True, text=True, timeout=300)


def test_migrate_copies_everything_and_proves_it(cluster, tmp_path: Path):
    source = tmp_path / "meeting-eval.sqlite"
    assert run("demo", "--database", str(source), "--responses", "400").returncode == 0
    added = run("user", "add", "auditor", "--role", "evaluator", "--organization", "default",
                "--database", str(source), stdin="a-long-password-1\n")
    assert added.returncode == 0, added.stderr
    token = run("user", "token", "auditor", "--label", "export", "--database", str(source))
    assert token.returncode == 0, token.stderr
    with closing(sqlite3.connect(source)) as db:
        # A venue's observation record (the writer makes one for an observer's response).
        db.execute("INSERT INTO observation (evaluationId, venue, responseId) "
                   "SELECT evaluationId, venue, id FROM response WHERE venue IS NOT NULL LIMIT 1")
        db.commit()
    with closing(sqlite3.connect(source)) as db:
        counts = {table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in TABLES}
    assert counts["response"] == 400 and counts["account"] == 1 and counts["apiToken"] == 1
    assert counts["organization"] == 1 and counts["membership"] == 1 and counts["questionnaireOwner"] >= 1
    assert counts["observation"] == 1
    with closing(sqlite3.connect(source)) as db:
        organizations = db.execute("SELECT id, name, createdAt FROM organization").fetchall()

    target = cluster.database()
    moved = run("migrate", "--from", str(source), "--to", target)
    assert moved.returncode == 0, moved.stderr
    assert "every scorecard and included-responses digest is identical" in moved.stdout, moved.stdout
    for table in TABLES:
        assert int(cluster.psql(f"SELECT COUNT(*) FROM {table}", target)) == counts[table], table
    # The default organization is the source's row, not the one the new database started with.
    assert cluster.psql("SELECT id || ' ' || name || ' ' || createdAt FROM organization", target) == " ".join(organizations[0])
    assert cluster.psql("SELECT organizationId FROM membership", target) == "default"
    assert cluster.psql("SELECT DISTINCT organization FROM evaluation", target) == "default"

    # The copy is a working database: its accounts are there, and its scorecard answers.
    listed = run("user", "list", "--database", target)
    assert listed.returncode == 0 and "auditor" in listed.stdout and "default" in listed.stdout, listed.stderr
    evaluation_id = cluster.psql("SELECT id FROM evaluation", target)
    card = run("scorecard", evaluation_id, "--format", "csv", "--database", target)
    assert card.returncode == 0, card.stderr

    # A second run is refused and leaves the target as it was.
    before = cluster.psql("SELECT COUNT(*) FROM auditEvent", target)
    again = run("migrate", "--from", str(source), "--to", target)
    assert again.returncode != 0 and "not empty" in again.stderr, again.stderr
    assert cluster.psql("SELECT COUNT(*) FROM auditEvent", target) == before


def test_migrate_refuses_a_missing_source_and_a_bad_url(tmp_path: Path):
    missing = run("migrate", "--from", str(tmp_path / "none.sqlite"), "--to", "postgres://x@127.0.0.1/y")
    assert missing.returncode != 0 and "no database at" in missing.stderr
    source = tmp_path / "a.sqlite"
    assert run("demo", "--database", str(source), "--responses", "5").returncode == 0
    bad = run("migrate", "--from", str(source), "--to", "postgres://127.0.0.1/y")
    assert bad.returncode != 0 and "no user" in bad.stderr, bad.stderr
