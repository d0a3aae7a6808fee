"""Observers at branch venues over real HTTP: observers' checklists for three venues give a
ranking of the venues by observed discipline and the gap to what their attendees said.

The observed scores are recomputed here from the shipped checklist file itself (its
dimension weights and option scores), independently of the server's scoring code; the
perception is the scorecard's own venue score, which the survey computes without the
observations (checked by scoring the survey before and after they arrive).
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from pathlib import Path

import pytest
import yaml

ADMIN_TOKEN = "observers-admin-token-0123456789"
CHECKLIST = Path(__file__).resolve().parents[2] / "Surveys" / "venue-observation.yaml"
VENUES = [("hefei", "合肥分会场"), ("wuhu", "芜湖分会场"), ("bengbu", "蚌埠分会场")]

# What each venue's observer records (the scored answers, and times).
OBSERVED = {
    "hefei": {"seated": "by-start", "seated-at": "08:57", "sign-in": "minor", "phone-use": "few",
              "phone-at": "09:31", "left-early": "excused", "left-at": "10:05", "faults": "none"},
    "wuhu": {"seated": "early", "sign-in": "matches", "phone-use": "none", "left-early": "nobody",
             "faults": "brief", "fault-at": "09:12", "remarks": "会场秩序良好"},
    "bengbu": {"seated": "late", "seated-at": "09:06", "sign-in": "major", "phone-use": "many",
               "left-early": "unexcused", "faults": "lasting"},
}


def expected_observed(answers: dict) -> float:
    """The checklist's weighted score, from the file: Σ w_d · D_d / Σ w_d over answered dimensions."""
    checklist = yaml.safe_load(CHECKLIST.read_text(encoding="utf-8"))
    numerator = denominator = 0.0
    for dimension in checklist["dimensions"]:
        if "weight" not in dimension:
            continue
        scores = []
        for question in dimension["questions"]:
            answer = answers.get(question["id"])
            if question["type"] != "single" or answer is None:
                continue
            scores.append(next(o["score"] for o in question["options"] if o["id"] == answer))
        if scores:
            numerator += dimension["weight"] * sum(scores) / len(scores)
            denominator += dimension["weight"]
    return round(numerator / denominator, 2)


def attendee_answers(rating: int) -> dict:
    return {
        "necessity": "necessary", "notice": rating, "punctuality": "on-time", "time-control": rating,
        "audio": rating, "video": rating, "signal": "stable", "venue-attendance": "all",
        "venue-discipline": rating, "speech-brevity": rating, "relevance": rating, "task-clarity": rating,
        "follow-up": rating, "worth": "well-worth", "problems": ["overtime"],
    }


class Api:
    def __init__(self, server):
        self.server = server

    def call(self, method: str, path: str, body=None, token: str | None = None):
        status, headers, raw = self.server.request(method, path, body, token=token)
        kind = headers.get("Content-Type", "")
        return status, (json.loads(raw) if "json" in kind and raw else raw.decode("utf-8"))


@pytest.fixture
def api(live_server):
    return Api(live_server("--no-rate-limits", admin_token=ADMIN_TOKEN))


