"""The security review's findings, checked over real HTTP against `meeting-eval serve`, so that
each can also be run against a build from before its fix (MEETING_EVAL_BIN):

1. account names with `@` or non-ASCII letters are managed by their percent-encoded name, and
   confusable or full-width names are refused at creation;
2. an anonymous evaluation's codes cannot be linked to responses: batches of five or more,
   used counts only per venue and rater group from five on, and asking whether a code is spent
   costs an attempt;
3. the public submission needs application/json and refuses another site's page, and the CSRF
   check compares the scheme;
7. every CSV the server writes shows a cell a spreadsheet would run as a formula as text, also
   after spaces or quotes and for the full-width forms;
9. a storage fault (here a file size limit, RLIMIT_FSIZE, set on the running server) answers 503
   `storage_unavailable` with Retry-After, turns /healthz to 503, and the same submission is
   stored once there is room again;
11. a `startedAt` years away from the server's clock is stored as absent, and the exclusion
    reason and the audit log's `before` are as strict in openapi.yaml as on the server.

Findings 4, 5 and 6 and the rest of 11 (timeouts, chunked bodies, paths, TRACE) are in
test_connection_hardening.py, 8 in Tests/cli/test_verify_cli.py, 10 in
test_distribution_and_live.py; docs/security.md lists them all.
"""

from __future__ import annotations

import csv
import io
import json
import re
import resource
import signal
import time
import urllib.parse
import uuid

import pytest
import yaml

from live_server import REPO_ROOT

ADMIN_TOKEN = "security-findings-admin-token-0123456789"
PASSWORD = "a-long-password-1"
ANSWERS = {"necessity": "necessary", "notice": 4, "punctuality": "on-time", "time-control": 4, "audio": 5,
           "video": 4, "signal": "stable", "venue-attendance": "all", "venue-discipline": 4, "speech-brevity": 3,
           "relevance": 4, "task-clarity": 5, "follow-up": "na", "worth": "well-worth"}
VENUES = [{"id": "hefei", "name": "合肥分会场"}, {"id": "wuhu", "name": "芜湖分会场"}]
GROUPS = [{"id": "attendees", "name": "参会人员", "weight": 2}, {"id": "leaders", "name": "领导", "weight": 1}]


