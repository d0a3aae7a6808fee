#!/usr/bin/env python3
"""Burst test: thousands of attendees press "submit" within seconds, each from its own phone.

Usage (from anywhere; paths are found from this file's location):

    python3 Benchmarks/submissions/burst.py [--clients 5000] [--ramp 1.0] [--attempts 10]
        [--timeout 10] [--backlog N] [--seed N] [--binary PATH]

Without --binary the release binary is built first (`swift build -c release --scratch-path
.build-release --product meeting-eval`) and `.build-release/release/meeting-eval` is used.

It starts `meeting-eval serve` on a fresh database in a temporary folder (with --backlog N
passed through to `serve --backlog`; without it the server's default applies), creates and
opens an evaluation of the shipped `teleconference` questionnaire, then starts --clients
clients spread evenly over --ramp seconds. Each client opens a NEW TCP connection, sends one
complete response with its own id and `Connection: close`, and reads the answer. A
connection error, a timeout (--timeout per attempt) or a 5xx is retried with the same id and
the same body after a short backoff (50 ms doubling up to 1 s, with jitter), up to
--attempts attempts. A retry whose first attempt was committed but not answered gets 200, a
replay with the original receipt.

It reports the number of clients, the total time, attempts and retries (with their causes),
failures (clients without a 201/200 after every attempt, or with any other answer), the 201
and 200 counts, the rows in the database afterwards, the p50/p99/max time from a client's
first attempt to its final answer and of TCP connect alone, and the kernel's listen-queue
counters (ListenOverflows, ListenDrops, SYN cookies from /proc/net/netstat, before/after).
The exit status is 1 unless every client got 201 or 200 and the database holds exactly one
row per client and no other.

RLIMIT_NOFILE is raised to its hard limit before the server starts, so that both this
process and the server (which inherits it) can hold every connection open at once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from harness import LiveServer, log_tail, make_response, open_evaluation, release_binary, serve


# ----------------------------------------------------------------------------- server


# ----------------------------------------------------------------------------- system


def raise_file_limit(wanted: int) -> tuple[int, int]:
    """Raises the soft RLIMIT_NOFILE as far as the hard limit allows; returns (soft, hard)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, wanted)
    if target > soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            pass
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def sysctl(name: str) -> str:
    try:
        return Path("/proc/sys", *name.split(".")).read_text().strip().replace("\t", " ")
    except OSError:
        return "?"


LISTEN_COUNTERS = ["ListenOverflows", "ListenDrops", "TCPReqQFullDrop", "TCPReqQFullDoCookies", "SyncookiesSent",
                   "SyncookiesRecv", "SyncookiesFailed", "TCPBacklogDrop"]


def listen_counters() -> dict[str, int]:
    """TcpExt counters of the network namespace (all sockets, not only this test's)."""
    try:
        lines = Path("/proc/net/netstat").read_text().splitlines()
    except OSError:
        return {}
    counters: dict[str, int] = {}
    for names, values in zip(lines[::2], lines[1::2]):
        if names.startswith("TcpExt:"):
            counters.update(zip(names.split()[1:], map(int, values.split()[1:])))
    return {name: counters[name] for name in LISTEN_COUNTERS if name in counters}


# ----------------------------------------------------------------------------- clients


@dataclass
class Outcome:
    response_id: str
    status: int | None = None  # final HTTP status, None when every attempt failed
    body: bytes = b""
    attempts: int = 0
    elapsed: float = 0.0  # first attempt → final answer (or giving up)
    causes: list[str] = field(default_factory=list)  # why each retried attempt failed
    connect_times: list[float] = field(default_factory=list)


class RetryableError(Exception):
    pass


async def exchange(port: int, request: bytes, outcome: Outcome) -> tuple[int, bytes]:
    """One attempt on a new connection: connect, send, read the whole answer, close."""
    started = time.monotonic()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    outcome.connect_times.append(time.monotonic() - started)
    try:
        writer.write(request)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
            raise RetryableError(f"bad status line {lines[0]!r}")
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await reader.readexactly(int(headers["content-length"]))
        else:
            body = await reader.read()  # Connection: close ends it (a chunked body stays undecoded)
        return int(parts[1]), body
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except OSError:
            pass


