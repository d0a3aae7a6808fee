"""Distribution, the live dashboard stream and the comparison, against a running server.

- every venue's QR code, as served, scans (decoded by zbarimg, Debian's zbar-tools) to
  exactly the venue's attendee link, and `--public-url` decides the links' address;
- the `live` stream sends a snapshot at once and a new one within seconds of a submission;
- the comparison lists every evaluation of a questionnaire by meeting date with the scores
  its scorecard gives.
"""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from live_server import LiveServer

VENUES = [{"id": "hefei", "name": "合肥分会场"}, {"id": "wuhu", "name": {"zh": "芜湖分会场", "en": "Wuhu"}},
          {"id": "huangshan-district-07", "name": "黄山区第七分会场"}]
# Every Server runs with this admin API token (MEETING_EVAL_ADMIN_TOKEN); requests send it.
ADMIN_TOKEN = "distribution-admin-token-0123456789"
AUTHORIZATION = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def _call(base: str, method: str, path: str, body: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers=AUTHORIZATION)
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class Server(LiveServer):
    """A server with ADMIN_TOKEN that makes evaluations of VENUES and takes submissions."""

    def __init__(self, folder: Path, *extra: str, **options):
        super().__init__(folder, *extra, admin_token=ADMIN_TOKEN, **options)

    def evaluation(self, title: str, date: str, open_it: bool = True) -> dict:
        status, _, body = _call(self.base_url, "POST", "/api/evaluations", {
            "questionnaire": {"id": "teleconference"}, "title": title, "meetingDate": date, "venues": VENUES,
            "raterGroups": [{"id": "attendees", "name": "参会人员", "weight": 2}, {"id": "leaders", "name": "领导", "weight": 1}],
            "expectedRespondents": 30,
        })
        assert status == 201, body
        evaluation = json.loads(body)
        if open_it:
            assert _call(self.base_url, "POST", f"/api/evaluations/{evaluation['id']}/open")[0] == 200
        return evaluation

    def submit(self, slug: str, venue: str, rating: int = 4) -> None:
        status, _, body = _call(self.base_url, "POST", f"/api/public/evaluations/{slug}/responses", {
            "id": str(uuid.uuid4()), "venue": venue, "raterGroup": "attendees", "locale": "zh",
            "answers": {"necessity": "necessary", "notice": rating, "punctuality": "on-time", "time-control": rating,
                        "audio": rating, "video": rating, "signal": "stable", "venue-attendance": "all",
                        "venue-discipline": rating, "speech-brevity": rating, "relevance": rating,
                        "task-clarity": rating, "follow-up": "na", "worth": "well-worth"}})
        assert status == 201, body


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("distribution")


@pytest.fixture(scope="module")
def server(module_live_server):
    return module_live_server(cls=Server)