def test_observers_rank_three_venues_and_show_the_gap_to_perception(api):
    status, evaluation = api.call("POST", "/api/evaluations", {
        "questionnaire": {"id": "teleconference"}, "title": "全省安全生产电视电话会议", "meetingDate": "2026-11-20",
        "venues": [{"id": venue, "name": name} for venue, name in VENUES],
        "raterGroups": [{"id": "attendees", "name": "参会人员"},
                        {"id": "observers", "name": {"zh": "督查员", "en": "Observers"}, "observer": True}],
        "access": "invitation"})
    assert status == 201, evaluation
    assert evaluation["raterGroups"][1]["observer"] is True
    assert evaluation["raterGroups"][1]["checklist"] == {"id": "venue-observation", "version": 1}
    eid, slug = evaluation["id"], evaluation["slug"]
    assert api.call("POST", f"/api/evaluations/{eid}/open")[0] == 200

    def codes(group: str, count: int, venue: str | None = None) -> list[str]:
        body = {"count": count, "raterGroup": group}
        if venue:
            body["venue"] = venue
        status, made = api.call("POST", f"/api/evaluations/{eid}/invitations", body)
        assert status == 201, made
        return made["codes"]

    observer_codes = {venue: codes("observers", 2, venue) for venue, _ in VENUES}
    responses = f"/api/public/evaluations/{slug}/responses"

    # The attendees: each venue rates itself generously, 合肥 4 and 5, 芜湖 4, 蚌埠 5.
    ratings = {"hefei": [4, 5, 5], "wuhu": [4, 4, 4], "bengbu": [5, 5, 5]}
    for venue, values in ratings.items():
        for rating, code in zip(values, codes("attendees", 5, venue)):
            status, body = api.call("POST", responses, {
                "id": str(uuid.uuid4()), "token": code, "locale": "zh", "answers": attendee_answers(rating)}, token="")
            assert status == 201, body
    status, before = api.call("GET", f"/api/evaluations/{eid}/scorecard.json")
    assert status == 200

    # The public form carries the checklist for the observer group.
    status, form = api.call("GET", f"/api/public/evaluations/{slug}", token="")
    assert form["observation"]["raterGroups"] == ["observers"]
    assert form["observation"]["checklist"]["id"] == "venue-observation"

    # Bad input first: a time that is not HH:MM, and the attendee questionnaire's answers.
    bad_time = dict(OBSERVED["hefei"], **{"left-at": "25:00"})
    status, body = api.call("POST", responses, {"id": str(uuid.uuid4()), "token": observer_codes["hefei"][0],
                                                "answers": bad_time}, token="")
    assert status == 422 and [i["path"] for i in body["error"]["issues"]] == ["answers.left-at"]
    status, body = api.call("POST", responses, {"id": str(uuid.uuid4()), "token": observer_codes["hefei"][0],
                                                "answers": attendee_answers(5)}, token="")
    assert status == 422 and "answers.seated" in [i["path"] for i in body["error"]["issues"]]
    # A code of 合肥 cannot observe 芜湖.
    status, body = api.call("POST", responses, {"id": str(uuid.uuid4()), "token": observer_codes["hefei"][0],
                                                "venue": "wuhu", "answers": OBSERVED["wuhu"]}, token="")
    assert status == 422 and [i["path"] for i in body["error"]["issues"]] == ["venue"]

    for venue, answers in OBSERVED.items():
        status, body = api.call("POST", responses, {"id": str(uuid.uuid4()), "token": observer_codes[venue][0],
                                                    "locale": "zh", "answers": answers}, token="")
        assert status == 201, body
    # Each venue is observed once: the venue's second observer code is refused.
    status, body = api.call("POST", responses, {"id": str(uuid.uuid4()), "token": observer_codes["bengbu"][1],
                                                "answers": OBSERVED["hefei"]}, token="")
    assert status == 409 and body["error"]["code"] == "observation_exists"

    status, scorecard = api.call("GET", f"/api/evaluations/{eid}/scorecard.json")
    assert status == 200
    # The survey is exactly what it was before the observations arrived.
    for key in ("overall", "dimensions", "raterGroups", "venues", "responses", "findings"):
        assert scorecard[key] == before[key], key
    assert [g["id"] for g in scorecard["raterGroups"]] == ["attendees"]

    observation = scorecard["observation"]
    assert observation["checklist"]["id"] == "venue-observation"
    assert observation["received"] == 3 and observation["included"] == 3
    expected = {venue: expected_observed(answers) for venue, answers in OBSERVED.items()}
    assert expected == {"hefei": 55.0, "wuhu": 95.0, "bengbu": 0.0}
    ranking = sorted(expected, key=lambda venue: -expected[venue])
    assert [v["id"] for v in observation["venues"]] == ranking == ["wuhu", "hefei", "bengbu"]
    assert [v["rank"] for v in observation["venues"]] == [1, 2, 3]
    perception = {v["id"]: v["score"] for v in scorecard["venues"]}
    for venue in observation["venues"]:
        assert venue["score"] == expected[venue["id"]]
        assert venue["perception"] == perception[venue["id"]]
        assert venue["gap"] == round(perception[venue["id"]] - expected[venue["id"]], 2)
        assert venue["n"] == 1
    # Attendees of 蚌埠 gave their venue the best score of all; its observer found the worst.
    assert max(perception, key=perception.get) == "bengbu"
    gaps = {v["id"]: v["gap"] for v in observation["venues"]}
    assert max(gaps, key=gaps.get) == "bengbu" and gaps["bengbu"] == perception["bengbu"]
    notes = {(v["id"], n["question"]): n["text"] for v in observation["venues"] for n in v["notes"]}
    assert notes[("hefei", "phone-at")] == "09:31" and notes[("wuhu", "remarks")] == "会场秩序良好"

    status, text = api.call("GET", f"/api/evaluations/{eid}/scorecard.csv")
    rows = [row for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))) if row["section"] == "observation"]
    assert [(row["id"], float(row["score"])) for row in rows] == [(v, expected[v]) for v in ranking]
    assert rows[2]["detail"] == f"rank=3; perception={perception['bengbu']:g}; gap={gaps['bengbu']:g}"
    status, html = api.call("GET", f"/api/evaluations/{eid}/scorecard.html")
    assert status == 200 and "会场督查：观察结果与参会人员感受" in html and "09:31" in html
