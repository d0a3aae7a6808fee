#!/usr/bin/env python3
"""Crash test: no acknowledged submission is lost or stored twice when the server is killed.

Usage (from anywhere; paths are found from this file's location):

    python3 Benchmarks/submissions/crash.py [--rounds 10] [--threads 16] [--sample 100]
        [--seed N] [--binary PATH] [--postgres]

With --postgres the server runs on PostgreSQL (a throwaway cluster started in the temporary
folder with scripts/postgres-test-cluster); (b) is then PostgreSQL's own: the primary key and
the foreign keys hold by construction, and the rows are read with psql.

Without --binary the release binary is built first (`swift build -c release --scratch-path
.build-release --product meeting-eval`) and `.build-release/release/meeting-eval` is used.

It starts `meeting-eval serve` on a fresh database in a temporary folder, creates and opens an
evaluation of the shipped `teleconference` questionnaire (six venues, three rater groups),
and then runs the rounds. In each round --threads client threads, each with its own
keep-alive HTTP connection, submit complete responses with fresh ids and random venues,
rater groups and answers as fast as the server answers; at a random moment 0.5–3 s into the
round the server is killed with SIGKILL and started again on the same database and port.

Every id whose request got a 201 or 200 is *acknowledged*; every id whose request got no
answer is *in flight*. After each restart:

  (a) every acknowledged id is in the `response` table exactly once, with the `receivedAt`
      of its receipt, and the table holds no id the clients never sent;
  (b) `PRAGMA integrity_check` (and `foreign_key_check`) of the file is clean;
  (c) a sample of acknowledged ids (--sample, drawn from every round so far) is sent again
      with the same body and answers 200 with exactly the original receipt; every in-flight
      id is sent again and answers 201 (it was not stored: no row before) or 200 (it was
      committed before the kill: the row was there, same receipt) and never an error; the
      table then holds exactly one row per id ever acknowledged.

One line per round; any violation is printed with the server log's tail and the exit status
is 1. At the end the server is stopped with SIGTERM and the file is checked once more.
--seed fixes the random answers and kill moments (the timing of the load itself varies).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from harness import (ROOT, LiveServer, ServerStartError, log_tail, make_response, open_evaluation, release_binary,
                     serve)

REQUEST_TIMEOUT = 30.0


# ----------------------------------------------------------------------------- server


def start_server(binary: str, folder: Path, database: str | None = None) -> LiveServer:
    """`meeting-eval serve` on a database (SQLite in `folder`, or PostgreSQL) and a port that stay
    the same when it is started again after every kill (`LiveServer.start`)."""
    # PostgreSQL: the signing key must be named (every server on the database shares it).
    extra = ["--signing-key", str(folder / "signing-key.pem")] if database else []
    return serve(binary, folder, database or folder / "crash.sqlite", extra, log_name="serve.log")


def start_again(server: LiveServer) -> None:
    try:
        server.start()
    except ServerStartError as error:
        raise Failure(str(error)) from None


class Failure(Exception):
    """A broken guarantee or a test run that cannot go on."""


# ----------------------------------------------------------------------------- submissions


@dataclass
class Acknowledged:
    body: bytes
    receipt: dict
    status: int
    round: int


@dataclass
class ClientResult:
    acknowledged: dict[str, Acknowledged] = field(default_factory=dict)
    in_flight: dict[str, bytes] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # violations seen while the server was up


def client(index: int, round_number: int, seed: int, port: int, path: str, stop: threading.Event,
           result: ClientResult) -> None:
    """Submits fresh responses on one keep-alive connection until `stop`; the request that
    gets no answer (the server was killed) is kept as in flight."""
    rng = random.Random(f"{seed}/{round_number}/{index}")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    headers = {"Content-Type": "application/json"}
    try:
        while not stop.is_set():
            response_id, body = make_response(rng)
            try:
                connection.request("POST", path, body=body, headers=headers)
                answer = connection.getresponse()
                data = answer.read()
            except (OSError, http.client.HTTPException) as error:
                result.in_flight[response_id] = body
                if not stop.is_set():
                    result.errors.append(f"client {index}: {response_id} got no answer while the server was up: "
                                         f"{error!r}")
                return
            if answer.status in (200, 201):
                try:
                    receipt = json.loads(data)
                except ValueError:
                    receipt = {}
                if receipt.get("id") != response_id or "receivedAt" not in receipt:
                    result.errors.append(f"client {index}: {response_id}: {answer.status} with a bad receipt {data!r}")
                result.acknowledged[response_id] = Acknowledged(body, receipt, answer.status, round_number)
            else:
                result.errors.append(f"client {index}: {response_id}: unexpected {answer.status}: {data[:300]!r}")
                return
    finally:
        connection.close()


def resubmit(port: int, path: str, body: bytes) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("POST", path, body=body, headers={"Content-Type": "application/json"})
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


# ----------------------------------------------------------------------------- checks


def read_database(database: Path | str) -> tuple[dict[str, str], list, list, list]:
    """(id → receivedAt, duplicate ids, integrity_check rows, foreign_key_check rows), read-only."""
    if isinstance(database, str):
        target = database.replace("postgres://", "postgresql://", 1)

        def psql(sql: str) -> list[list[str]]:
            out = subprocess.run(["psql", "-X", "-A", "-t", "-F", "|", "-d", target, "-c", sql],
                                 capture_output=True, text=True, check=True).stdout
            return [line.split("|") for line in out.splitlines() if line]

        duplicates = psql("SELECT id, COUNT(*) FROM response GROUP BY id HAVING COUNT(*) > 1")
        stored = {row[0]: row[1] for row in psql("SELECT id, receivedAt FROM response")}
        return stored, duplicates, [("ok",)], []
    with sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True, timeout=30) as db:
        duplicates = db.execute("SELECT id, COUNT(*) FROM response GROUP BY id HAVING COUNT(*) > 1").fetchall()
        stored = dict(db.execute("SELECT id, receivedAt FROM response").fetchall())
        integrity = db.execute("PRAGMA integrity_check").fetchall()
        foreign_keys = db.execute("PRAGMA foreign_key_check").fetchall()
    return stored, duplicates, integrity, foreign_keys


def check_database(database: Path, acknowledged: dict[str, Acknowledged], in_flight: dict[str, bytes],
                   violations: list[str]) -> dict[str, str]:
    """Checks (a) and (b); returns id → receivedAt of every stored row."""
    stored, duplicates, integrity, foreign_keys = read_database(database)
    if duplicates:
        violations.append(f"{len(duplicates)} ids are stored more than once, e.g. {duplicates[:5]}")
    missing = [i for i in acknowledged if i not in stored]
    if missing:
        violations.append(f"{len(missing)} acknowledged ids are not in the database, e.g. {missing[:5]}")
    changed = [i for i, a in acknowledged.items() if i in stored and stored[i] != a.receipt.get("receivedAt")]
    if changed:
        violations.append(f"{len(changed)} stored rows differ from their receipt's receivedAt, e.g. "
                          + ", ".join(f"{i}: {stored[i]} vs {acknowledged[i].receipt.get('receivedAt')}"
                                      for i in changed[:3]))
    unknown = [i for i in stored if i not in acknowledged and i not in in_flight]
    if unknown:
        violations.append(f"{len(unknown)} stored ids were never sent, e.g. {unknown[:5]}")
    if integrity != [("ok",)]:
        violations.append(f"PRAGMA integrity_check: {integrity[:10]}")
    if foreign_keys:
        violations.append(f"PRAGMA foreign_key_check: {foreign_keys[:10]}")
    return stored


def check_replays(port: int, path: str, acknowledged: dict[str, Acknowledged], in_flight: dict[str, bytes],
                  stored: dict[str, str], sample: list[str], round_number: int, violations: list[str]) -> tuple[int, int]:
    """Check (c). Resolves every in-flight id into an acknowledged one; returns how many of
    them were already stored (200) and how many were stored now (201)."""
    for response_id in sample:
        original = acknowledged[response_id]
        status, data = resubmit(port, path, original.body)
        receipt = json.loads(data) if status in (200, 201) else None
        if status != 200 or receipt != original.receipt:
            violations.append(f"replay of acknowledged {response_id}: {status} {data[:300]!r}, "
                              f"expected 200 {original.receipt}")
    were_stored = stored_now = 0
    for response_id, body in list(in_flight.items()):
        try:
            status, data = resubmit(port, path, body)
        except (OSError, http.client.HTTPException) as error:
            violations.append(f"resubmission of in-flight {response_id} got no answer: {error!r}")
            continue
        if status not in (200, 201):
            violations.append(f"resubmission of in-flight {response_id}: {status} {data[:300]!r}")
            continue
        receipt = json.loads(data)
        if status == 200:
            were_stored += 1
            if response_id not in stored:
                violations.append(f"in-flight {response_id} answered 200 (replay) but had no row before")
            elif stored[response_id] != receipt.get("receivedAt"):
                violations.append(f"in-flight {response_id} replay receipt {receipt} differs from its row "
                                  f"({stored[response_id]})")
        else:
            stored_now += 1
            if response_id in stored:
                violations.append(f"in-flight {response_id} answered 201 although a row was there: a second row?")
        del in_flight[response_id]
        acknowledged[response_id] = Acknowledged(body, receipt, status, round_number)
    return were_stored, stored_now


# ----------------------------------------------------------------------------- main


def run(args: argparse.Namespace, binary: str, folder: Path, database: str | None = None) -> int:
    rng = random.Random(args.seed)
    server = start_server(binary, folder, database)
    evaluation = open_evaluation(server.port, "崩溃恢复测试")
    path = f"/api/public/evaluations/{evaluation['slug']}/responses"
    acknowledged: dict[str, Acknowledged] = {}
    in_flight: dict[str, bytes] = {}
    print(f"seed {args.seed}; {args.threads} client threads; port {server.port}; binary {binary}", flush=True)
    print(f"{'round':>5} {'kill at':>8} {'acked':>7} {'201':>7} {'200':>5} {'in flight':>9} "
          f"{'of them stored':>14} {'rows':>8} {'replayed':>8}  result", flush=True)
    try:
        for round_number in range(1, args.rounds + 1):
            violations: list[str] = []
            stop = threading.Event()
            results = [ClientResult() for _ in range(args.threads)]
            threads = [threading.Thread(target=client, daemon=True,
                                        args=(i, round_number, args.seed, server.port, path, stop, results[i]))
                       for i in range(args.threads)]
            kill_at = rng.uniform(args.kill_min, args.kill_max)
            started = time.monotonic()
            for thread in threads:
                thread.start()
            time.sleep(max(0.0, started + kill_at - time.monotonic()))
            if server.process.poll() is not None:
                violations.append(f"the server died on its own (status {server.process.returncode}) before the kill")
            stop.set()  # before the kill: an error seen after this may be the kill's doing
            server.kill()
            for thread in threads:
                thread.join(timeout=REQUEST_TIMEOUT + 5)
                if thread.is_alive():
                    violations.append("a client thread is still waiting for an answer from a killed server")
            round_acked: dict[str, Acknowledged] = {}
            round_in_flight: dict[str, bytes] = {}
            for result in results:
                round_acked.update(result.acknowledged)
                round_in_flight.update(result.in_flight)
                violations.extend(result.errors)
            acknowledged.update(round_acked)
            in_flight.update(round_in_flight)

            start_again(server)
            stored = check_database(server.database, acknowledged, in_flight, violations)
            rows = len(stored)
            sample = rng.sample(sorted(acknowledged), min(args.sample, len(acknowledged)))
            were_stored, _ = check_replays(server.port, path, acknowledged, in_flight, stored, sample,
                                           round_number, violations)
            after = check_database(server.database, acknowledged, in_flight, violations)
            if len(after) != len(acknowledged):
                violations.append(f"{len(after)} rows after resubmitting, expected {len(acknowledged)} "
                                  "(one per id ever acknowledged)")
            created = sum(1 for a in round_acked.values() if a.status == 201)
            print(f"{round_number:5d} {kill_at:7.2f}s {len(round_acked):7d} {created:7d} "
                  f"{len(round_acked) - created:5d} {len(round_in_flight):9d} {were_stored:14d} {rows:8d} "
                  f"{len(sample):8d}  {'ok' if not violations else 'VIOLATION'}", flush=True)
            if violations:
                report(violations, server)
                return 1
            if len(round_acked) == 0:
                print(f"round {round_number}: no submission was acknowledged before the kill; the test saw no load",
                      file=sys.stderr)
                return 1
    finally:
        status = server.stop()
        if status == -signal.SIGKILL:
            raise Failure("the server did not stop within 30 s of SIGTERM")
    violations = []
    stored = check_database(server.database, acknowledged, in_flight, violations)
    if status != 0:
        violations.append(f"the server exited with status {status} after SIGTERM")
    if len(stored) != len(acknowledged):
        violations.append(f"{len(stored)} rows after the clean stop, expected {len(acknowledged)}")
    if violations:
        report(violations, server)
        return 1
    total_201 = sum(1 for a in acknowledged.values() if a.status == 201)
    print(f"ok: {args.rounds} kills; {len(acknowledged)} ids acknowledged ({total_201} with 201), "
          f"{len(stored)} rows, every one stored exactly once; integrity_check ok; clean stop (status 0)")
    return 0


def report(violations: list[str], server: LiveServer) -> None:
    print("\nFAILED: the crash test found broken guarantees:", file=sys.stderr)
    for violation in violations[:50]:
        print(f"  - {violation}", file=sys.stderr)
    if len(violations) > 50:
        print(f"  … and {len(violations) - 50} more", file=sys.stderr)
    print(f"\nserver log (tail):\n{log_tail(server.log_path)}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--threads", type=int, default=16, help="concurrent client connections (default 16)")
    parser.add_argument("--sample", type=int, default=100, help="acknowledged ids replayed per round (default 100)")
    parser.add_argument("--kill-min", type=float, default=0.5, help="earliest kill, seconds into a round")
    parser.add_argument("--kill-max", type=float, default=3.0, help="latest kill, seconds into a round")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--binary", help="meeting-eval binary (default: build the release binary)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database and log)")
    parser.add_argument("--postgres", action="store_true", help="run the server on a throwaway PostgreSQL")
    args = parser.parse_args()
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(1, 2**31)
    binary = str(Path(args.binary).resolve()) if args.binary else release_binary()
    if not os.access(binary, os.X_OK):
        raise SystemExit(f"{binary} is not an executable")
    folder = Path(tempfile.mkdtemp(prefix="meeting-eval-crash-"))
    cluster = ROOT / "scripts" / "postgres-test-cluster"
    # A folder of its own: as root the cluster belongs to the postgres user, who cannot enter ours.
    cluster_folder = Path(tempfile.mkdtemp(prefix="meeting-eval-pg-"))
    try:
        database = None
        if args.postgres:
            url = subprocess.run([str(cluster), "start", str(cluster_folder)], capture_output=True, text=True,
                                 check=True).stdout.strip().splitlines()[-1]
            subprocess.run(["psql", "-X", "-q", "-d", url.replace("postgres://", "postgresql://", 1), "-c",
                            "CREATE DATABASE crash"], check=True)
            database = url.replace("/postgres?", "/crash?")
        code = run(args, binary, folder, database)
    except Failure as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        log = folder / "serve.log"
        if log.exists():
            print(f"server log (tail):\n{log.read_text(errors='replace')[-4000:]}", file=sys.stderr)
        code = 1
    finally:
        subprocess.run([str(cluster), "stop", str(cluster_folder)], check=False)
    if args.keep or code != 0:
        print(f"database and server log kept in {folder}", file=sys.stderr)
    else:
        shutil.rmtree(folder, ignore_errors=True)
    sys.exit(code)


if __name__ == "__main__":
    main()
