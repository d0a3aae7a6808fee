"""Two organizations on one server, over real HTTP: nothing of organization B reaches an
organizer or an evaluator of organization A.

- lists (evaluations, also with archived ones; questionnaires; organizations; the comparison)
  hold only A's;
- every id of B — reading, writing, CSV, the live stream (SSE), invitations — answers 404
  exactly like an id that does not exist, and B's evaluation is unchanged afterwards;
- the audit log stays the admin's (403 for everyone else), and records every correction;
- the `user` command adds accounts to organizations and changes their memberships.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from live_server import LiveServer, server_binary

ADMIN_TOKEN = "organizations-admin-token-0123456789"
SECRET_TEXT = "B-ONLY-SUGGESTION-7f3a"


class Office(LiveServer):
    """A running server with ADMIN_TOKEN and a way to call it with one caller's token."""

    def __init__(self, folder: Path, *extra: str, **options):
        super().__init__(folder, *extra, admin_token=ADMIN_TOKEN, **options)

    def call(self, token: str | None, method: str, path: str, body=None):
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(self.base_url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def json(self, token: str | None, method: str, path: str, body=None, expect: int = 200):
        status, text = self.call(token, method, path, body)
        assert status == expect, f"{method} {path}: {status} {text}"
        return json.loads(text) if text else None

    def account(self, name: str, role: str, organizations: list[str]) -> str:
        self.json(ADMIN_TOKEN, "POST", "/api/users",
                  {"name": name, "role": role, "password": f"{name}-password-1", "organizations": organizations},
                  expect=201)
        return self.json(ADMIN_TOKEN, "POST", "/api/tokens", {"label": "test", "account": name}, expect=201)["secret"]

    def evaluation(self, token: str, title: str, suggestion: str) -> dict:
        evaluation = self.json(token, "POST", "/api/evaluations", {
            "questionnaire": {"id": "teleconference"}, "title": title, "meetingDate": "2026-11-20",
            "venues": [{"id": "hefei", "name": "合肥分会场"}],
            "raterGroups": [{"id": "attendees", "name": "参会人员"}],
        }, expect=201)
        self.json(token, "POST", f"/api/evaluations/{evaluation['id']}/open")
        answers = {"necessity": "necessary", "notice": 4, "punctuality": "on-time", "time-control": 4, "audio": 5,
                   "video": 4, "signal": "stable", "venue-attendance": "all", "venue-discipline": 4,
                   "speech-brevity": 3, "relevance": 4, "task-clarity": 5, "follow-up": "na",
                   "worth": "well-worth", "problems": ["overtime"], "suggestion": suggestion}
        self.json(None, "POST", f"/api/public/evaluations/{evaluation['slug']}/responses", {
            "id": str(uuid.uuid4()), "venue": "hefei", "raterGroup": "attendees", "locale": "zh",
            "startedAt": "2026-11-20T01:00:00Z", "answers": answers}, expect=201)
        return evaluation

    def first_snapshot(self, token: str, evaluation_id: str) -> dict:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", f"/api/evaluations/{evaluation_id}/live",
                               headers={"Authorization": f"Bearer {token}"})
            response = connection.getresponse()
            if response.status != 200:
                return {"httpStatus": response.status, "body": response.read().decode()}
            while True:
                line = response.fp.readline().decode()
                assert line, "the stream ended"
                if line.startswith("data: "):
                    return json.loads(line[len("data: "):])
        finally:
            connection.close()


@pytest.fixture(scope="module")
def office(module_live_server):
    return module_live_server(cls=Office)


