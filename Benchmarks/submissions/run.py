#!/usr/bin/env python3
"""Submission load benchmark: durable submissions/s and latency under wrk, next to two
baselines measured in the same run on the same machine:

  1. GET /healthz                         the HTTP ceiling of the server
  2. submissions, one transaction each    `serve --no-group-commit`
  3. submissions with group commit        the default

With --postgres, the runs are on PostgreSQL instead (a throwaway cluster started with
scripts/postgres-test-cluster), next to SQLite in the same run:

  1. GET /healthz                         the HTTP ceiling of the server
  2. SQLite, group commit                 the embedded default
  3. PostgreSQL, one transaction each     `serve --no-group-commit`
  4. PostgreSQL, group commit             the default
  5. two servers on one PostgreSQL        wrk against each with half the connections
  6. pgbench                              PostgreSQL's own ceiling for the same inserts, one
                                          durable transaction each, with as many clients

With --baseline OLD-BINARY, a change is measured instead: rounds (--rounds, default 3) of group
commit with the old binary and the new one, one after the other, each on a fresh database, so that
both see the same machine, with the CPU time a submission costs; on SQLite, or with --postgres on
one PostgreSQL cluster with pgbench's ceiling in every round.

Usage (from the repository root): python3 Benchmarks/submissions/run.py [--duration 30]
[--connections 64] [--threads 2] [--binary PATH] [--postgres] [--baseline OLD-BINARY
[--rounds N]]. Builds the release binary unless
--binary is given; needs wrk (Debian package `wrk`), and pgbench for --postgres. After each
submission run the database's row count is compared with the number of 2xx answers wrk saw
(requests still in flight when wrk stops may add up to one row per connection that wrk did
not count).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import ROOT, LiveServer, open_evaluation, serve

LUA = Path(__file__).with_name("submit.lua")
CLUSTER = ROOT / "scripts" / "postgres-test-cluster"


def start_server(binary: str, folder: Path, extra: list[str], rate_limits: list[str] | None = None,
                 database: str | None = None) -> LiveServer:
    """A server on `database` (PostgreSQL, with the signing key every server on it shares), or on
    a SQLite file of its own in `folder`."""
    if database:
        extra = [*extra, "--signing-key", str(folder / "signing-key.pem")]
    return serve(binary, folder, database, extra, rate_limits)


def wrk(port: int, path: str, args: argparse.Namespace, script: Path | None, env: dict) -> dict:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--latency",
               "--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(command + [f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True,
                            env=dict(os.environ, **env), check=True).stdout

    def seconds(text: str) -> float:
        value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
        return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1, "m": 60}[unit]

    total = int(re.search(r"(\d+) requests in", output).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.M))
    return {
        "requests": total, "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socketErrors": sum(map(int, errors.groups())) if errors else 0,
        "perSecond": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": seconds(latency["50"]), "p99": seconds(latency["99"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--binary")
    parser.add_argument("--postgres", action="store_true", help="measure PostgreSQL next to SQLite")
    parser.add_argument("--baseline", help="an older binary to compare group commit with")
    parser.add_argument("--rounds", type=int, default=3, help="with --baseline: rounds of the old and the new binary")
    args = parser.parse_args()
    binary = args.binary
    if not binary:
        subprocess.run(["swift", "build", "-c", "release", "--scratch-path", ".build-release", "--product",
                        "meeting-eval"], cwd=ROOT, check=True)
        binary = str(ROOT / ".build-release" / "release" / "meeting-eval")
    print(f"{os.cpu_count()} cores; wrk -t{args.threads} -c{args.connections} -d{args.duration}s; "
          f"load generator on the same machine")
    if args.baseline:
        compare(args.baseline, binary, args)
        return
    if args.postgres:
        report(postgres_runs(binary, args), args)
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="meeting-eval-load-") as folder:
        # The last run keeps the per-address submission limiter on (with a limit the load never
        # reaches: all of it comes from one address), to show what the check costs.
        for label, extra, submit, limits in [
            ("GET /healthz (HTTP ceiling)", [], False, None),
            ("submit, one transaction each", ["--no-group-commit"], True, None),
            ("submit, group commit", [], True, None),
            ("submit, group commit, limiter on", [], True, ["--submissions-per-minute", "1000000000"]),
        ]:
            server = start_server(binary, Path(folder), extra, limits)
            try:
                if submit:
                    evaluation = open_evaluation(server.port, "提交压力测试")
                    result = wrk(server.port, "/", args, LUA, {"SLUG": evaluation["slug"]})
                    with sqlite3.connect(server.database) as db:
                        stored = db.execute("SELECT COUNT(*) FROM response").fetchone()[0]
                    result["stored"] = stored
                    result["acknowledged"] = result["requests"] - result["non2xx"]
                else:
                    result = wrk(server.port, "/healthz", args, None, {})
            finally:
                server.stop()
            rows.append((label, result))
    report(rows, args)


def report(rows: list, args: argparse.Namespace) -> None:
    ceiling = rows[0][1]["perSecond"]
    print(f"{'':32} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'of ceiling':>10} {'2xx':>8} {'rows':>8} {'errors':>7}")
    for label, r in rows:
        print(f"{label:32} {r['perSecond']:9.0f} {r['p50'] * 1000:8.2f} {r['p99'] * 1000:8.2f} "
              f"{r['perSecond'] / ceiling:10.2f} {r.get('acknowledged', r['requests']):8d} "
              f"{str(r.get('stored', '-')):>8} {r['non2xx'] + r['socketErrors']:7d}")
    # wrk drops the requests still in flight when the time is up; their responses may be
    # stored without wrk counting the answer, so up to one per connection may be extra.
    for label, r in rows[1:]:
        if "stored" not in r:
            continue
        if not r["acknowledged"] <= r["stored"] <= r["acknowledged"] + args.connections:
            print(f"MISMATCH in '{label}': {r['acknowledged']} acknowledged, {r['stored']} stored", file=sys.stderr)
            sys.exit(1)
    print("every acknowledged submission is stored, none twice (ids are unique)")


def postgres_runs(binary: str, args: argparse.Namespace) -> list:
    rows = []
    with tempfile.TemporaryDirectory(prefix="meeting-eval-load-") as folder_name, Cluster() as cluster:
        folder = Path(folder_name)
        for label, extra, kind in [
            ("GET /healthz (HTTP ceiling)", [], "health"),
            ("SQLite, group commit", [], "sqlite"),
            ("PostgreSQL, one transaction each", ["--no-group-commit"], "postgres"),
            ("PostgreSQL, group commit", [], "postgres"),
            ("two servers, one PostgreSQL", [], "two"),
            ("pgbench, same inserts", [], "pgbench"),
        ]:
            rows.append((label, postgres_run(binary, folder, kind, extra, cluster.new_database, args)))
    return rows


def cpu_seconds(server_pid: int) -> dict:
    """User and system CPU seconds used so far by the server (all its threads) and by all of
    PostgreSQL's processes (those still running: its backends live as long as the server's pool)."""
    ticks = os.sysconf("SC_CLK_TCK")
    totals = {"server": 0.0, "postgres": 0.0}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        used = (int(fields[11]) + int(fields[12])) / ticks
        if int(entry) == server_pid:
            totals["server"] += used
        elif name.startswith("postgres"):
            totals["postgres"] += used
    return totals


class Cluster:
    """A throwaway PostgreSQL cluster (scripts/postgres-test-cluster) and new databases on it."""

    def __enter__(self) -> "Cluster":
        # A folder of its own: as root the cluster belongs to the postgres user, who cannot enter ours.
        self.folder = Path(tempfile.mkdtemp(prefix="meeting-eval-pg-"))
        self.url = subprocess.run([str(CLUSTER), "start", str(self.folder)], capture_output=True, text=True,
                                  check=True).stdout.strip().splitlines()[-1]
        self.databases = iter(range(1000))
        return self

    def new_database(self) -> str:
        name = f"bench_{next(self.databases)}"
        psql(self.url, f"CREATE DATABASE {name}")
        return self.url.replace("/postgres?", f"/{name}?")

    def __exit__(self, *exc) -> None:
        subprocess.run([str(CLUSTER), "stop", str(self.folder)], check=False)


def compare(baseline: str, binary: str, args: argparse.Namespace) -> None:
    """Group commit with `baseline` and with `binary`, alternating, each on a fresh database: on
    PostgreSQL (with pgbench's ceiling in every round) or on SQLite. Every acknowledged submission
    must be stored."""
    store = "postgres" if args.postgres else "sqlite"
    print(f"baseline {baseline}\nnew      {binary}\ngroup commit on {'PostgreSQL' if args.postgres else 'SQLite'}")
    print(f"{'round':>5} {'old req/s':>10} {'old p99 ms':>10} {'new req/s':>10} {'new p99 ms':>10} "
          + (f"{'pgbench':>9} {'new/pgbench':>11}   CPU µs a submission, server + PostgreSQL: old, new"
             if args.postgres else "   server CPU µs a submission: old, new"))
    runs = [("old", baseline, store), ("new", binary, store)] + ([("pgbench", binary, "pgbench")] if args.postgres else [])
    with tempfile.TemporaryDirectory(prefix="meeting-eval-load-") as folder_name, contextlib.ExitStack() as stack:
        folder = Path(folder_name)
        new_database = stack.enter_context(Cluster()).new_database if args.postgres else None
        totals = {name: [] for name, _, _ in runs}
        for number in range(1, args.rounds + 1):
            results = {}
            for name, path, kind in runs:
                result = postgres_run(path, folder, kind, [], new_database, args)
                if "stored" in result and not (result["acknowledged"] <= result["stored"]
                                               <= result["acknowledged"] + args.connections):
                    sys.exit(f"MISMATCH ({name}, round {number}): {result['acknowledged']} acknowledged, "
                             f"{result['stored']} stored")
                results[name] = result
                totals[name].append(result["perSecond"])
            old, new = results["old"], results["new"]
            line = (f"{number:>5} {old['perSecond']:10.0f} {old['p99'] * 1000:10.1f} {new['perSecond']:10.0f} "
                    f"{new['p99'] * 1000:10.1f}")
            if args.postgres:
                ceiling = results["pgbench"]
                line += (f" {ceiling['perSecond']:9.0f} {new['perSecond'] / ceiling['perSecond']:11.2f}   "
                         f"{old['serverCPU'] * 1e6:.0f} + {old['postgresCPU'] * 1e6:.0f}, "
                         f"{new['serverCPU'] * 1e6:.0f} + {new['postgresCPU'] * 1e6:.0f}")
            else:
                line += f"   {old['serverCPU'] * 1e6:.0f}, {new['serverCPU'] * 1e6:.0f}"
            print(line, flush=True)
        mean = {name: sum(values) / len(values) for name, values in totals.items()}
        line = f"{'mean':>5} {mean['old']:10.0f} {'':>10} {mean['new']:10.0f} {'':>10}"
        if args.postgres:
            line += f" {mean['pgbench']:9.0f} {mean['new'] / mean['pgbench']:11.2f}"
        print(line)
        print("every acknowledged submission is stored, none twice (ids are unique)")


def psql(url: str, sql: str) -> str:
    target = url.replace("postgres://", "postgresql://", 1)
    return subprocess.run(["psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", target, "-c", sql],
                          capture_output=True, text=True, check=True).stdout.strip()


def postgres_run(binary: str, folder: Path, kind: str, extra: list, new_database, args) -> dict:
    if kind in ("health", "sqlite"):
        server = start_server(binary, folder, extra)
        try:
            if kind == "health":
                return wrk(server.port, "/healthz", args, None, {})
            evaluation = open_evaluation(server.port, "提交压力测试")
            before = cpu_seconds(server.process.pid)
            result = wrk(server.port, "/", args, LUA, {"SLUG": evaluation["slug"]})
            result["serverCPU"] = (cpu_seconds(server.process.pid)["server"] - before["server"]) / max(1, result["requests"])
            with sqlite3.connect(server.database) as db:
                result["stored"] = db.execute("SELECT COUNT(*) FROM response").fetchone()[0]
        finally:
            server.stop()
    else:
        database = new_database()
        servers = [start_server(binary, folder, extra, database=database)]
        if kind == "two":
            servers.append(start_server(binary, folder, extra, database=database))
        try:
            evaluation = open_evaluation(servers[0].port, "提交压力测试")
            if kind == "pgbench":
                result = pgbench(database, evaluation["id"], folder, args)
            elif kind == "two":
                half = argparse.Namespace(**{**vars(args), "connections": args.connections // 2,
                                             "threads": max(1, args.threads // 2)})
                with concurrent.futures.ThreadPoolExecutor(2) as pool:
                    parts = list(pool.map(
                        lambda pair: wrk(pair[1].port, "/", half, LUA,
                                         {"SLUG": evaluation["slug"], "SEED": str(pair[0] + 1)}),
                        enumerate(servers)))
                result = {
                    "requests": sum(p["requests"] for p in parts), "non2xx": sum(p["non2xx"] for p in parts),
                    "socketErrors": sum(p["socketErrors"] for p in parts),
                    "perSecond": sum(p["perSecond"] for p in parts),
                    "p50": max(p["p50"] for p in parts), "p99": max(p["p99"] for p in parts),
                }
            else:
                before = cpu_seconds(servers[0].process.pid)
                result = wrk(servers[0].port, "/", args, LUA, {"SLUG": evaluation["slug"]})
                after = cpu_seconds(servers[0].process.pid)
                # CPU time per submission of the server and of PostgreSQL's processes.
                for part in ("server", "postgres"):
                    result[f"{part}CPU"] = (after[part] - before[part]) / max(1, result["requests"])
            if kind != "pgbench":
                result["stored"] = int(psql(database, "SELECT COUNT(*) FROM response"))
        finally:
            for server in servers:
                server.stop()
    if "stored" in result:
        result["acknowledged"] = result["requests"] - result["non2xx"]
    return result


PGBENCH_SCRIPT = """\\set venue random(1, 6)
INSERT INTO response (id, evaluationId, venue, raterGroup, answers, startedAt, receivedAt, locale, contentDigest)
VALUES (gen_random_uuid()::text, '{evaluation}', 'venue-' || :venue, 'attendees',
  '{{"audio":4,"follow-up":"na","necessity":"necessary","notice":4,"punctuality":"on-time","relevance":4,"signal":"stable","speech-brevity":3,"task-clarity":4,"time-control":4,"venue-attendance":"all","venue-discipline":4,"video":4,"worth":"well-worth"}}',
  NULL, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'zh', md5(random()::text));
"""


def pgbench(database: str, evaluation_id: str, folder: Path, args) -> dict:
    """PostgreSQL's own rate for the submission's insert (same table, indexes and triggers), one
    durable transaction per insert, with as many clients as wrk has connections."""
    script = folder / "insert.sql"
    script.write_text(PGBENCH_SCRIPT.format(evaluation=evaluation_id))
    target = database.replace("postgres://", "postgresql://", 1)
    output = subprocess.run(
        ["pgbench", "-n", "-c", str(args.connections), "-j", str(args.threads), "-T", str(args.duration), "-r",
         "-f", str(script), target],
        capture_output=True, text=True, check=True).stdout
    tps = float(re.search(r"tps = ([\d.]+)", output).group(1))
    latency = float(re.search(r"latency average = ([\d.]+) ms", output).group(1)) / 1000
    done = int(re.search(r"number of transactions actually processed: (\d+)", output).group(1))
    return {"requests": done, "non2xx": 0, "socketErrors": 0, "perSecond": tps, "p50": latency, "p99": float("nan")}


if __name__ == "__main__":
    main()
