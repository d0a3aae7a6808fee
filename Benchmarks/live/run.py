"""Server CPU of the live dashboard with 1, 50 and 300 open streams on one evaluation, while
submissions arrive at a steady rate: once with the snapshot shared by every stream of an
evaluation (the default) and once with every stream computing its own (`serve
--no-shared-live-snapshots`, how the server worked before), in the same run.

    python3 Benchmarks/live/run.py [--binary PATH] [--rate 17] [--responses 600] [--seconds 10]

For each server and stream count: the streams are opened and each has its first snapshot, the
load settles for a few seconds, then the server's CPU time (user + system, from /proc) is read
over `--seconds`. The target: 300 watchers cost less than 20 % of one core above one watcher.
Without --binary it builds and uses the release binary (as the submission benchmark does).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "submissions"))
from harness import ADMIN_TOKEN, make_response, open_evaluation, release_binary, serve  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


class Submitter(threading.Thread):
    """Submits complete responses at `rate` a second on one kept-alive connection."""

    def __init__(self, port: int, slug: str, rate: float):
        super().__init__(daemon=True)
        self.port, self.path, self.rate = port, f"/api/public/evaluations/{slug}/responses", rate
        self.stop = threading.Event()
        self.sent = 0
        self.failed = 0

    def run(self):
        rng = random.Random(7)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        next_at = time.monotonic()
        while not self.stop.is_set():
            _, body = make_response(rng)
            try:
                connection.request("POST", self.path, body=body, headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                self.sent += 1
                if response.status not in (200, 201):
                    self.failed += 1
            except (OSError, http.client.HTTPException):
                self.failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            next_at += 1 / self.rate
            self.stop.wait(max(0.0, next_at - time.monotonic()))


class Watcher(threading.Thread):
    """One open /live stream, read to the end; `first` is set at its first snapshot."""

    def __init__(self, port: int, evaluation_id: str):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.sock.sendall((f"GET /api/evaluations/{evaluation_id}/live HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           f"Authorization: Bearer {ADMIN_TOKEN}\r\nAccept: text/event-stream\r\n\r\n").encode())
        self.first = threading.Event()
        self.snapshots = 0

    def run(self):
        try:
            while True:
                data = self.sock.recv(65536)
                if not data:
                    return
                count = data.count(b"event: snapshot")
                if count:
                    self.snapshots += count
                    self.first.set()
        except OSError:
            return

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


def measure(binary: str, folder: Path, shared: bool, counts: list[int], rate: float, responses: int,
            seconds: float) -> dict[int, tuple[float, int, int]]:
    """Per stream count: CPU (cores) of the server, the snapshots the streams received, and the
    streams that had no first snapshot 30 s after opening (the server did not keep up)."""
    server = serve(binary, folder, extra=[] if shared else ["--no-shared-live-snapshots"],
                   log_name=f"serve-{'shared' if shared else 'per-stream'}.log")
    port, process = server.port, server.process
    try:
        evaluation = open_evaluation(port, "现场看板基准")
        rng = random.Random(1)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(responses):
            _, body = make_response(rng)
            connection.request("POST", f"/api/public/evaluations/{evaluation['slug']}/responses", body=body,
                               headers={"Content-Type": "application/json"})
            connection.getresponse().read()
        connection.close()
        submitter = Submitter(port, evaluation["slug"], rate)
        submitter.start()
        results: dict[int, tuple[float, int, int]] = {}
        for count in counts:
            watchers = [Watcher(port, evaluation["id"]) for _ in range(count)]
            for watcher in watchers:
                watcher.start()
            deadline = time.monotonic() + 30
            waiting = sum(not watcher.first.wait(max(0.0, deadline - time.monotonic())) for watcher in watchers)
            time.sleep(3)
            received = sum(w.snapshots for w in watchers)
            start_cpu, start = cpu_seconds(process.pid), time.monotonic()
            time.sleep(seconds)
            cores = (cpu_seconds(process.pid) - start_cpu) / (time.monotonic() - start)
            received = sum(w.snapshots for w in watchers) - received
            results[count] = (cores, received, waiting)
            for watcher in watchers:
                watcher.close()
            time.sleep(1.5)
            print(f"  {'shared' if shared else 'per-stream':>10}  {count:>4} streams: "
                  f"{cores * 100:6.1f} % of one core, {received} snapshots sent"
                  + (f", {waiting} streams without a first snapshot after 30 s" if waiting else ""), flush=True)
        submitter.stop.set()
        submitter.join(timeout=10)
        if submitter.failed:
            print(f"  ({submitter.failed} of {submitter.sent} submissions failed)", flush=True)
        return results
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", help="a meeting-eval binary (default: build the release binary)")
    parser.add_argument("--rate", type=float, default=17, help="submissions a second during the measurement")
    parser.add_argument("--responses", type=int, default=600, help="responses stored before the streams open")
    parser.add_argument("--seconds", type=float, default=10, help="length of each measurement")
    parser.add_argument("--streams", default="1,50,300", help="stream counts, comma-separated")
    args = parser.parse_args()
    binary = args.binary or release_binary()
    counts = [int(n) for n in args.streams.split(",")]
    print(f"binary {binary}; {args.responses} responses stored, {args.rate:g} submissions/s; "
          f"CPU of the server over {args.seconds:g} s per measurement", flush=True)
    with tempfile.TemporaryDirectory(prefix="live-bench-") as folder:
        shared = measure(binary, Path(folder), True, counts, args.rate, args.responses, args.seconds)
        baseline = measure(binary, Path(folder), False, counts, args.rate, args.responses, args.seconds)
    print()
    def cell(result: tuple[float, int, int], count: int) -> str:
        cores, _, waiting = result
        return f"{cores * 100:.1f} %" + (f" ({waiting} of {count} streams never served)" if waiting else "")

    print("| streams | per stream (before) | shared (after) |")
    print("|---:|---:|---:|")
    for count in counts:
        print(f"| {count} | {cell(baseline[count], count)} | {cell(shared[count], count)} |")
    low, high = min(counts), max(counts)
    extra = (shared[high][0] - shared[low][0]) * 100
    print(f"\n{high} streams cost {extra:.1f} % of one core above {low} with the shared snapshot "
          f"({(baseline[high][0] - baseline[low][0]) * 100:.1f} % computed per stream); target < 20 %.")
    if extra >= 20:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