@pytest.fixture(scope="module")
def world(office):
    for organization, name in [("city-a", {"zh": "甲市", "en": "City A"}), ("city-b", "乙市")]:
        office.json(ADMIN_TOKEN, "POST", "/api/organizations", {"id": organization, "name": name}, expect=201)
    tokens = {
        "a-organizer": office.account("a-organizer", "organizer", ["city-a"]),
        "a-evaluator": office.account("a-evaluator", "evaluator", ["city-a"]),
        "b-organizer": office.account("b-organizer", "organizer", ["city-b"]),
    }
    # B's own questionnaire: a copy of the shared template under a new id.
    template = office.json(tokens["b-organizer"], "GET", "/api/questionnaires/teleconference")["definition"]
    template["id"] = "b-survey"
    office.json(tokens["b-organizer"], "POST", "/api/questionnaires", template, expect=201)
    a = office.evaluation(tokens["a-organizer"], "甲市会议", "A suggestion")
    b = office.evaluation(tokens["b-organizer"], "乙市会议", SECRET_TEXT)
    return {"tokens": tokens, "a": a, "b": b}


def test_lists_hold_only_the_callers_organization(office, world):
    a, b, tokens = world["a"], world["b"], world["tokens"]
    assert a["organization"] == "city-a" and b["organization"] == "city-b"
    for caller in ["a-organizer", "a-evaluator"]:
        token = tokens[caller]
        for path in ["/api/evaluations", "/api/evaluations?archived=1"]:
            ids = [e["id"] for e in office.json(token, "GET", path)["evaluations"]]
            assert ids == [a["id"]], (caller, path, ids)
        questionnaires = [q["id"] for q in office.json(token, "GET", "/api/questionnaires")["questionnaires"]]
        assert "b-survey" not in questionnaires and "teleconference" in questionnaires
        organizations = office.json(token, "GET", "/api/organizations")["organizations"]
        assert [o["id"] for o in organizations] == ["city-a"]
        assert organizations[0]["name"] == {"zh": "甲市", "en": "City A"}
        rows = office.json(token, "GET", "/api/questionnaires/teleconference/comparison")["evaluations"]
        assert [row["id"] for row in rows] == [a["id"]]
    # The admin sees both, in every list.
    assert {e["id"] for e in office.json(ADMIN_TOKEN, "GET", "/api/evaluations")["evaluations"]} >= {a["id"], b["id"]}
    rows = office.json(ADMIN_TOKEN, "GET", "/api/questionnaires/teleconference/comparison")["evaluations"]
    assert {row["id"] for row in rows} == {a["id"], b["id"]}


def test_every_id_of_the_other_organization_answers_like_a_missing_one(office, world):
    a, b, tokens = world["a"], world["b"], world["tokens"]
    missing = str(uuid.uuid4())
    reads = ["", "/scorecard.json", "/scorecard.csv", "/scorecard.html", "/codebook.csv", "/distribution",
             "/qr.svg?venue=hefei", "/invitations"]
    evaluator_reads = ["/responses.csv", "/screening"]
    before = office.json(ADMIN_TOKEN, "GET", f"/api/evaluations/{b['id']}")
    for caller, paths in [("a-organizer", reads), ("a-evaluator", reads[:5] + evaluator_reads)]:
        token = tokens[caller]
        for suffix in paths:
            other = office.call(token, "GET", f"/api/evaluations/{b['id']}{suffix}")
            absent = office.call(token, "GET", f"/api/evaluations/{missing}{suffix}")
            assert other[0] == 404 and other == absent, (caller, suffix, other, absent)
            # Its own evaluation answers.
            assert office.call(token, "GET", f"/api/evaluations/{a['id']}{suffix}")[0] == 200, (caller, suffix)
        for path in ["/api/questionnaires/b-survey", "/api/questionnaires/b-survey/versions/1",
                     "/api/questionnaires/b-survey/comparison"]:
            other = office.call(token, "GET", path)
            absent = office.call(token, "GET", path.replace("b-survey", "no-such-survey"))
            assert other[0] == 404 and other == absent, (caller, path, other, absent)
    # Writes: the same 404, and B's evaluation is as it was.
    organizer = tokens["a-organizer"]
    for method, suffix, body in [("PATCH", "", {"title": "taken over"}), ("DELETE", "", None),
                                 ("POST", "/close", None), ("POST", "/open", None), ("POST", "/archive", None),
                                 ("POST", "/invitations", {"count": 1})]:
        other = office.call(organizer, method, f"/api/evaluations/{b['id']}{suffix}", body)
        absent = office.call(organizer, method, f"/api/evaluations/{missing}{suffix}", body)
        assert other[0] == 404 and other == absent, (method, suffix, other, absent)
    after = office.json(ADMIN_TOKEN, "GET", f"/api/evaluations/{b['id']}")
    assert after == before
    # An evaluation cannot be placed in, or built from, the other organization.
    status, text = office.call(organizer, "POST", "/api/evaluations", {
        "questionnaire": {"id": "teleconference"}, "title": "x", "meetingDate": "2026-11-20",
        "organization": "city-b"})
    assert status == 422 and "no organization 'city-b'" in text
    status, text = office.call(organizer, "POST", "/api/evaluations", {
        "questionnaire": {"id": "b-survey"}, "title": "x", "meetingDate": "2026-11-20"})
    assert status == 422 and "no stored questionnaire 'b-survey'" in text


