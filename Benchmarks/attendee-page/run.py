#!/usr/bin/env python3
"""How fast the attendee page becomes usable on a slow mobile network (not a test).

Starts `meeting-eval serve --demo` on a fresh database, then loads the demo evaluation's
attendee page in headless Chromium under DevTools network emulation and prints, for each
network and each kind of visit:

- usable: milliseconds from the start of the navigation until the form's first question can be
  answered (the form is drawn and its first question has an enabled control), measured in the
  page by an observer that DevTools adds before any of the page's code runs;
- the bytes the server sent (response headers and bodies, what DevTools calls transferred)
  and the number of HTTP requests that reached the server, counted by a small proxy between
  the browser and the server: up to the moment the form became usable, and for the whole visit (until the network
  has been quiet for a second, the service worker's own requests included).

Visits: `cold` (a new browser profile: nothing cached, no service worker), `warm` (the same
profile loading the page again after one visit), `offline` (after one visit, with no network:
the DevTools emulation offline and the proxy refusing every connection, so the service worker
cannot reach the server either).

Networks (DevTools' presets as the issue gives them; DevTools' own panel adds a multiplier to
the latency of its presets, this script uses the figures below as they are):

- Slow 3G: 400 ms latency, 400 kbit/s down and up;
- Fast 3G: 150 ms latency, 1.44 Mbit/s down, 675 kbit/s up.

Run from the repository root after `swift build`. `--baseline BINARY WEB` measures an earlier
version too (a build of it and its web folder, e.g. from `git worktree add`), run for run in
turn with this one, so both see the same machine:

    python3 Benchmarks/attendee-page/run.py [--runs 5] [--baseline OLD-BINARY OLD-WEB]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from selenium.common.exceptions import WebDriverException

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "Tests" / "browser"))
sys.path.insert(0, str(REPO_ROOT / "Tests"))

from live_server import LiveServer, ServerStartError  # noqa: E402  (the tests' way of starting a server)
from support import NetworkProxy, emulate_network, start_chromium, wait_for_offline_copy  # noqa: E402  (the browser tests' Chromium and proxy)

ADMIN_TOKEN = "attendee-page-benchmark-token-41c7"

NETWORKS = {
    "Slow 3G": {"latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8},
    "Fast 3G": {"latency": 150, "downloadThroughput": 1_440_000 / 8, "uploadThroughput": 675_000 / 8},
}

# Runs in every document before the page's own code (DevTools adds it; the page's
# Content-Security-Policy does not apply to it): records when the first question can be answered.
USABLE_PROBE = """
(() => {
  const check = () => {
    if (window.__usableAt !== undefined) return;
    const app = document.getElementById('app');
    if (!app || app.dataset.state !== 'form') return;
    const control = app.querySelector('[data-question] input:not([disabled]), [data-question] textarea:not([disabled])');
    if (control) window.__usableAt = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
})();
"""


# ---------------------------------------------------------------- the server


def start_server(binary: Path, web: Path, workdir: Path) -> LiveServer:
    """The demo evaluation served by `binary` from `web`, without rate limits."""
    try:
        return LiveServer(workdir, "--demo", "--no-rate-limits", binary=binary, web=web, admin_token=ADMIN_TOKEN,
                          log_name="server.log", start_timeout=120)
    except ServerStartError as error:
        raise SystemExit(str(error)) from None


def demo_slug(port: int) -> str:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/evaluations")
    request.add_header("Authorization", f"Bearer {ADMIN_TOKEN}")
    with urllib.request.urlopen(request, timeout=15) as response:
        evaluations = json.load(response)["evaluations"]
    opened = [e for e in evaluations if e["status"] == "open"]
    if not opened:
        raise SystemExit("the demo evaluation is missing")
    return opened[0]["slug"]


# ---------------------------------------------------------------- one visit


def visit(driver, proxy: NetworkProxy, url: str, timeout: float = 60) -> dict:
    """Loads `url` and returns {usable_ms, usable_bytes, usable_requests, bytes, requests}."""
    start_bytes, start_requests = proxy.counters()
    driver.get("about:blank")
    try:
        driver.get(url)
    except WebDriverException:
        pass  # no page at all (no network and nothing kept): never usable
    deadline = time.monotonic() + timeout
    usable = None
    while time.monotonic() < deadline:
        try:
            usable = driver.execute_script("return window.__usableAt ?? null")
        except Exception:
            usable = None
        if usable is not None:
            break
        time.sleep(0.02)
    at_usable = proxy.counters()
    # The rest of the visit: the network quiet for a second (the service worker's work included).
    settle_deadline = time.monotonic() + 30
    while time.monotonic() < settle_deadline and proxy.quiet_for() < 1.0:
        time.sleep(0.1)
    end = proxy.counters()
    return {
        "usable_ms": usable,
        "usable_bytes": at_usable[0] - start_bytes,
        "usable_requests": at_usable[1] - start_requests,
        "bytes": end[0] - start_bytes,
        "requests": end[1] - start_requests,
    }


def one_run(network: dict, proxy: NetworkProxy, url: str, results: dict[str, list[dict]]) -> None:
    """One new browser: a cold visit, a warm one, then one with no network."""
    driver = start_chromium()
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": USABLE_PROBE})
        emulate_network(driver, network)
        results["cold"].append(visit(driver, proxy, url))
        wait_for_offline_copy(driver, timeout=10)
        time.sleep(0.5)
        results["warm"].append(visit(driver, proxy, url))
        proxy.set_online(False)
        emulate_network(driver, network, offline=True)
        try:
            results["offline"].append(visit(driver, proxy, url, timeout=15))
        finally:
            proxy.set_online(True)
    finally:
        driver.quit()


def median(values: list) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def report(label: str, name: str, results: dict[str, list[dict]]) -> None:
    for kind, visits in results.items():
        usable = [v["usable_ms"] for v in visits]
        failed = sum(1 for u in usable if u is None)
        shown = f"{median(usable):7.0f} ms" if median(usable) is not None else "    never  "
        print(
            f"{label:9} {name:8} {kind:8} usable {shown}"
            f"{'' if not failed else f' ({failed} of {len(visits)} never usable)':30}"
            f"  to usable {median([v['usable_bytes'] for v in visits]) / 1000:6.1f} KB"
            f" {median([v['usable_requests'] for v in visits]):4.0f} requests"
            f"   whole visit {median([v['bytes'] for v in visits]) / 1000:6.1f} KB"
            f" {median([v['requests'] for v in visits]):4.0f} requests"
            f"   (usable each run: {', '.join('-' if u is None else f'{u:.0f}' for u in usable)})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", type=Path, default=REPO_ROOT / ".build" / "debug" / "meeting-eval")
    parser.add_argument("--web", type=Path, default=REPO_ROOT / "Web")
    parser.add_argument(
        "--baseline", nargs=2, type=Path, metavar=("BINARY", "WEB"),
        help="also measure this build and web folder (an earlier version), run for run in turn with the first")
    parser.add_argument("--runs", type=int, default=3, help="visits of each kind per network (medians are printed)")
    parser.add_argument("--network", choices=sorted(NETWORKS), action="append", help="only these networks")
    arguments = parser.parse_args()
    builds = [("this", arguments.binary, arguments.web)]
    if arguments.baseline:
        builds.insert(0, ("baseline", *arguments.baseline))
    networks = arguments.network or list(NETWORKS)
    with tempfile.TemporaryDirectory(prefix="attendee-page-") as folder:
        running = []
        try:
            for label, binary, web in builds:
                workdir = Path(folder) / label
                workdir.mkdir()
                server = start_server(binary.resolve(), web.resolve(), workdir)
                proxy = NetworkProxy(server.port)
                running.append((label, server, proxy, f"{proxy.base_url}/e/{demo_slug(server.port)}"))
                print(f"{label}: {binary} with {web}")
            results = {
                (label, name): {"cold": [], "warm": [], "offline": []} for label, *_ in running for name in networks
            }
            for _ in range(arguments.runs):
                for name in networks:
                    for label, _, proxy, url in running:
                        one_run(NETWORKS[name], proxy, url, results[(label, name)])
            print(f"{arguments.runs} run(s) of each visit, builds in turn; medians")
            for name in networks:
                for label, *_ in running:
                    report(label, name, results[(label, name)])
        finally:
            for _, server, proxy, _ in running:
                proxy.close()
                server.stop()


if __name__ == "__main__":
    main()