def send(server, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    """Exactly these headers (no Content-Type unless given): (status, headers, parsed body)."""
    return server.exchange(method, path, body, headers)


def admin(server, method: str, path: str, body=None):
    status, _, raw = server.request(method, path, body)
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode(errors="replace")


def error_code(body) -> str | None:
    return body.get("error", {}).get("code") if isinstance(body, dict) else None


def submission(**fields) -> dict:
    return {"id": str(uuid.uuid4()), "venue": "hefei", "raterGroup": "attendees", "answers": dict(ANSWERS), **fields}


def evaluation(server, title: str, **settings) -> dict:
    status, made = admin(server, "POST", "/api/evaluations", {
        "questionnaire": {"id": "teleconference"}, "title": title, "meetingDate": "2026-11-20",
        "venues": VENUES, "raterGroups": GROUPS, **settings})
    assert status == 201, made
    assert admin(server, "POST", f"/api/evaluations/{made['id']}/open")[0] == 200
    return made


def responses_path(made: dict) -> str:
    return f"/api/public/evaluations/{made['slug']}/responses"


def stored_count(server, made: dict) -> int:
    return admin(server, "GET", f"/api/evaluations/{made['id']}")[1]["counts"]["responses"]


@pytest.fixture(scope="module")
def server(module_live_server):
    return module_live_server("--no-rate-limits", admin_token=ADMIN_TOKEN)


# ----------------------------------------------------------------------------- 1. account names


@pytest.mark.parametrize("name", ["ops@example.org", "张伟", "José"])
def test_an_account_named_with_at_or_non_ascii_letters_is_managed_by_its_encoded_name(server, name):
    assert admin(server, "POST", "/api/users", {"name": name, "role": "organizer", "password": PASSWORD})[0] == 201
    encoded = urllib.parse.quote(name, safe="")  # as the console's encodeURIComponent writes it
    assert "%" in encoded

    def disabled() -> bool:
        return next(user for user in admin(server, "GET", "/api/users")[1]["users"] if user["name"] == name)["disabled"]

    status, body = admin(server, "POST", f"/api/users/{encoded}/disable")
    assert status == 200, (encoded, body)
    assert disabled()
    assert admin(server, "POST", f"/api/users/{encoded}/enable")[0] == 200
    assert not disabled()
    status, body = admin(server, "POST", f"/api/users/{encoded}/password", {})
    assert status == 200, body


def test_confusable_and_full_width_account_names_are_refused_at_creation(server):
    assert admin(server, "POST", "/api/users", {"name": "ops", "role": "admin", "password": PASSWORD})[0] == 201
    before = admin(server, "GET", "/api/users")[1]
    # A Cyrillic о among Latin letters, full-width letters and ＠, and Cyrillic letters that spell
    # a Latin word.
    for name in ["\u043eps", "\uff4f\uff50\uff53", "ops\uff20example.org", "\u0430\u0435\u0440"]:
        status, body = admin(server, "POST", "/api/users", {"name": name, "role": "admin", "password": PASSWORD})
        assert status == 422, (name, status, body)
        assert [issue["path"] for issue in body["error"]["issues"]] == ["name"], body
    assert admin(server, "GET", "/api/users")[1] == before


# ----------------------------------------------------------------------------- 2. anonymity


def invitations(server, made: dict, count: int, **binding):
    return admin(server, "POST", f"/api/evaluations/{made['id']}/invitations", {"count": count, **binding})


def test_anonymous_batches_hold_at_least_five_codes(server):
    anonymous = evaluation(server, "匿名批次", access="invitation")
    before = admin(server, "GET", f"/api/evaluations/{anonymous['id']}/invitations")[1]
    for count in range(1, 5):
        status, body = invitations(server, anonymous, count)
        assert status == 422, (count, status, body)
        assert [issue["path"] for issue in body["error"]["issues"]] == ["count"], body
    assert admin(server, "GET", f"/api/evaluations/{anonymous['id']}/invitations")[1] == before
    assert invitations(server, anonymous, 5)[0] == 201
    # Where responses are linked to codes anyway, a batch may hold one.
    named = evaluation(server, "记名批次", access="invitation", anonymous=False)
    assert invitations(server, named, 1)[0] == 201


def test_used_counts_are_shown_only_per_venue_and_group_from_five_on(server):
    made = evaluation(server, "匿名计数", access="invitation")
    batches = [invitations(server, made, 5, venue=venue, raterGroup=group)[1]
               for venue, group in [("hefei", "leaders"), ("hefei", "leaders"), ("wuhu", "attendees")]]
    summary_path = f"/api/evaluations/{made['id']}/invitations"

    def group(summary: dict, key: str, wanted: str) -> dict:
        return next(entry for entry in summary[key] if entry["id"] == wanted)

    empty = admin(server, "GET", summary_path)[1]
    for index, code in enumerate(batches[0]["codes"]):
        status, _, body = send(server, "POST", responses_path(made),
                               json.dumps({"id": str(uuid.uuid4()), "token": code, "answers": ANSWERS}).encode(),
                               {"Content-Type": "application/json"})
        assert status == 201, body
        now = admin(server, "GET", summary_path)[1]
        for batch in now["batches"]:
            assert "used" not in batch and "withdrawn" not in batch, batch
        assert group(now, "byVenue", "hefei")["codes"] == 10
        if index < 4:
            # Fewer than five used: the answer is the same as before any was used.
            assert now == empty, (index, now)
        else:
            assert group(now, "byVenue", "hefei")["used"] == 5
            assert group(now, "byRaterGroup", "leaders")["used"] == 5
            assert "used" not in group(now, "byVenue", "wuhu")
            assert now["used"] == 5
    # Withdrawing a batch does not tell how many of it were left unused.
    status, withdrawn = admin(server, "POST", f"{summary_path}/{batches[1]['batch']}/withdraw")
    assert status == 200 and "withdrawn" not in withdrawn, withdrawn
    assert "withdrawn" not in admin(server, "GET", summary_path)[1]


def test_asking_whether_a_code_is_spent_costs_an_attempt(live_server):
    limited = live_server("--code-attempts-per-minute", "3", admin_token=ADMIN_TOKEN)
    made = evaluation(limited, "验证码次数", access="invitation")
    codes = invitations(limited, made, 5)[1]["codes"]
    headers = {"Content-Type": "application/json"}
    body = json.dumps({"id": str(uuid.uuid4()), "token": codes[0], "venue": "hefei", "raterGroup": "attendees",
                       "answers": ANSWERS}).encode()
    assert send(limited, "POST", responses_path(made), body, headers)[0] == 201
    check = f"/api/public/evaluations/{made['slug']}/invitation"
    answers = [error_code(send(limited, "POST", check, json.dumps({"token": codes[0]}).encode(), headers)[2])
               for _ in range(4)]
    assert answers == ["code_used", "code_used", "code_used", "rate_limited"]
    # A right, unused code is refused too while the client is over its limit.
    assert error_code(send(limited, "POST", check, json.dumps({"token": codes[1]}).encode(), headers)[2]) == "rate_limited"


# ----------------------------------------------------------------------------- 3. cross-site submission


def test_a_submission_not_declared_json_is_415_and_stores_nothing(server):
    made = evaluation(server, "内容类型")
    body = json.dumps(submission()).encode()
    for content_type in ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", None]:
        headers = {"Content-Type": content_type} if content_type else {}
        status, _, answer = send(server, "POST", responses_path(made), body, headers)
        assert status == 415 and error_code(answer) == "unsupported_media_type", (content_type, status, answer)
    assert stored_count(server, made) == 0
    status, _, answer = send(server, "POST", responses_path(made), body,
                             {"Content-Type": "Application/JSON; charset=utf-8"})
    assert status == 201, answer


def test_another_sites_page_cannot_submit_or_try_codes(server):
    made = evaluation(server, "跨站提交")
    own = server.base_url
    forgeries = [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": f"{own}.evil.example"},
        {"Origin": own.replace("http://", "https://")},  # the right host over the wrong scheme
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "cross-site", "Origin": own},
    ]
    for forged in forgeries:
        headers = {"Content-Type": "application/json", **forged}
        status, _, answer = send(server, "POST", responses_path(made), json.dumps(submission()).encode(), headers)
        assert status == 403 and error_code(answer) == "cross_site", (forged, status, answer)
        status, _, answer = send(server, "POST", f"/api/public/evaluations/{made['slug']}/invitation",
                                 json.dumps({"token": "K7M2P-Q9RTX"}).encode(), headers)
        assert status == 403, (forged, status, answer)
    assert stored_count(server, made) == 0
    # The page itself, and scripts without browser headers, still submit.
    for allowed in [{"Origin": own, "Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"}, {}]:
        headers = {"Content-Type": "application/json", **allowed}
        status, _, answer = send(server, "POST", responses_path(made), json.dumps(submission()).encode(), headers)
        assert status == 201, (allowed, status, answer)