def test_exports_and_the_live_stream_carry_nothing_of_the_other_organization(office, world):
    a, b, tokens = world["a"], world["b"], world["tokens"]
    status, csv = office.call(tokens["a-evaluator"], "GET", f"/api/evaluations/{a['id']}/responses.csv")
    assert status == 200 and "A suggestion" in csv and SECRET_TEXT not in csv
    status, csv = office.call(ADMIN_TOKEN, "GET", f"/api/evaluations/{b['id']}/responses.csv")
    assert status == 200 and SECRET_TEXT in csv
    snapshot = office.first_snapshot(tokens["a-organizer"], a["id"])
    assert "httpStatus" not in snapshot and snapshot["byVenue"] == {"hefei": 1}, snapshot
    refused = office.first_snapshot(tokens["a-organizer"], b["id"])
    absent = office.first_snapshot(tokens["a-organizer"], str(uuid.uuid4()))
    assert refused["httpStatus"] == 404 and refused == absent
    assert office.first_snapshot(ADMIN_TOKEN, b["id"])["byVenue"] == {"hefei": 1}


def test_the_audit_log_stays_with_the_admin(office, world):
    for caller in ["a-organizer", "a-evaluator", "b-organizer"]:
        assert office.call(world["tokens"][caller], "GET", "/api/audit")[0] == 403
    events = office.json(ADMIN_TOKEN, "GET", "/api/audit?limit=1000")["events"]
    created = {e["entityId"] for e in events if e["action"] == "evaluation.created"}
    assert {world["a"]["id"], world["b"]["id"]} <= created
    assert any(e["action"] == "organization.created" and e["entityId"] == "city-b" for e in events)