def _bitmap(svg: str, scale: int = 6) -> bytes:
    """The served SVG's modules as a plain PBM image (the SVG is one path of unit-high runs)."""
    side = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    dark = [[False] * side for _ in range(side)]
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", re.search(r' d="([^"]*)"', svg).group(1)):
        for column in range(int(x), int(x) + int(width)):
            dark[int(y)][column] = True
    rows = []
    for y in range(side * scale):
        rows.append(" ".join("1" if dark[y // scale][x // scale] else "0" for x in range(side * scale)))
    return f"P1\n{side * scale} {side * scale}\n".encode() + "\n".join(rows).encode() + b"\n"


def _scan(svg: str, folder: Path) -> str:
    image = folder / f"code-{uuid.uuid4().hex}.pbm"
    image.write_bytes(_bitmap(svg))
    result = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
                            capture_output=True, text=True)
    assert result.returncode == 0, f"zbarimg could not read the code: {result.stderr}"
    return result.stdout.rstrip("\n")


def test_every_venue_code_scans_to_its_link(server, folder):
    evaluation = server.evaluation("分发测试", "2026-11-20")
    status, _, body = _call(server.base_url, "GET", f"/api/evaluations/{evaluation['id']}/distribution")
    assert status == 200
    distribution = json.loads(body)
    assert distribution["baseURL"] == server.base_url
    assert [link["venue"]["id"] for link in distribution["links"]] == [venue["id"] for venue in VENUES]
    for link in distribution["links"]:
        assert link["url"] == f"{server.base_url}/e/{evaluation['slug']}?venue={link['venue']['id']}"
        status, headers, svg = _call(server.base_url, "GET", link["qr"])
        assert status == 200 and headers["Content-Type"].startswith("image/svg+xml")
        assert _scan(svg.decode(), folder) == link["url"]
        # The link opens the attendee page.
        assert _call(server.base_url, "GET", link["url"].removeprefix(server.base_url))[0] == 200
    assert _call(server.base_url, "GET", f"/api/evaluations/{evaluation['id']}/qr.svg?venue=nowhere")[0] == 404
    assert _call(server.base_url, "GET", "/api/evaluations/00000000-0000-0000-0000-000000000000/distribution")[0] == 404


def test_the_public_url_setting_names_the_links(live_server, folder):
    server = live_server("--public-url", "https://eval.example.gov.cn/", cls=Server)
    evaluation = server.evaluation("公网地址", "2026-11-21", open_it=False)
    _, _, body = _call(server.base_url, "GET", f"/api/evaluations/{evaluation['id']}/distribution")
    link = json.loads(body)["links"][1]
    assert link["url"] == f"https://eval.example.gov.cn/e/{evaluation['slug']}?venue=wuhu"
    _, _, svg = _call(server.base_url, "GET", link["qr"])
    assert _scan(svg.decode(), folder) == link["url"]


def _events(connection: http.client.HTTPConnection):
    """Yields the JSON data of each `snapshot` event of the open stream."""
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type").startswith("text/event-stream")
    event, data = None, []
    while True:
        line = response.fp.readline().decode()
        assert line, "the stream ended"
        line = line.rstrip("\n")
        if line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: "):
            data.append(line[6:])
        elif line == "" and data:
            if event == "snapshot":
                yield json.loads("\n".join(data))
            event, data = None, []


def test_the_live_stream_moves_within_seconds_of_a_submission(server):
    evaluation = server.evaluation("现场看板", "2026-11-22")
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    connection.request("GET", f"/api/evaluations/{evaluation['id']}/live", headers=AUTHORIZATION)
    events = _events(connection)
    first = next(events)
    assert first["received"] == 0 and first["status"] == "open" and first["acceptingResponses"] is True
    assert first["expectedRespondents"] == 30 and first["byVenue"] == {}
    assert first["overall"] == {"score": None, "grade": None, "included": 0}
    started = time.monotonic()
    server.submit(evaluation["slug"], "wuhu")
    second = next(events)
    assert time.monotonic() - started < 5
    assert second["received"] == 1 and second["byVenue"] == {"wuhu": 1} and second["byRaterGroup"] == {"attendees": 1}
    # The overall score follows the counts once the scorecard is computed again (a second or
    # so for a small evaluation).
    scored = second
    while scored["overall"]["included"] != 1:
        scored = next(events)
        assert time.monotonic() - started < 10, scored
    assert scored["overall"]["score"] is not None and scored["overall"]["grade"]
    _call(server.base_url, "POST", f"/api/evaluations/{evaluation['id']}/close")
    third = next(events)
    assert third["status"] == "closed" and third["acceptingResponses"] is False
    connection.close()
    assert _call(server.base_url, "GET", "/api/evaluations/nope/live")[0] == 404


def _live_snapshots(server) -> float:
    _, _, body = _call(server.base_url, "GET", "/metrics")
    match = re.search(r"^meeting_eval_live_snapshots_total (\S+)$", body.decode(), re.M)
    return float(match.group(1)) if match else 0.0


def test_many_streams_of_one_evaluation_share_one_snapshot_a_second(live_server):
    """Twenty dashboards on one evaluation: the snapshot is computed about once a second for
    all of them, not once a second for each, and every stream still gets it. A server of its
    own: the snapshot counter is server-wide, and a stream another test closed keeps being
    served until its next write fails."""
    server = live_server(cls=Server)
    evaluation = server.evaluation("共享看板", "2026-11-23")
    connections, streams = [], []
    for _ in range(20):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
        connection.request("GET", f"/api/evaluations/{evaluation['id']}/live", headers=AUTHORIZATION)
        connections.append(connection)
        streams.append(_events(connection))
    try:
        for events in streams:
            assert next(events)["received"] == 0
        before, started = _live_snapshots(server), time.monotonic()
        server.submit(evaluation["slug"], "wuhu")
        for events in streams:
            assert next(events)["received"] == 1
        time.sleep(3)
        computed = _live_snapshots(server) - before
        seconds = time.monotonic() - started
        # One evaluation watched: about one a second (a few more at the edges), not twenty.
        assert 1 <= computed <= seconds + 3, (computed, seconds)
    finally:
        for connection in connections:
            connection.close()


def test_the_comparison_lists_evaluations_by_meeting_date(server):
    later = server.evaluation("十二月调度会", "2026-12-15")
    earlier = server.evaluation("十月调度会", "2026-10-15")
    for venue, rating in [("hefei", 5), ("wuhu", 5)]:
        server.submit(later["slug"], venue, rating)
    server.submit(earlier["slug"], "hefei", 2)
    status, _, body = _call(server.base_url, "GET", "/api/questionnaires/teleconference/comparison")
    assert status == 200
    comparison = json.loads(body)
    assert comparison["questionnaire"]["id"] == "teleconference"
    rows = comparison["evaluations"]
    dates = [row["meetingDate"] for row in rows]
    assert dates == sorted(dates)
    by_id = {row["id"]: row for row in rows}
    assert by_id[earlier["id"]]["overall"] < by_id[later["id"]]["overall"]
    for evaluation in (earlier, later):
        _, _, card = _call(server.base_url, "GET", f"/api/evaluations/{evaluation['id']}/scorecard.json")
        card = json.loads(card)
        row = by_id[evaluation["id"]]
        assert row["overall"] == card["overall"]["score"] and row["grade"] == card["overall"]["grade"]
        assert row["included"] == card["responses"]["included"]
        assert row["dimensions"] == {d["id"]: d["score"] for d in card["dimensions"]}
    assert [d["id"] for d in comparison["dimensions"]] == [d["id"] for d in card["dimensions"]]
    assert _call(server.base_url, "GET", "/api/questionnaires/no-such-thing/comparison")[0] == 404