def cause_of(error: BaseException) -> str:
    if isinstance(error, (asyncio.TimeoutError, TimeoutError)):
        return "timeout"
    if isinstance(error, asyncio.IncompleteReadError):
        return "closed before the answer"
    if isinstance(error, OSError) and error.errno is not None:
        return f"{type(error).__name__} ({os.strerror(error.errno)})"
    return type(error).__name__


async def client(port: int, path: str, rng: random.Random, start_at: float, args: argparse.Namespace) -> Outcome:
    response_id, body = make_response(rng)
    request = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body
    outcome = Outcome(response_id)
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    first = time.monotonic()
    backoff = 0.05
    for attempt in range(1, args.attempts + 1):
        outcome.attempts = attempt
        try:
            status, answer = await asyncio.wait_for(exchange(port, request, outcome), args.timeout)
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                RetryableError, ValueError) as error:
            cause = cause_of(error)
        else:
            outcome.status, outcome.body = status, answer
            if status < 500:
                break
            cause = f"HTTP {status}"
        outcome.causes.append(cause)
        if attempt < args.attempts:
            await asyncio.sleep(backoff * rng.uniform(0.5, 1.5))
            backoff = min(backoff * 2, 1.0)
    outcome.elapsed = time.monotonic() - first
    return outcome


async def burst(port: int, path: str, args: argparse.Namespace) -> tuple[list[Outcome], float]:
    rng = random.Random(args.seed)
    started = time.monotonic() + 0.2  # time to create every task before the first one starts
    tasks = [client(port, path, random.Random(rng.getrandbits(64)),
                    started + (args.ramp * i / args.clients if args.clients else 0), args)
             for i in range(args.clients)]
    outcomes = await asyncio.gather(*tasks)
    return outcomes, time.monotonic() - started


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