def test_corrections_over_http(office, world):
    organizer = world["tokens"]["a-organizer"]
    draft = office.json(organizer, "POST", "/api/evaluations", {
        "questionnaire": {"id": "teleconference"}, "title": "草稿", "meetingDate": "2026-11-20",
        "venues": [{"id": "hefei", "name": "合肥分会场"}]}, expect=201)
    changed = office.json(organizer, "PATCH", f"/api/evaluations/{draft['id']}",
                          {"title": "改正的草稿", "venues": [{"id": "wuhu", "name": "芜湖分会场"}]})
    assert changed["title"] == "改正的草稿" and [v["id"] for v in changed["venues"]] == ["wuhu"]
    # Bad input: every problem listed, nothing stored.
    status, text = office.call(organizer, "PATCH", f"/api/evaluations/{draft['id']}",
                               {"title": "", "meetingDate": "20 November",
                                "venues": [{"id": "Bad Id", "name": "x"}, {"id": "ok"}]})
    assert status == 422
    paths = sorted(issue["path"] for issue in json.loads(text)["error"]["issues"])
    assert paths == ["meetingDate", "title", "venues[0].id", "venues[1].name"], paths
    assert office.call(organizer, "PATCH", f"/api/evaluations/{draft['id']}", [1, 2])[0] == 422
    assert office.json(organizer, "GET", f"/api/evaluations/{draft['id']}")["title"] == "改正的草稿"
    # Open: venues may be added, nothing else.
    office.json(organizer, "POST", f"/api/evaluations/{draft['id']}/open")
    status, text = office.call(organizer, "PATCH", f"/api/evaluations/{draft['id']}", {"title": "again"})
    assert status == 409 and json.loads(text)["error"]["code"] == "wrong_state"
    added = office.json(organizer, "PATCH", f"/api/evaluations/{draft['id']}", {
        "venues": [{"id": "wuhu", "name": "芜湖分会场"}, {"id": "bengbu", "name": "蚌埠分会场"}]})
    assert [v["id"] for v in added["venues"]] == ["wuhu", "bengbu"]
    assert office.call(organizer, "DELETE", f"/api/evaluations/{draft['id']}")[0] == 409
    # Closed and archived: gone from the default list, there with archived=1.
    office.json(organizer, "POST", f"/api/evaluations/{draft['id']}/close")
    office.json(organizer, "POST", f"/api/evaluations/{draft['id']}/archive")
    ids = [e["id"] for e in office.json(organizer, "GET", "/api/evaluations")["evaluations"]]
    assert draft["id"] not in ids
    ids = [e["id"] for e in office.json(organizer, "GET", "/api/evaluations?archived=1")["evaluations"]]
    assert draft["id"] in ids
    # An empty draft is deleted.
    empty = office.json(organizer, "POST", "/api/evaluations", {
        "questionnaire": {"id": "teleconference"}, "title": "空草稿", "meetingDate": "2026-11-20"}, expect=201)
    assert office.call(organizer, "DELETE", f"/api/evaluations/{empty['id']}")[0] == 204
    assert office.call(organizer, "GET", f"/api/evaluations/{empty['id']}")[0] == 404
    actions = [e["action"] for e in office.json(ADMIN_TOKEN, "GET", f"/api/audit?entity={draft['id']}")["events"]]
    assert actions.count("evaluation.changed") == 2 and "evaluation.archived" in actions
    changes = [e for e in office.json(ADMIN_TOKEN, "GET", f"/api/audit?entity={draft['id']}")["events"]
               if e["action"] == "evaluation.changed"]
    detail = json.loads(changes[0]["detail"])  # newest first
    assert "bengbu" not in detail["before"] and "bengbu" in detail["after"]


def test_the_user_command_sets_organizations(office, world):
    database = str(office.database)
    added = subprocess.run(
        [server_binary(), "user", "add", "cli-clerk", "--role", "evaluator", "--organization", "city-a",
         "--organization", "city-b", "--generate-password", "--database", database],
        capture_output=True, text=True, timeout=60)
    assert added.returncode == 0, added.stderr
    assert "in city-a, city-b" in added.stdout
    changed = subprocess.run(
        [server_binary(), "user", "organizations", "cli-clerk", "--organization", "city-b", "--database", database],
        capture_output=True, text=True, timeout=60)
    assert changed.returncode == 0 and "cli-clerk: city-b" in changed.stdout, changed.stderr
    unknown = subprocess.run(
        [server_binary(), "user", "organizations", "cli-clerk", "--organization", "nowhere", "--database", database],
        capture_output=True, text=True, timeout=60)
    assert unknown.returncode != 0 and "no organization 'nowhere'" in unknown.stderr
    users = {u["name"]: u for u in office.json(ADMIN_TOKEN, "GET", "/api/users")["users"]}
    assert users["cli-clerk"]["organizations"] == ["city-b"]
    listed = subprocess.run([server_binary(), "user", "list", "--database", database],
                            capture_output=True, text=True, timeout=60)
    assert any(line.startswith("cli-clerk") and line.endswith("city-b") for line in listed.stdout.splitlines())