def test_the_csrf_origin_check_compares_the_scheme(server):
    assert admin(server, "POST", "/api/users", {"name": "scheme-organizer", "role": "organizer",
                                                "password": PASSWORD})[0] == 201
    status, headers, body = send(server, "POST", "/api/session",
                                 json.dumps({"name": "scheme-organizer", "password": PASSWORD}).encode(),
                                 {"Content-Type": "application/json"})
    assert status == 200, body
    cookie = headers["Set-Cookie"].split(";")[0]
    listed = len(admin(server, "GET", "/api/evaluations")[1]["evaluations"])
    create = json.dumps({"questionnaire": {"id": "teleconference"}, "title": "伪造的评估",
                         "meetingDate": "2026-11-20"}).encode()
    session = {"Content-Type": "application/json", "Cookie": cookie, "X-CSRF-Token": body["csrfToken"]}
    # Served over plain HTTP: a page at https:// on the same host and port is another origin.
    status, _, answer = send(server, "POST", "/api/evaluations", create,
                             {**session, "Origin": server.base_url.replace("http://", "https://")})
    assert status == 403 and error_code(answer) == "csrf", (status, answer)
    assert len(admin(server, "GET", "/api/evaluations")[1]["evaluations"]) == listed
    status, _, answer = send(server, "POST", "/api/evaluations", create, {**session, "Origin": server.base_url})
    assert status == 201, answer


# ----------------------------------------------------------------------------- 7. CSV cells

