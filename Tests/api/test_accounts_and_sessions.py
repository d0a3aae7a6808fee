"""Accounts, sessions, API tokens, the audit log and invitation codes, against the real
`meeting-eval serve` over real HTTP, with the `meeting-eval user` command line on the same
database and the SQLite file read directly:

- `user add` (password on stdin, or generated and printed once), `user list`, `user disable`
  (the account's session and API tokens stop working at once), `user enable`, `user token`;
- the session cookie's attributes (`Secure` only behind TLS), sign-in and sign-out, one
  message for a wrong name and a wrong password;
- forged cookie requests (no CSRF token, a wrong one, a foreign Origin, Sec-Fetch-Site
  cross-site, a login from another site) fail with 403 and create nothing;
- API tokens: made, used, listed without their secret, revoked; the holder's role applies;
- the audit log names who signed in, created, opened, excluded and exported;
- invitation codes: one code spent once under 20 simultaneous submissions; their format; how
  typed codes and bound venues are handled;
- the database holds no password, token or invitation code in plain text, and for an
  anonymous evaluation nothing that links a response to its code, an IP address or a user agent.
"""

from __future__ import annotations

import http.client
import json
import re
import sqlite3
import subprocess
import threading
import uuid
from contextlib import closing
from pathlib import Path

import pytest

from live_server import LiveServer, server_binary

# Every server below runs with this admin API token (MEETING_EVAL_ADMIN_TOKEN).
ADMIN_TOKEN = "accounts-test-admin-token-0123456789"
ANSWERS = {"necessity": "necessary", "notice": 4, "punctuality": "on-time", "time-control": 4, "audio": 5,
           "video": 4, "signal": "stable", "venue-attendance": "all", "venue-discipline": 4, "speech-brevity": 3,
           "relevance": 4, "task-clarity": 5, "follow-up": "na", "worth": "well-worth"}
CODE_ALPHABET = set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
FOREIGN_ORIGIN = "https://evil.example"
# Every password, token and cookie value this module makes; none may be stored in plain text.
SECRETS: set[str] = set()


class Reply:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body)

    @property
    def error_code(self) -> str | None:
        try:
            return self.json()["error"]["code"]
        except (ValueError, KeyError, TypeError):
            return None

    def __repr__(self) -> str:
        return f"<{self.status} {self.body[:400]!r}>"


class Session:
    """A signed-in browser: the session cookie's value and the CSRF token."""

    def __init__(self, name: str, cookie: str, csrf: str, set_cookie: str):
        self.name, self.cookie, self.csrf, self.set_cookie = name, cookie, csrf, set_cookie
        SECRETS.add(cookie)


