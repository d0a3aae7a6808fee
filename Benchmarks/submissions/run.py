#!/usr/bin/env python3
"""Submission load benchmark: durable submissions/s and latency under wrk, next to two
baselines measured in the same run on the same machine:

  1. GET /healthz                         the HTTP ceiling of the server
  2. submissions, one transaction each    `serve --no-group-commit`
  3. submissions with group commit        the default

Usage (from the repository root): python3 Benchmarks/submissions/run.py [--duration 30]
[--connections 64] [--threads 2] [--binary PATH]. Builds the release binary unless --binary
is given; needs wrk (Debian package `wrk`). After each submission run the database's row
count is compared with the number of 2xx answers wrk saw (requests still in flight when wrk
stops may add up to one row per connection that wrk did not count).
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import ROOT, free_port, open_evaluation, serve, wait_until_up

LUA = Path(__file__).with_name("submit.lua")


class Server:
    def __init__(self, binary: str, folder: Path, extra: list[str], rate_limits: list[str] | None = None):
        self.port = free_port()
        self.database = folder / f"bench-{self.port}.sqlite"
        self.log = open(folder / f"serve-{self.port}.log", "w")
        self.process = serve(binary, self.port, self.database, self.log, extra, rate_limits)
        if wait_until_up(self.process, self.port, pause=0.2):
            raise SystemExit("the server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


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
    args = parser.parse_args()
    binary = args.binary
    if not binary:
        subprocess.run(["swift", "build", "-c", "release", "--scratch-path", ".build-release", "--product",
                        "meeting-eval"], cwd=ROOT, check=True)
        binary = str(ROOT / ".build-release" / "release" / "meeting-eval")
    print(f"{os.cpu_count()} cores; wrk -t{args.threads} -c{args.connections} -d{args.duration}s; "
          f"load generator on the same machine")
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
            server = Server(binary, Path(folder), extra, limits)
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
    ceiling = rows[0][1]["perSecond"]
    print(f"{'':32} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'of ceiling':>10} {'2xx':>8} {'rows':>8} {'errors':>7}")
    for label, r in rows:
        print(f"{label:32} {r['perSecond']:9.0f} {r['p50'] * 1000:8.2f} {r['p99'] * 1000:8.2f} "
              f"{r['perSecond'] / ceiling:10.2f} {r.get('acknowledged', r['requests']):8d} "
              f"{str(r.get('stored', '-')):>8} {r['non2xx'] + r['socketErrors']:7d}")
    # wrk drops the requests still in flight when the time is up; their responses may be
    # stored without wrk counting the answer, so up to one per connection may be extra.
    for label, r in rows[1:]:
        if not r["acknowledged"] <= r["stored"] <= r["acknowledged"] + args.connections:
            print(f"MISMATCH in '{label}': {r['acknowledged']} acknowledged, {r['stored']} stored", file=sys.stderr)
            sys.exit(1)
    print("every acknowledged submission is stored, none twice (ids are unique)")


if __name__ == "__main__":
    main()