# ----------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--ramp", type=float, default=1.0, help="seconds over which the clients start (default 1)")
    parser.add_argument("--attempts", type=int, default=10, help="attempts per client (default 10)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per attempt (default 10)")
    parser.add_argument("--backlog", type=int, help="passed to `serve --backlog` (default: the server's)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--binary", help="meeting-eval binary (default: build the release binary)")
    args = parser.parse_args()
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(1, 2**31)
    binary = str(Path(args.binary).resolve()) if args.binary else release_binary()
    soft, hard = raise_file_limit(args.clients + 256)
    print(f"seed {args.seed}; {args.clients} clients over {args.ramp:g} s, one new connection each; "
          f"up to {args.attempts} attempts, {args.timeout:g} s each; binary {binary}", flush=True)
    print(f"RLIMIT_NOFILE {soft} (hard {hard}); somaxconn {sysctl('net.core.somaxconn')}, "
          f"tcp_max_syn_backlog {sysctl('net.ipv4.tcp_max_syn_backlog')}, "
          f"tcp_syncookies {sysctl('net.ipv4.tcp_syncookies')}, "
          f"ip_local_port_range {sysctl('net.ipv4.ip_local_port_range')}; {os.cpu_count()} cores", flush=True)
    if soft < args.clients + 64:
        print(f"warning: RLIMIT_NOFILE {soft} is below the number of clients; expect 'Too many open files'",
              file=sys.stderr)

    folder = Path(tempfile.mkdtemp(prefix="meeting-eval-burst-"))
    failed = True
    try:
        server = serve(binary, folder, folder / "burst.sqlite", ["--backlog", str(args.backlog)] if args.backlog else [],
                       log_name="serve.log")
        try:
            evaluation = open_evaluation(server.port, "集中提交测试")
            path = f"/api/public/evaluations/{evaluation['slug']}/responses"
            before = listen_counters()
            outcomes, total = asyncio.run(burst(server.port, path, args))
            after = listen_counters()
            alive = server.process.poll() is None
        finally:
            status = server.stop()
        failed = report(args, outcomes, total, server, before, after, alive, status)
    finally:
        if failed:
            print(f"database and server log kept in {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    sys.exit(1 if failed else 0)


def report(args: argparse.Namespace, outcomes: list[Outcome], total: float, server: LiveServer,
           before: dict[str, int], after: dict[str, int], alive: bool, stop_status: int) -> bool:
    """Prints the figures; returns True when the test failed."""
    problems: list[str] = []
    statuses = Counter(o.status for o in outcomes)
    attempts = sum(o.attempts for o in outcomes)
    causes = Counter(cause for o in outcomes for cause in o.causes)
    retried_clients = sum(1 for o in outcomes if o.attempts > 1)
    failures = [o for o in outcomes if o.status not in (200, 201)]
    latencies = [o.elapsed for o in outcomes]
    connects = [t for o in outcomes for t in o.connect_times]
    receipts_bad = [o for o in outcomes if o.status in (200, 201)
                    and json.loads(o.body or b"{}").get("id") != o.response_id]

    with sqlite3.connect(f"{server.database.as_uri()}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT COUNT(*) FROM response").fetchone()[0]
        duplicates = db.execute("SELECT id, COUNT(*) FROM response GROUP BY id HAVING COUNT(*) > 1").fetchall()
        stored = {row[0] for row in db.execute("SELECT id FROM response")}
        integrity = db.execute("PRAGMA integrity_check").fetchall()
    sent = {o.response_id for o in outcomes}
    missing = [o.response_id for o in outcomes if o.status in (200, 201) and o.response_id not in stored]

    print(f"clients              {len(outcomes)}")
    print(f"total time           {total:.2f} s (first start → last answer; {len(outcomes) / total:.0f} clients/s)")
    print(f"attempts             {attempts} ({attempts - len(outcomes)} retries, by {retried_clients} clients)")
    for cause, count in causes.most_common():
        print(f"  retried after      {count:6d}  {cause}")
    print(f"failures             {len(failures)}")
    print(f"201 created          {statuses.get(201, 0)}")
    print(f"200 replayed         {statuses.get(200, 0)} (a retry of a committed but unanswered attempt)")
    others = {k: v for k, v in statuses.items() if k not in (200, 201)}
    if others:
        print(f"other final answers  {dict(sorted(others.items(), key=lambda kv: str(kv[0])))} (None = no answer)")
    print(f"rows in the database {rows} (distinct ids {len(stored)}, duplicates {len(duplicates)}; "
          f"integrity_check {integrity[0][0] if integrity else '?'})")
    print(f"first attempt → final answer:    p50 {percentile(latencies, 50) * 1000:.0f} ms, "
          f"p99 {percentile(latencies, 99) * 1000:.0f} ms, max {max(latencies, default=0) * 1000:.0f} ms")
    print(f"TCP connect (incl. client lag):   p50 {percentile(connects, 50) * 1000:.1f} ms, "
          f"p99 {percentile(connects, 99) * 1000:.1f} ms, max {max(connects, default=0) * 1000:.0f} ms")
    if before and after:
        delta = {name: after.get(name, 0) - before.get(name, 0) for name in after}
        print("kernel TcpExt during the burst: " + ", ".join(f"{k} +{v}" for k, v in delta.items()))

    if failures:
        examples = "; ".join(f"{o.response_id}: {o.status} {o.body[:200]!r} after {o.attempts} attempts "
                             f"({', '.join(o.causes[-3:])})" for o in failures[:5])
        problems.append(f"{len(failures)} clients got no 201/200: {examples}")
    if receipts_bad:
        problems.append(f"{len(receipts_bad)} receipts name another id, e.g. {receipts_bad[0].body[:200]!r}")
    if duplicates:
        problems.append(f"{len(duplicates)} ids stored more than once: {duplicates[:5]}")
    if missing:
        problems.append(f"{len(missing)} acknowledged ids are not stored: {missing[:5]}")
    if rows != len(outcomes):
        problems.append(f"{rows} rows for {len(outcomes)} clients")
    unknown = stored - sent
    if unknown:
        problems.append(f"{len(unknown)} stored ids were never sent: {sorted(unknown)[:5]}")
    if integrity != [("ok",)]:
        problems.append(f"PRAGMA integrity_check: {integrity[:10]}")
    if not alive:
        problems.append(f"the server died during the burst (status {server.process.returncode})")
    elif stop_status != 0:
        problems.append(f"the server exited with status {stop_status} after SIGTERM")
    if problems:
        print("\nFAILED:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        print(f"\nserver log (tail):\n{log_tail(server.log_path)}", file=sys.stderr)
        return True
    print(f"ok: every client got its answer; {rows} rows, one per client")
    return False


if __name__ == "__main__":
    main()