FORMULA_STARTS = set("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
SKIPPED_BEFORE_FORMULA = set(" \"\u3000\u00a0")


def runs_as_formula(cell: str) -> bool:
    """What a spreadsheet would run: a formula character after any spaces or quotes, unless the
    cell is a plain number such as -12."""
    rest = cell.lstrip("".join(SKIPPED_BEFORE_FORMULA))
    return bool(rest) and rest[0] in FORMULA_STARTS and not re.fullmatch(r"-?\d+(\.\d+)?", cell)


def test_every_csv_shows_formula_like_cells_as_text(server):
    texts = [" =1+1", "\"=1+1", "\uff1d1+1", "\uff0bSUM(1)", "\uff0d2", "\uff20cmd", " \uff1d1", "\u3000=1",
             "=HYPERLINK(\"x\")", "+SUM(1)", "@cmd"]
    made = evaluation(server, "表格公式 \uff1d1")
    for text in texts:
        body = submission()
        body["answers"]["suggestion"] = text
        status, _, answer = send(server, "POST", responses_path(made), json.dumps(body).encode(),
                                 {"Content-Type": "application/json"})
        assert status == 201, answer
    seen = []
    for export in ["responses.csv", "responses-wide.csv", "scorecard.csv", "codebook.csv"]:
        status, _, raw = server.request("GET", f"/api/evaluations/{made['id']}/{export}")
        assert status == 200, (export, raw[:300])
        cells = [cell for row in csv.reader(io.StringIO(raw.decode("utf-8-sig"))) for cell in row]
        dangerous = [cell for cell in cells if runs_as_formula(cell)]
        assert not dangerous, (export, dangerous)
        seen += cells
    # Every text arrived, neutralized (the server may trim what attendees typed around it).
    for text in texts:
        assert any(cell.startswith("'") and cell[1:].strip() == text.strip() for cell in seen), text


# ----------------------------------------------------------------------------- 9. storage faults


def _ignore_file_size_signal():
    # A write past RLIMIT_FSIZE then fails with EFBIG instead of killing the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def test_a_storage_fault_answers_503_and_the_same_submission_is_stored_later(live_server):
    """A full disk without a special filesystem: the running server's file size limit is lowered
    (prlimit) to a little above its database files, so that SQLite's next growth fails."""
    server = live_server("--no-rate-limits", admin_token=ADMIN_TOKEN, preexec_fn=_ignore_file_size_signal)
    made = evaluation(server, "磁盘已满")
    headers = {"Content-Type": "application/json"}
    assert send(server, "POST", responses_path(made), json.dumps(submission()).encode(), headers)[0] == 201
    assert server.request("GET", "/healthz")[0] == 200

    files = [server.folder / (server.database.name + suffix) for suffix in ("", "-wal")]
    largest = max(path.stat().st_size for path in files if path.exists())
    _, hard = resource.prlimit(server.process.pid, resource.RLIMIT_FSIZE)
    resource.prlimit(server.process.pid, resource.RLIMIT_FSIZE, (largest + 64 * 1024, hard))
    acknowledged: list[str] = []
    refused = None
    for _ in range(3000):
        body = submission()
        body["answers"]["suggestion"] = "会议应当更加简短。" * 40
        status, answer_headers, answer = send(server, "POST", responses_path(made), json.dumps(body).encode(), headers)
        if status == 201:
            acknowledged.append(body["id"])
            continue
        refused = (body, status, answer_headers, answer)
        break
    assert refused, "the file size limit was never reached"
    body, status, answer_headers, answer = refused
    assert status == 503 and error_code(answer) == "storage_unavailable", (status, answer)
    assert int(answer_headers.get("Retry-After") or 0) >= 1
    time.sleep(1.1)  # a successful health check is reused for a second
    assert server.request("GET", "/healthz")[0] == 503
    metrics = server.request("GET", "/metrics")[2].decode()
    assert "meeting_eval_storage_faults_total" in metrics
    assert "unexpected error" not in server.log()

    # Room again: the same submission is stored, and everything acknowledged is there.
    resource.prlimit(server.process.pid, resource.RLIMIT_FSIZE, (hard, hard))
    status, _, answer = send(server, "POST", responses_path(made), json.dumps(body).encode(), headers)
    assert status == 201, answer
    assert server.request("GET", "/healthz")[0] == 200
    assert stored_count(server, made) == 1 + len(acknowledged) + 1


# ----------------------------------------------------------------------------- 11. smaller points


def test_a_started_at_years_away_is_stored_as_absent_and_counted(server):
    made = evaluation(server, "开始时间")
    ids = []
    for started in ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"]:
        body = submission(startedAt=started)
        status, _, answer = send(server, "POST", responses_path(made), json.dumps(body).encode(),
                                 {"Content-Type": "application/json"})
        assert status == 201, (started, answer)
        ids.append(body["id"])
    for response_id in ids:
        status, detail = admin(server, "GET", f"/api/evaluations/{made['id']}/responses/{response_id}")
        assert status == 200, detail
        assert detail["response"].get("startedAt") is None and detail["response"].get("durationSeconds") is None, detail
    metrics = server.request("GET", "/metrics")[2].decode()
    line = next((line for line in metrics.splitlines() if line.startswith("meeting_eval_started_at_discarded_total")),
                None)
    assert line is not None and float(line.split()[-1]) >= 2, line


def test_openapi_is_as_strict_as_the_server_on_reasons_and_paging(server):
    document = yaml.safe_load((REPO_ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    exclusion = document["paths"]["/api/evaluations/{id}/responses/{responseId}/exclusion"]["post"]
    schema = json.dumps(exclusion["requestBody"])
    assert '"required": ["reason"]' in schema, schema
    before = next(parameter for parameter in document["paths"]["/api/audit"]["get"]["parameters"]
                  if parameter.get("name") == "before")
    assert before["schema"].get("minimum") == 1, before
    # The server refuses what the document now refuses.
    made = evaluation(server, "排除原因")
    body = submission()
    assert send(server, "POST", responses_path(made), json.dumps(body).encode(),
                {"Content-Type": "application/json"})[0] == 201
    path = f"/api/evaluations/{made['id']}/responses/{body['id']}/exclusion"
    assert admin(server, "POST", path, {})[0] in (400, 422)
    assert admin(server, "GET", "/api/audit?before=0")[0] in (400, 422)