class Server(LiveServer):
    """A server with ADMIN_TOKEN, and the requests, accounts and command lines of these tests."""

    def __init__(self, folder: Path, *extra: str, **options):
        super().__init__(folder, "--log-level", "warning", *extra, admin_token=ADMIN_TOKEN, **options)

    def request(self, method: str, path: str, body=None, *, token: str | None = None,
                session: Session | None = None, csrf: bool = True, headers: dict | None = None) -> Reply:
        """One request on its own connection. `token` goes in `Authorization: Bearer`; `session`
        sends the cookie and, unless `csrf` is False, its CSRF token."""
        all_headers = {}
        if body is not None:
            all_headers["Content-Type"] = "application/json"
            if not isinstance(body, bytes):
                body = json.dumps(body).encode()
        if token is not None:
            all_headers["Authorization"] = f"Bearer {token}"
        if session is not None:
            all_headers["Cookie"] = f"meeting_eval_session={session.cookie}"
            if csrf:
                all_headers["X-CSRF-Token"] = session.csrf
        all_headers.update(headers or {})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            return Reply(response.status, response.headers, response.read())
        finally:
            connection.close()

    def admin(self, method: str, path: str, body=None) -> Reply:
        return self.request(method, path, body, token=ADMIN_TOKEN)

    def sign_in(self, name: str, password: str, headers: dict | None = None) -> Reply:
        return self.request("POST", "/api/session", {"name": name, "password": password}, headers=headers)

    def session(self, name: str, password: str) -> Session:
        reply = self.sign_in(name, password)
        assert reply.status == 200, reply
        set_cookie = reply.headers["Set-Cookie"]
        match = re.match(r"meeting_eval_session=([^;]+);", set_cookie)
        assert match, set_cookie
        return Session(name, match.group(1), reply.json()["csrfToken"], set_cookie)

    def user(self, role: str, prefix: str | None = None) -> tuple[str, str]:
        """A new account made by the admin over the API: (name, password)."""
        name = f"{prefix or role}-{uuid.uuid4().hex[:8]}"
        password = f"pw-{uuid.uuid4().hex}"
        SECRETS.add(password)
        reply = self.admin("POST", "/api/users", {"name": name, "role": role, "password": password})
        assert reply.status == 201, reply
        assert reply.json()["user"]["name"] == name and "password" not in reply.json()
        return name, password

    def token(self, name: str, label: str = "test") -> str:
        reply = self.admin("POST", "/api/tokens", {"label": label, "account": name})
        assert reply.status == 201, reply
        SECRETS.add(reply.json()["secret"])
        return reply.json()["secret"]

    def evaluation(self, title: str = "账户测试", open_it: bool = True, **settings) -> dict:
        reply = self.admin("POST", "/api/evaluations", evaluation_body(title, **settings))
        assert reply.status == 201, reply
        evaluation = reply.json()
        if open_it:
            assert self.admin("POST", f"/api/evaluations/{evaluation['id']}/open").status == 200
        return evaluation

    def evaluation_ids(self) -> list[str]:
        reply = self.admin("GET", "/api/evaluations")
        assert reply.status == 200, reply
        return sorted(e["id"] for e in reply.json()["evaluations"])

    def submit(self, evaluation: dict, headers: dict | None = None, **fields) -> Reply:
        body = {"id": str(uuid.uuid4()), "raterGroup": "attendees", "answers": ANSWERS, **fields}
        return self.request("POST", f"/api/public/evaluations/{evaluation['slug']}/responses", body,
                            headers=headers)

    def invitations(self, evaluation: dict, count: int, **binding) -> list[str]:
        reply = self.admin("POST", f"/api/evaluations/{evaluation['id']}/invitations", {"count": count, **binding})
        assert reply.status == 201, reply
        codes = reply.json()["codes"]
        SECRETS.update(codes)
        return codes

    def cli(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([server_binary(), *args, "--database", str(self.database)], input=stdin,
                              capture_output=True, text=True, timeout=60)



def evaluation_body(title: str, **settings) -> dict:
    return {"questionnaire": {"id": "teleconference"}, "title": title, "meetingDate": "2026-11-20",
            "venues": [{"id": "hefei", "name": "合肥分会场"}, {"id": "wuhu", "name": "芜湖分会场"}],
            "raterGroups": [{"id": "attendees", "name": "参会人员", "weight": 1}], **settings}


def stored_text(database: Path):
    """(table, column, value) for every text value of every table, as SQLite gives them."""
    with closing(sqlite3.connect(database, timeout=30)) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        found = []
        for table in tables:
            cursor = db.execute(f'SELECT * FROM "{table}"')
            columns = [column[0] for column in cursor.description]
            for row in cursor:
                for column, value in zip(columns, row):
                    if isinstance(value, bytes):
                        value = value.decode("utf-8", errors="replace")
                    if isinstance(value, str):
                        found.append((table, column, value))
        return found


def places_holding(database: Path, *needles: str) -> list[tuple[str, str, str]]:
    """Where any of `needles` occurs (ignoring case) in a stored text value: (needle, table, column)."""
    text = stored_text(database)
    return [(needle, table, column) for needle in needles for table, column, value in text
            if needle.lower() in value.lower()]


@pytest.fixture(scope="module")
def server(module_live_server):
    # Rate limits are tested in test_abuse_limits.py; here they would only make the module's
    # sign-in failures and code attempts add up.
    return module_live_server("--no-rate-limits", cls=Server)


# ----------------------------------------------------------------------------- command line


def test_user_add_reads_the_password_from_stdin(server):
    password = "stdin-Password-42"
    SECRETS.add(password)
    added = server.cli("user", "add", "stdin-user", "--role", "organizer", stdin=password + "\n")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "added stdin-user (organizer)"
    assert password not in added.stdout + added.stderr
    reply = server.sign_in("stdin-user", password)
    assert reply.status == 200, reply
    assert {k: reply.json()[k] for k in ("name", "role", "credential")} == {
        "name": "stdin-user", "role": "organizer", "credential": "session"}


def test_user_add_with_generate_password_prints_it_once_and_it_signs_in(server):
    added = server.cli("user", "add", "generated-user", "--role", "evaluator", "--generate-password")
    assert added.returncode == 0, added.stderr
    match = re.search(r"^password: (\S+)", added.stdout, re.M)
    assert match, added.stdout
    password = match.group(1)
    SECRETS.add(password)
    assert len(password) >= 10
    assert (added.stdout + added.stderr).count(password) == 1
    assert server.sign_in("generated-user", password).status == 200
    assert password not in server.cli("user", "list").stdout


@pytest.mark.parametrize("second", ["dup-user", "DUP-USER", "Dup-User"])
def test_user_add_refuses_a_name_taken_in_any_case(server, second):
    if server.cli("user", "list").stdout.count("dup-user") == 0:
        assert server.cli("user", "add", "dup-user", "--role", "organizer", stdin="first-password-1\n").returncode == 0
    again = server.cli("user", "add", second, "--role", "admin", stdin="other-password-2\n")
    assert again.returncode != 0
    assert "already exists" in again.stderr, again.stderr
    # The first account is unchanged: still an organizer, still its password.
    assert server.sign_in("dup-user", "first-password-1").json()["role"] == "organizer"
    assert server.sign_in("dup-user", "other-password-2").status == 401


@pytest.mark.parametrize("password, message", [
    ("short-pw", "at least 10 characters"),
    ("x" * 73, "at most 72 bytes"),
    ("密码密码密码密码密码密码密码密码密码密码密码密码密码", "at most 72 bytes"),  # 25 characters, 75 bytes
    ("weak-user-name", "must not be the account name"),
])
def test_user_add_refuses_a_bad_password(server, password, message):
    result = server.cli("user", "add", "weak-user-name", "--role", "organizer", stdin=password + "\n")
    assert result.returncode != 0
    assert message in result.stderr, result.stderr
    assert "weak-user-name" not in server.cli("user", "list").stdout


def test_user_add_refuses_an_unknown_role(server):
    result = server.cli("user", "add", "role-user", "--role", "superuser", stdin="good-password-1\n")
    assert result.returncode != 0
    assert "unknown role 'superuser'" in result.stderr and "organizer" in result.stderr, result.stderr
    assert "role-user" not in server.cli("user", "list").stdout


def test_user_list_shows_name_role_and_status(server):
    for name, role in [("list-admin", "admin"), ("list-organizer", "organizer"), ("list-evaluator", "evaluator")]:
        organizations = ["--organization", "default"] if role == "organizer" else []
        added = server.cli("user", "add", name, "--role", role, *organizations, stdin="list-password-1\n")
        assert added.returncode == 0, added.stderr
    assert server.cli("user", "disable", "list-evaluator").returncode == 0
    listed = server.cli("user", "list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["NAME", "ROLE", "STATUS", "CREATED", "ORGANIZATIONS"]
    rows = {line.split()[0]: line.split()[1:3] for line in lines[1:]}
    assert [line.split()[4:] for line in lines[1:] if line.startswith("list-organizer")] == [["default"]]
    assert rows["list-admin"] == ["admin", "active"]
    assert rows["list-organizer"] == ["organizer", "active"]
    assert rows["list-evaluator"] == ["evaluator", "disabled"]
    # The API lists the same.
    users = {u["name"]: u for u in server.admin("GET", "/api/users").json()["users"]}
    assert users["list-evaluator"]["disabled"] is True and users["list-admin"]["role"] == "admin"
    assert all("password" not in json.dumps(u).lower() for u in users.values())


def test_user_token_prints_a_token_that_works_as_bearer(server):
    assert server.cli("user", "add", "token-user", "--role", "evaluator", stdin="token-password-1\n").returncode == 0
    made = server.cli("user", "token", "token-user", "--label", "nightly export")
    assert made.returncode == 0, made.stderr
    lines = made.stdout.strip().splitlines()
    assert re.match(r"token [0-9a-f-]{36} for token-user \(evaluator\):$", lines[0]), lines
    secret = lines[-1].strip()
    SECRETS.add(secret)
    assert made.stdout.count(secret) == 1
    who = server.request("GET", "/api/session", token=secret)
    assert who.status == 200, who
    assert {k: who.json()[k] for k in ("name", "role", "credential")} == {
        "name": "token-user", "role": "evaluator", "credential": "token"}
    assert server.request("GET", "/api/evaluations", token=secret).status == 200
    tokens = server.admin("GET", "/api/tokens").json()["tokens"]
    assert any(t["account"] == "token-user" and t["label"] == "nightly export" for t in tokens)
    missing = server.cli("user", "token", "no-such-user", "--label", "x")
    assert missing.returncode != 0 and "no account" in missing.stderr


def test_user_password_sets_a_new_password_and_ends_the_sessions(server):
    old, new = "password-user-old-1", "password-user-new-1"
    assert server.cli("user", "add", "password-user", "--role", "organizer", stdin=old + "\n").returncode == 0
    session = server.session("password-user", old)
    assert server.request("GET", "/api/session", session=session).status == 200
    changed = server.cli("user", "password", "password-user", stdin=new + "\n")
    assert changed.returncode == 0, changed.stderr
    assert server.request("GET", "/api/session", session=session).status == 401
    assert server.sign_in("password-user", old).status == 401
    assert server.sign_in("password-user", new).status == 200
    generated = server.cli("user", "password", "password-user", "--generate-password")
    assert generated.returncode == 0, generated.stderr
    password = generated.stdout.split("password: ")[1].split()[0]
    SECRETS.add(password)
    assert server.sign_in("password-user", password).status == 200
    assert server.cli("user", "password", "password-user", stdin="short\n").returncode != 0
    assert server.cli("user", "password", "no-such-user", stdin="long-enough-pass\n").returncode != 0


def test_user_disable_ends_sessions_and_tokens_and_enable_restores_sign_in(server):
    password = "disable-password-1"
    assert server.cli("user", "add", "disable-user", "--role", "organizer", stdin=password + "\n").returncode == 0
    session = server.session("disable-user", password)
    made = server.cli("user", "token", "disable-user", "--label", "script")
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip().splitlines()[-1]
    SECRETS.add(token)
    assert server.request("GET", "/api/evaluations", session=session).status == 200
    assert server.request("GET", "/api/evaluations", token=token).status == 200

    disabled = server.cli("user", "disable", "disable-user")
    assert disabled.returncode == 0, disabled.stderr
    assert "disable-user is disabled" in disabled.stdout
    for reply in (server.request("GET", "/api/evaluations", session=session),
                  server.request("GET", "/api/session", session=session),
                  server.request("GET", "/api/evaluations", token=token),
                  server.request("POST", "/api/evaluations", evaluation_body("停用后"), token=token)):
        assert reply.status == 401 and reply.error_code == "unauthorized", reply
    refused = server.sign_in("disable-user", password)
    assert refused.status == 401 and "Set-Cookie" not in refused.headers, refused

    enabled = server.cli("user", "enable", "disable-user")
    assert enabled.returncode == 0, enabled.stderr
    assert "disable-user is enabled" in enabled.stdout
    again = server.session("disable-user", password)
    assert server.request("GET", "/api/evaluations", session=again).status == 200
    assert server.cli("user", "disable", "nobody-here").returncode != 0


def test_admin_api_makes_accounts_with_a_generated_password_and_disables_them(server):
    name = f"api-user-{uuid.uuid4().hex[:6]}"
    created = server.admin("POST", "/api/users", {"name": name, "role": "evaluator"})
    assert created.status == 201, created
    password = created.json()["password"]
    SECRETS.add(password)
    assert created.json()["user"] == {**created.json()["user"], "name": name, "role": "evaluator", "disabled": False}
    session = server.session(name, password)
    assert server.request("GET", "/api/users", session=session).status == 403
    assert server.admin("POST", f"/api/users/{name}/disable").json()["disabled"] is True
    assert server.request("GET", "/api/evaluations", session=session).status == 401
    assert server.admin("POST", f"/api/users/{name}/enable").json()["disabled"] is False
    assert server.sign_in(name, password).status == 200
    assert server.admin("POST", "/api/users", {"name": name.upper(), "role": "admin"}).status == 409


# ----------------------------------------------------------------------------- sessions


def test_requests_without_credentials_get_401_and_public_routes_stay_open(server):
    for method, path in [("GET", "/api/evaluations"), ("POST", "/api/evaluations"), ("GET", "/api/users"),
                         ("GET", "/api/audit"), ("GET", "/api/session"), ("GET", "/metrics")]:
        reply = server.request(method, path, {} if method == "POST" else None)
        assert reply.status == 401, (method, path, reply)
        assert reply.error_code == "unauthorized" and reply.json()["error"]["message"], reply
        assert reply.headers["WWW-Authenticate"], (method, path)
    for path in ["/healthz", "/api/signing-key", "/", "/console", "/evaluate", "/login"]:
        assert server.request("GET", path).status == 200, path
    wrong = server.request("GET", "/api/evaluations", token="not-a-token-at-all")
    assert wrong.status == 401 and wrong.error_code == "unauthorized"
    organizer, password = server.user("organizer")
    assert server.request("GET", "/metrics", session=server.session(organizer, password)).status == 403
    assert server.admin("GET", "/metrics").status == 200


def test_the_session_cookie_is_httponly_strict_and_not_secure_by_default(server):
    name, password = server.user("organizer")
    reply = server.sign_in(name, password)
    assert reply.status == 200, reply
    body = reply.json()
    assert body["name"] == name and body["role"] == "organizer" and body["credential"] == "session"
    assert body["csrfToken"] and body["expiresAt"]
    cookies = reply.headers.get_all("Set-Cookie")
    assert len(cookies) == 1
    value, *attributes = [part.strip() for part in cookies[0].split(";")]
    assert value.startswith("meeting_eval_session=") and len(value) > len("meeting_eval_session=") + 20
    SECRETS.add(value.split("=", 1)[1])
    assert "HttpOnly" in attributes and "SameSite=Strict" in attributes and "Path=/" in attributes
    assert "Max-Age=43200" in attributes
    assert "Secure" not in attributes
    # The CSRF token is not the cookie.
    assert body["csrfToken"] != value.split("=", 1)[1]


@pytest.mark.parametrize("extra, env", [
    (["--behind-tls"], {}),
    ([], {"MEETING_EVAL_BEHIND_TLS": "1"}),
    (["--public-url", "https://eval.example.gov.cn"], {}),
])
def test_behind_tls_the_cookie_is_secure(live_server, extra, env):
    server = live_server(*extra, cls=Server, env=env)
    name, password = server.user("evaluator")
    session = server.session(name, password)
    attributes = [part.strip() for part in session.set_cookie.split(";")]
    assert "Secure" in attributes and "HttpOnly" in attributes and "SameSite=Strict" in attributes
    signed_out = server.request("DELETE", "/api/session", session=session)
    assert signed_out.status == 204
    assert "Secure" in [part.strip() for part in signed_out.headers["Set-Cookie"].split(";")]


def test_signing_in_and_out(server):
    name, password = server.user("evaluator")
    session = server.session(name, password)
    who = server.request("GET", "/api/session", session=session)
    assert who.status == 200, who
    assert who.json()["name"] == name and who.json()["role"] == "evaluator"
    assert who.json()["credential"] == "session" and who.json()["csrfToken"] == session.csrf
    assert server.request("GET", "/api/evaluations", session=session).status == 200

    # Signing out is a state change too: not without the CSRF token.
    forged = server.request("DELETE", "/api/session", session=session, csrf=False)
    assert forged.status == 403 and forged.error_code == "csrf", forged
    assert server.request("GET", "/api/session", session=session).status == 200

    signed_out = server.request("DELETE", "/api/session", session=session)
    assert signed_out.status == 204, signed_out
    clearing = [part.strip() for part in signed_out.headers["Set-Cookie"].split(";")]
    assert clearing[0] == "meeting_eval_session=" and "Max-Age=0" in clearing
    for path in ("/api/session", "/api/evaluations"):
        reply = server.request("GET", path, session=session)
        assert reply.status == 401 and reply.error_code == "unauthorized", reply


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(server):
    name, password = server.user("organizer")
    wrong_password = server.sign_in(name, password + "x")
    unknown_name = server.sign_in(f"nobody-{uuid.uuid4().hex[:6]}", password)
    wrong_case = server.sign_in(name, password.upper())
    for reply in (wrong_password, unknown_name, wrong_case):
        assert reply.status == 401, reply
        assert "Set-Cookie" not in reply.headers
    assert wrong_password.json() == unknown_name.json() == wrong_case.json()
    assert wrong_password.json()["error"]["code"] == "unauthorized"
    # The account name is not case-sensitive at sign-in.
    assert server.sign_in(name.upper(), password).status == 200


# ----------------------------------------------------------------------------- CSRF


@pytest.mark.parametrize("forgery", [
    "no-csrf-token", "wrong-csrf-token", "foreign-origin", "sec-fetch-site-cross-site", "sec-fetch-site-same-site",
    "null-origin",
])
def test_a_forged_request_with_the_session_cookie_fails_and_creates_nothing(server, forgery):
    name, password = server.user("organizer")
    session = server.session(name, password)
    before = server.evaluation_ids()
    headers = {
        "wrong-csrf-token": {"X-CSRF-Token": "0" * len(session.csrf)},
        "foreign-origin": {"Origin": FOREIGN_ORIGIN},
        "sec-fetch-site-cross-site": {"Sec-Fetch-Site": "cross-site"},
        "sec-fetch-site-same-site": {"Sec-Fetch-Site": "same-site"},
        "null-origin": {"Origin": "null"},
    }.get(forgery, {})
    reply = server.request("POST", "/api/evaluations", evaluation_body(f"伪造 {forgery}"), session=session,
                           csrf=forgery != "no-csrf-token", headers=headers)
    assert reply.status == 403, reply
    assert reply.error_code == "csrf", reply
    assert server.evaluation_ids() == before
    # The same request, sent from the site itself, works.
    genuine = server.request("POST", "/api/evaluations", evaluation_body("真实请求"), session=session,
                             headers={"Origin": server.origin, "Sec-Fetch-Site": "same-origin"})
    assert genuine.status == 201, genuine
    assert server.evaluation_ids() == sorted(before + [genuine.json()["id"]])


def test_a_sign_in_from_another_site_is_refused(server):
    name, password = server.user("organizer")
    before = server.admin("GET", f"/api/audit?entity={name}").json()["events"]
    for headers in ({"Origin": FOREIGN_ORIGIN}, {"Sec-Fetch-Site": "cross-site"}):
        reply = server.sign_in(name, password, headers=headers)
        assert reply.status == 403 and reply.error_code == "csrf", (headers, reply)
        assert "Set-Cookie" not in reply.headers
    assert server.admin("GET", f"/api/audit?entity={name}").json()["events"] == before
    assert server.sign_in(name, password, headers={"Origin": server.origin}).status == 200


def test_bearer_requests_need_no_csrf_token(server):
    name, _ = server.user("organizer")
    token = server.token(name)
    reply = server.request("POST", "/api/evaluations", evaluation_body("令牌请求"), token=token)
    assert reply.status == 201, reply
    evaluation = reply.json()
    assert server.request("POST", f"/api/evaluations/{evaluation['id']}/open", token=token).status == 200


# ----------------------------------------------------------------------------- API tokens


def test_api_tokens_are_made_used_listed_without_secret_and_revoked(server):
    name, password = server.user("organizer")
    session = server.session(name, password)
    made = server.request("POST", "/api/tokens", {"label": "nightly export"}, session=session)
    assert made.status == 201, made
    token, secret = made.json()["token"], made.json()["secret"]
    SECRETS.add(secret)
    assert set(token) >= {"id", "account", "label", "createdAt"}
    assert token["account"] == name and token["label"] == "nightly export"
    assert server.request("POST", "/api/tokens", {"label": "x"}, session=session, csrf=False).status == 403

    created = server.request("POST", "/api/evaluations", evaluation_body("令牌创建"), token=secret)
    assert created.status == 201, created
    assert server.request("GET", f"/api/evaluations/{created.json()['id']}", token=secret).status == 200

    listed = server.request("GET", "/api/tokens", token=secret)
    assert listed.status == 200, listed
    assert secret.encode() not in listed.body and b"secret" not in listed.body
    assert token["id"] in [t["id"] for t in listed.json()["tokens"]]
    # Another organizer does not see it, nor revoke it.
    other, other_password = server.user("organizer")
    other_session = server.session(other, other_password)
    assert token["id"] not in [t["id"] for t in
                               server.request("GET", "/api/tokens", session=other_session).json()["tokens"]]
    assert server.request("DELETE", f"/api/tokens/{token['id']}", session=other_session).status in (403, 404)
    assert server.request("GET", "/api/evaluations", token=secret).status == 200

    revoked = server.request("DELETE", f"/api/tokens/{token['id']}", session=session)
    assert revoked.status in (200, 204), revoked
    for method, path in [("GET", "/api/evaluations"), ("GET", "/api/session"), ("POST", "/api/evaluations")]:
        reply = server.request(method, path, evaluation_body("撤销后") if method == "POST" else None, token=secret)
        assert reply.status == 401 and reply.error_code == "unauthorized", (method, path, reply)
    # The session that made it still works.
    assert server.request("GET", "/api/evaluations", session=session).status == 200


def test_a_token_carries_its_holders_role(server):
    evaluator, _ = server.user("evaluator")
    token = server.token(evaluator)
    before = server.evaluation_ids()
    refused = server.request("POST", "/api/evaluations", evaluation_body("评估员创建"), token=token)
    assert refused.status == 403 and refused.error_code == "forbidden", refused
    assert server.evaluation_ids() == before
    evaluation = server.evaluation("角色测试")
    assert server.request("GET", "/api/evaluations", token=token).status == 200
    assert server.request("GET", f"/api/evaluations/{evaluation['id']}/scorecard.json", token=token).status == 200
    assert server.request("GET", f"/api/evaluations/{evaluation['id']}/responses.csv", token=token).status == 200
    assert server.request("GET", f"/api/evaluations/{evaluation['id']}/screening", token=token).status == 200
    for method, path in [("POST", f"/api/evaluations/{evaluation['id']}/close"), ("GET", "/api/users"),
                         ("POST", f"/api/evaluations/{evaluation['id']}/invitations"), ("GET", "/api/audit")]:
        reply = server.request(method, path, {} if method == "POST" else None, token=token)
        assert reply.status == 403 and reply.error_code == "forbidden", (method, path, reply)
    assert server.admin("GET", f"/api/evaluations/{evaluation['id']}").json()["status"] == "open"
    # An organizer token may not make tokens for other accounts.
    organizer, _ = server.user("organizer")
    organizer_token = server.token(organizer)
    assert server.request("POST", "/api/tokens", {"label": "x", "account": evaluator},
                          token=organizer_token).status == 403


# ----------------------------------------------------------------------------- audit


def test_the_audit_log_names_who_did_what(server):
    organizer, organizer_password = server.user("organizer", "auditor-org")
    evaluator, evaluator_password = server.user("evaluator", "auditor-eva")
    organizing = server.session(organizer, organizer_password)
    created = server.request("POST", "/api/evaluations", evaluation_body("审计测试"), session=organizing)
    assert created.status == 201, created
    evaluation = created.json()
    assert server.request("POST", f"/api/evaluations/{evaluation['id']}/open", session=organizing).status == 200
    submitted = server.submit(evaluation, venue="hefei")
    assert submitted.status == 201, submitted
    response_id = submitted.json()["id"]
    evaluating = server.session(evaluator, evaluator_password)
    excluded = server.request("POST", f"/api/evaluations/{evaluation['id']}/responses/{response_id}/exclusion",
                              {"reason": "测试数据"}, session=evaluating)
    assert excluded.status == 201, excluded
    export = server.request("GET", f"/api/evaluations/{evaluation['id']}/responses.csv", session=evaluating)
    assert export.status == 200 and response_id.encode() in export.body

    for session in (organizing, evaluating):
        assert server.request("GET", "/api/audit", session=session).status == 403
    events = server.admin("GET", "/api/audit?limit=1000").json()["events"]
    ids = [event["id"] for event in events]
    assert ids == sorted(ids, reverse=True), "newest first"

    def actors(action: str, entity: str) -> list[str]:
        return [e["actor"] for e in events if e["action"] == action and e["entityId"] == entity]

    assert actors("session.started", organizer) == [organizer]
    assert actors("session.started", evaluator) == [evaluator]
    assert actors("account.created", organizer) == ["admin-token"]
    assert actors("evaluation.created", evaluation["id"]) == [organizer]
    assert actors("evaluation.opened", evaluation["id"]) == [organizer]
    assert actors("response.excluded", evaluation["id"]) == [evaluator]
    assert actors("responses.exported", evaluation["id"]) == [evaluator]
    exclusion = next(e for e in events if e["action"] == "response.excluded" and e["entityId"] == evaluation["id"])
    assert response_id in (exclusion.get("detail") or ""), exclusion

    by_entity = server.admin("GET", f"/api/audit?entity={evaluation['id']}").json()["events"]
    assert [e["action"] for e in reversed(by_entity)] == [
        "evaluation.created", "evaluation.opened", "response.excluded", "responses.exported"]
    # Pages: `next` leads to the older events.
    first = server.admin("GET", f"/api/audit?entity={evaluation['id']}&limit=2").json()
    assert [e["id"] for e in first["events"]] == [e["id"] for e in by_entity[:2]] and first["next"]
    second = server.admin("GET", f"/api/audit?entity={evaluation['id']}&limit=2&before={first['next']}").json()
    assert [e["id"] for e in second["events"]] == [e["id"] for e in by_entity[2:4]]
    assert server.admin("GET", "/api/audit?limit=0").status == 422


# ----------------------------------------------------------------------------- invitation codes


def test_one_code_under_20_simultaneous_submissions_is_spent_once(server):
    evaluation = server.evaluation("邀请码并发", access="invitation", anonymous=True)
    code = server.invitations(evaluation, 5)[0]
    start = threading.Barrier(20)
    replies: list[Reply] = []
    lock = threading.Lock()

    def submit():
        body = json.dumps({"id": str(uuid.uuid4()), "venue": "hefei", "raterGroup": "attendees", "token": code,
                           "answers": ANSWERS}).encode()
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            connection.connect()
            start.wait(timeout=30)
            connection.request("POST", f"/api/public/evaluations/{evaluation['slug']}/responses", body=body,
                               headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            reply = Reply(response.status, response.headers, response.read())
        finally:
            connection.close()
        with lock:
            replies.append(reply)

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    statuses = sorted(reply.status for reply in replies)
    assert statuses == [201] + [409] * 19, [(r.status, r.body[:200]) for r in replies]
    assert all(reply.error_code == "code_used" for reply in replies if reply.status == 409)
    with closing(sqlite3.connect(server.database, timeout=30)) as db:
        assert db.execute("SELECT COUNT(*) FROM response WHERE evaluationId = ?", (evaluation["id"],)).fetchone()[0] == 1
        assert sorted(db.execute("SELECT used FROM invitation WHERE evaluationId = ?", (evaluation["id"],)).fetchall()) == [
            (0,), (0,), (0,), (0,), (1,)]
    assert server.admin("GET", f"/api/evaluations/{evaluation['id']}").json()["counts"]["responses"] == 1
    summary = server.admin("GET", f"/api/evaluations/{evaluation['id']}/invitations").json()
    # Anonymous: fewer than five used, so no used count is shown at all.
    assert summary["codes"] == 5 and "used" not in summary, summary


def test_codes_are_ten_unambiguous_characters_and_unique_in_a_batch(server):
    evaluation = server.evaluation("邀请码格式", open_it=False, access="invitation")
    reply = server.admin("POST", f"/api/evaluations/{evaluation['id']}/invitations", {"count": 1000})
    assert reply.status == 201, reply
    batch = reply.json()
    codes = batch["codes"]
    SECRETS.update(codes)
    assert batch["batch"] and batch["count"] == 1000 and len(codes) == 1000
    assert len(set(codes)) == 1000
    for code in codes:
        assert re.fullmatch(r"[^-]{5}-[^-]{5}", code), code
        assert set(code.replace("-", "")) <= CODE_ALPHABET, code
        assert not set(code) & set("0O1IL"), code
    # Every symbol of the alphabet turns up in 10 000 symbols.
    assert set("".join(codes).replace("-", "")) == CODE_ALPHABET
    open_access = server.evaluation("开放评估", open_it=False)
    refused = server.admin("POST", f"/api/evaluations/{open_access['id']}/invitations", {"count": 5})
    assert refused.status == 409, refused
    for count in (0, 5001, "10"):
        assert server.admin("POST", f"/api/evaluations/{evaluation['id']}/invitations",
                            {"count": count}).status == 422, count


def test_typed_codes_and_bound_venues(server):
    evaluation = server.evaluation("邀请码输入", access="invitation")
    free_codes = server.invitations(evaluation, 5)
    wuhu_code, wuhu_code_2 = server.invitations(evaluation, 5, venue="wuhu")[:2]
    check = f"/api/public/evaluations/{evaluation['slug']}/invitation"

    # Lower case with spaces instead of the dash is the same code.
    typed = free_codes[0].lower().replace("-", " ")
    checked = server.request("POST", check, {"token": typed})
    assert checked.status == 200 and checked.json()["valid"] is True, checked
    assert server.submit(evaluation, venue="hefei", token=typed).status == 201
    used = server.request("POST", check, {"token": free_codes[0]})
    assert used.status == 409 and used.error_code == "code_used", used
    again = server.submit(evaluation, venue="hefei", token=free_codes[0])
    assert again.status == 409 and again.error_code == "code_used", again
    spaced = " ".join(free_codes[1].replace("-", ""))  # "A B C …"
    assert server.submit(evaluation, venue="hefei", token=spaced).status == 201

    # The code's venue is applied when the submission names none; another venue is refused.
    bound = server.request("POST", check, {"token": wuhu_code})
    assert bound.status == 200 and bound.json()["venue"] == "wuhu", bound
    other_venue = server.submit(evaluation, venue="hefei", token=wuhu_code)
    assert other_venue.status == 422, other_venue
    assert [issue["path"] for issue in other_venue.json()["error"]["issues"]] == ["venue"]
    assert server.submit(evaluation, token=wuhu_code).status == 201
    assert server.submit(evaluation, venue="wuhu", token=wuhu_code_2).status == 201
    counts = server.admin("GET", f"/api/evaluations/{evaluation['id']}").json()["counts"]
    assert counts["byVenue"] == {"hefei": 2, "wuhu": 2}, counts

    # Without a code, or with one that is not this evaluation's: 422 on `token`.
    other = server.evaluation("另一评估", access="invitation")
    foreign_code = server.invitations(other, 5)[0]
    for token in (None, "ABCDE-FGHJK", "not a code", foreign_code):
        fields = {"venue": "hefei"} if token is None else {"venue": "hefei", "token": token}
        reply = server.submit(evaluation, **fields)
        assert reply.status == 422, (token, reply)
        assert "token" in [issue["path"] for issue in reply.json()["error"]["issues"]], (token, reply)
    assert server.admin("GET", f"/api/evaluations/{evaluation['id']}").json()["counts"]["responses"] == 4


# ----------------------------------------------------------------------------- what is stored


def test_an_anonymous_invitation_evaluation_stores_nothing_that_links_or_identifies(server):
    """For `anonymous: true`: a used code row says `used = 1` and nothing else changes on it
    (no time, no response id); no table holds a code, an IP address or a user agent."""
    user_agent = f"AnonymityProbe/7.3 (probe-{uuid.uuid4().hex[:12]})"
    evaluation = server.evaluation("匿名邀请", access="invitation", anonymous=True)
    assert server.admin("GET", f"/api/evaluations/{evaluation['id']}").json()["anonymous"] is True
    codes = server.invitations(evaluation, 5) + server.invitations(evaluation, 5, venue="wuhu")
    response_ids = []
    for code in codes[:3] + codes[5:6]:
        checked = server.request("POST", f"/api/public/evaluations/{evaluation['slug']}/invitation",
                                 {"token": code}, headers={"User-Agent": user_agent})
        assert checked.status == 200, checked
        reply = server.submit(evaluation, headers={"User-Agent": user_agent, "X-Forwarded-For": "203.0.113.77"},
                              venue="wuhu", token=code)
        assert reply.status == 201, reply
        response_ids.append(reply.json()["id"])

    with closing(sqlite3.connect(server.database, timeout=30)) as db:
        db.row_factory = sqlite3.Row
        rows = [dict(row) for row in db.execute("SELECT * FROM invitation WHERE evaluationId = ?", (evaluation["id"],))]
    assert len(rows) == 10
    assert sorted(row["used"] for row in rows) == [0] * 6 + [1] * 4
    for row in rows:
        assert row["usedAt"] is None and row["responseId"] is None, row
        assert not any(str(value) in response_ids for value in row.values()), row
        assert not any(str(value) == code or str(value) == code.replace("-", "")
                       for value in row.values() for code in codes), row
    assert places_holding(server.database, *response_ids) == [
        (response_id, "response", "id") for response_id in response_ids]
    # No code in plain text anywhere, with or without its dash.
    assert places_holding(server.database, *codes, *(code.replace("-", "") for code in codes)) == []
    # No user agent and no IP address anywhere.
    assert places_holding(server.database, user_agent, "AnonymityProbe", "127.0.0.1", "203.0.113.77") == []
    raw = b"".join(path.read_bytes() for path in server.database.parent.glob(server.database.name + "*"))
    assert "匿名邀请".encode() in raw and response_ids[0].encode() in raw  # the bytes searched hold the data
    for needle in (user_agent, "AnonymityProbe", "203.0.113.77", *codes):
        assert needle.encode() not in raw, needle


def test_a_named_invitation_evaluation_records_when_and_which_response(server):
    """For `anonymous: false` the used code row records when it was used and which response it
    brought (so an organizer can trace a response to the person the code was given to); the
    code itself is still stored only as its digest."""
    evaluation = server.evaluation("实名邀请", access="invitation", anonymous=False)
    codes = server.invitations(evaluation, 3, raterGroup="attendees")
    reply = server.submit(evaluation, venue="hefei", token=codes[1])
    assert reply.status == 201, reply
    response_id = reply.json()["id"]
    with closing(sqlite3.connect(server.database, timeout=30)) as db:
        db.row_factory = sqlite3.Row
        rows = [dict(row) for row in db.execute("SELECT * FROM invitation WHERE evaluationId = ?", (evaluation["id"],))]
    used = [row for row in rows if row["used"]]
    unused = [row for row in rows if not row["used"]]
    assert len(used) == 1 and len(unused) == 2
    assert used[0]["responseId"] == response_id and used[0]["usedAt"], used
    assert used[0]["raterGroup"] == "attendees"
    assert all(row["usedAt"] is None and row["responseId"] is None for row in unused)
    assert all(re.fullmatch(r"[0-9a-f]{64}", row["codeHash"]) for row in rows)
    assert places_holding(server.database, *codes, *(code.replace("-", "") for code in codes)) == []


def test_no_password_or_token_is_stored_in_plain_text(server):
    """Runs last: every password, API token, session cookie and invitation code this module
    made (and one more of each here) is absent from every text column of every table, and
    from the database's bytes on disk."""
    password = f"plain-{uuid.uuid4().hex}"
    SECRETS.add(password)
    assert server.cli("user", "add", "plaintext-user", "--role", "organizer", stdin=password + "\n").returncode == 0
    session = server.session("plaintext-user", password)
    made = server.request("POST", "/api/tokens", {"label": "scan"}, session=session)
    assert made.status == 201, made
    SECRETS.add(made.json()["secret"])
    generated = server.cli("user", "add", "plaintext-generated", "--role", "admin", "--generate-password")
    SECRETS.add(re.search(r"^password: (\S+)", generated.stdout, re.M).group(1))
    cli_token = server.cli("user", "token", "plaintext-user", "--label", "cli")
    SECRETS.add(cli_token.stdout.strip().splitlines()[-1])
    assert server.request("GET", "/api/evaluations", token=made.json()["secret"]).status == 200
    assert len(SECRETS) >= 5

    with closing(sqlite3.connect(server.database, timeout=30)) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"account", "session", "apiToken", "invitation", "auditEvent"} <= tables
    assert places_holding(server.database, *SECRETS) == []
    assert places_holding(server.database, ADMIN_TOKEN) == []
    raw = b"".join(path.read_bytes() for path in server.database.parent.glob(server.database.name + "*"))
    assert b"plaintext-generated" in raw  # the bytes searched hold the data
    leaked = [secret for secret in SECRETS | {ADMIN_TOKEN} if secret.encode() in raw]
    assert leaked == []
    # Passwords are bcrypt hashes; cookies and tokens SHA-256 digests.
    text = stored_text(server.database)
    hashes = [value for table, column, value in text if (table, column) == ("account", "passwordHash")]
    assert hashes and all(value.startswith("$2") for value in hashes)
