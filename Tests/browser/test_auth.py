"""Signing in and out, and what each role sees, in a real browser against the real server.

The sign-in page sends people back where they were going (`?next=`, a path of this site only);
the console and the evaluator pages show who is signed in and hide what the role may not do;
administrators manage accounts, API tokens and read the audit log.
"""

from __future__ import annotations

import re
import time
import urllib.parse
import uuid

import pytest

import selenium  # noqa: F401  (a missing selenium fails the run rather than skipping it)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

from support import (  # noqa: E402
    ADMIN_TOKEN,
    click,
    console_view,
    script_errors,
    wait,
    DESKTOP,
    PHONE,
    api,
    create_evaluation,
    create_user,
    full_page_screenshot,
    set_viewport,
    sign_in,
    submit_response,
    teleconference_answers,
)

WAIT = 15




def path_of(driver) -> str:
    return urllib.parse.urlparse(driver.current_url).path








def both_sizes(driver, name: str) -> None:
    set_viewport(driver, PHONE, mobile=True)
    time.sleep(0.2)
    full_page_screenshot(driver, f"{name}-phone.png")
    set_viewport(driver, DESKTOP, mobile=False)
    time.sleep(0.2)
    full_page_screenshot(driver, f"{name}-desktop.png")


def make_evaluation(server: str, title: str, open_it: bool = True) -> dict:
    return create_evaluation(server, {
        "questionnaire": {"id": "teleconference"},
        "title": title,
        "meetingDate": "2026-11-20",
        "venues": [{"id": "hefei", "name": "合肥分会场"}, {"id": "wuhu", "name": "芜湖分会场"}],
        "raterGroups": [{"id": "leaders", "name": "领导", "weight": 1}, {"id": "attendees", "name": "参会人员", "weight": 2}],
    }, open_it=open_it)


# ---------------------------------------------------------------- the sign-in page


def test_wrong_password_stays_and_right_password_lands_on_next(server, browser, accounts):
    organizer = accounts["organizer"]
    set_viewport(browser, PHONE, mobile=True)
    # A page of the console without a session goes to the sign-in page, remembering where it was.
    browser.get(f"{server}/console#/evaluations")
    wait(browser, lambda d: path_of(d) == "/login", "the console did not send the browser to /login")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(browser.current_url).query)
    assert query["next"] == ["/console#/evaluations"]
    name = wait(browser, lambda d: d.find_element(By.ID, "login-name"), "no name field")
    assert browser.switch_to.active_element == name, "the name field has the focus"
    assert name.accessible_name == "用户名"
    assert browser.find_element(By.ID, "login-password").accessible_name == "密码"
    both_sizes(browser, "login")

    # An empty form is answered in the page.
    browser.find_element(By.ID, "login-submit").click()
    wait(browser, lambda d: "请填写用户名和密码" in d.find_element(By.ID, "login-error").text, "no message for an empty form")

    # A wrong password: the message, in the live region, and the page stays.
    name.send_keys(organizer["name"])
    browser.find_element(By.ID, "login-password").send_keys("not-the-password")
    browser.find_element(By.ID, "login-submit").click()
    wait(browser, lambda d: "用户名或密码错误" in d.find_element(By.ID, "login-error").text, "no wrong-password message")
    error = browser.find_element(By.ID, "login-error")
    assert error.get_attribute("role") == "alert"
    assert path_of(browser) == "/login"
    password = browser.find_element(By.ID, "login-password")
    assert password.get_attribute("value") == "" and password.get_attribute("aria-invalid") == "true"
    assert browser.switch_to.active_element == password
    both_sizes(browser, "login-wrong-password")

    # English, remembered for the console that follows.
    click(browser, browser.find_element(By.CSS_SELECTOR, '#lang-switch button[data-lang="en"]'))
    assert browser.find_element(By.ID, "login-error").text == "Wrong user name or password. Please try again."
    assert browser.find_element(By.ID, "login-title").text == "Sign in"

    # The right password lands on `next`, signed in.
    password.send_keys(organizer["password"])
    browser.find_element(By.ID, "login-submit").click()
    wait(browser, lambda d: path_of(d) == "/console", "the right password did not leave the sign-in page")
    assert urllib.parse.urlparse(browser.current_url).fragment == "/evaluations"
    console_view(browser, "evaluation-list")
    assert browser.find_element(By.ID, "account-name").text == organizer["name"]
    assert browser.find_element(By.ID, "account-role").text == "Organizer"
    assert browser.find_element(By.CSS_SELECTOR, ".page-title").text == "Evaluations"
    assert script_errors(browser) == []


def test_next_outside_this_site_goes_to_the_console(server, browser, accounts):
    organizer = accounts["organizer"]
    for outside in ("https://example.org/console", "//example.org/x", "/\\example.org", "javascript:alert(1)"):
        sign_in(browser, server, organizer["name"], organizer["password"], outside)
        assert browser.current_url.startswith(server), outside
        assert path_of(browser) == "/console", outside
        browser.delete_all_cookies()


def test_sign_out_then_the_console_asks_to_sign_in(server, browser, accounts):
    organizer = accounts["organizer"]
    set_viewport(browser, DESKTOP, mobile=False)
    sign_in(browser, server, organizer["name"], organizer["password"], "/console#/questionnaires")
    console_view(browser, "questionnaire-list")
    menu = browser.find_element(By.ID, "account-button")
    assert organizer["name"] in menu.text and "组织方" in menu.text
    click(browser, menu)
    assert menu.get_attribute("aria-expanded") == "true"
    panel = browser.find_element(By.ID, "account-panel")
    assert panel.is_displayed() and f"已登录：{organizer['name']}" in panel.text
    click(browser, browser.find_element(By.ID, "sign-out"))
    wait(browser, lambda d: path_of(d) == "/login", "signing out did not go to the sign-in page")
    notice = wait(browser, lambda d: d.find_element(By.ID, "login-notice"), "no notice")
    wait(browser, lambda d: "您已退出登录" in d.find_element(By.ID, "login-notice").text, "no signed-out notice")
    assert notice.is_displayed()
    # The session is gone on the server too.
    status = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/api/session').then((r) => done(r.status), () => done(0));"
    )
    assert status == 401
    browser.get(f"{server}/console#/evaluations")
    wait(browser, lambda d: path_of(d) == "/login", "/console did not ask to sign in again")
    browser.get(f"{server}/evaluate")
    wait(browser, lambda d: path_of(d) == "/login", "/evaluate did not ask to sign in again")
    assert script_errors(browser) == []


def test_an_ended_session_goes_back_to_sign_in(server, browser, accounts):
    """A session that ends while a page is open (here: signed out elsewhere) leads to the sign-in
    page at the next request, with a message, and back to the same view afterwards."""
    organizer = accounts["organizer"]
    set_viewport(browser, DESKTOP, mobile=False)
    sign_in(browser, server, organizer["name"], organizer["password"], "/console#/questionnaires")
    console_view(browser, "questionnaire-list")
    # Sign out behind the page's back (the page still believes it is signed in).
    browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch('/api/session').then((r) => r.json()).then((s) => fetch('/api/session', "
        "{method: 'DELETE', headers: {'X-CSRF-Token': s.csrfToken}})).then(() => done(true));"
    )
    browser.execute_script("location.hash = '#/evaluations';")
    wait(browser, lambda d: path_of(d) == "/login", "a 401 did not lead to the sign-in page")
    wait(browser, lambda d: "登录已过期" in d.find_element(By.ID, "login-notice").text, "no session-ended notice")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(browser.current_url).query)
    assert query["next"] == ["/console#/evaluations"]


def test_too_many_attempts_show_the_wait(live_server, browser):
    """With the sign-in limit on (a server of its own, two wrong attempts a minute), the third
    attempt is refused with the time to wait, and the button waits too."""
    base = live_server("--logins-per-minute", "2", admin_token=ADMIN_TOKEN).base_url
    create_user(base, "limited-user", "organizer")
    browser.get(f"{base}/login")
    wait(browser, lambda d: d.find_element(By.ID, "login-name"), "no sign-in form").send_keys("limited-user")
    password = browser.find_element(By.ID, "login-password")
    for attempt in range(1, 6):
        password.clear()
        password.send_keys(f"wrong-password-{attempt}")
        browser.find_element(By.ID, "login-submit").click()
        wait(browser, lambda d: d.find_element(By.ID, "login-error").text, "no message")
        time.sleep(0.3)
        if "次数过多" in browser.find_element(By.ID, "login-error").text:
            break
        wait(browser, lambda d: d.find_element(By.ID, "login-submit").is_enabled(), "the button stayed busy")
    message = browser.find_element(By.ID, "login-error").text
    match = re.search(r"请在 (\d+) 秒后再试", message)
    assert match, message
    button = browser.find_element(By.ID, "login-submit")
    assert not button.is_enabled()
    assert re.search(r"请稍候（\d+ 秒）", button.text), button.text
    full_page_screenshot(browser, "login-too-many-phone.png")


# ---------------------------------------------------------------- roles


def test_an_evaluator_in_the_console_reads_but_cannot_create(server, browser, accounts):
    evaluator = accounts["evaluator"]
    draft = make_evaluation(server, f"评估方只读检查 {uuid.uuid4().hex[:6]}", open_it=False)
    set_viewport(browser, DESKTOP, mobile=False)
    sign_in(browser, server, evaluator["name"], evaluator["password"], "/console#/evaluations")
    console_view(browser, "evaluation-list")
    assert browser.find_element(By.ID, "account-role").text == "评估方"
    assert browser.find_elements(By.CSS_SELECTOR, f'tr[data-evaluation="{draft["id"]}"]'), "the evaluations are listed"
    assert not browser.find_elements(By.ID, "new-evaluation"), "an evaluator is offered to create an evaluation"
    # Admin-only navigation is not there.
    for section in ("accounts", "audit"):
        assert not browser.find_element(By.CSS_SELECTOR, f'#main-nav a[data-section="{section}"]').is_displayed()

    # An evaluation: its figures, no open button.
    browser.get(f"{server}/console#/evaluations/{draft['id']}")
    console_view(browser, "evaluation")
    assert browser.find_element(By.CSS_SELECTOR, ".page-title").text == draft["title"]
    assert not browser.find_elements(By.ID, "open-evaluation")
    assert not browser.find_elements(By.ID, "close-evaluation")

    # Questionnaires: readable, no create or edit.
    browser.get(f"{server}/console#/questionnaires")
    console_view(browser, "questionnaire-list")
    assert not browser.find_elements(By.ID, "new-questionnaire")
    assert not browser.find_elements(By.CSS_SELECTOR, 'a[href$="/edit"]')

    # Typing the address of the form: a plain explanation, no form.
    for route, text in (("/evaluations/new", "不能新建、开放或结束评价"), ("/questionnaires/new", "不能新建或修改问卷"), ("/accounts", "只有管理员")):
        browser.get(f"{server}/console#{route}")
        main = console_view(browser, "forbidden")
        assert text in main.text, route
        assert not browser.find_elements(By.ID, "create-evaluation")
    both_sizes(browser, "console-evaluator-forbidden")
    assert script_errors(browser) == []


def test_an_organizer_in_the_evaluator_pages_sees_no_raw_data(server, browser, accounts):
    organizer = accounts["organizer"]
    evaluation = make_evaluation(server, f"组织方评分报告检查 {uuid.uuid4().hex[:6]}")
    submit_response(server, evaluation["slug"], "hefei", "attendees", teleconference_answers(4), 90)
    set_viewport(browser, DESKTOP, mobile=False)
    sign_in(browser, server, organizer["name"], organizer["password"], f"/evaluate#/evaluations/{evaluation['id']}")
    wait(browser, lambda d: d.find_element(By.ID, "overall-score"), "the scorecard did not load")
    assert browser.find_element(By.ID, "account-name").text == organizer["name"]
    tabs = browser.find_element(By.CSS_SELECTOR, "nav.view-tabs").text
    assert "评分报告" in tabs and "数据筛查" not in tabs
    assert not browser.find_elements(By.ID, "download-responses-csv"), "raw answers offered to an organizer"
    assert not browser.find_elements(By.CSS_SELECTOR, "a[href$=\"/screening\"]"), "a link to screening offered to an organizer"
    assert browser.find_elements(By.ID, "download-scorecard-csv")
    # The screening address itself says why there is nothing.
    browser.get(f"{server}/evaluate#/evaluations/{evaluation['id']}/screening")
    card = wait(browser, lambda d: d.find_element(By.ID, "no-raw-data"), "no explanation on the screening address")
    assert "组织方" in card.text
    assert not browser.find_elements(By.CSS_SELECTOR, "button[data-action='exclude']")
    assert not browser.find_elements(By.ID, "load-all-responses")
    # An evaluator sees them (the same page, another role).
    browser.delete_all_cookies()
    evaluator = accounts["evaluator"]
    sign_in(browser, server, evaluator["name"], evaluator["password"], f"/evaluate#/evaluations/{evaluation['id']}")
    wait(browser, lambda d: d.find_element(By.ID, "download-responses-csv"), "an evaluator lost the raw answers")
    assert "数据筛查" in browser.find_element(By.CSS_SELECTOR, "nav.view-tabs").text


# ---------------------------------------------------------------- accounts, tokens, audit


def test_admin_adds_an_evaluator_who_then_signs_in(server, browser, accounts):
    admin = accounts["admin"]
    name = f"reviewer-{uuid.uuid4().hex[:6]}"
    set_viewport(browser, DESKTOP, mobile=False)
    sign_in(browser, server, admin["name"], admin["password"], "/console#/accounts")
    console_view(browser, "accounts")
    assert browser.find_element(By.CSS_SELECTOR, '#main-nav a[data-section="accounts"]').get_attribute("aria-current") == "page"
    rows = browser.find_elements(By.CSS_SELECTOR, "#user-table tbody tr")
    assert admin["name"] in [row.get_attribute("data-user") for row in rows]
    # Your own row cannot be disabled.
    own = browser.find_element(By.CSS_SELECTOR, f'#user-table tr[data-user="{admin["name"]}"]')
    assert not own.find_elements(By.CSS_SELECTOR, "button[data-action]")

    # A new evaluator with a generated password, shown once.
    browser.find_element(By.ID, "new-user-name").send_keys(name)
    Select(browser.find_element(By.ID, "new-user-role")).select_by_value("evaluator")
    assert browser.find_element(By.ID, "password-generate").is_selected()
    click(browser, browser.find_element(By.ID, "add-user"))
    secret = wait(browser, lambda d: d.find_element(By.ID, "new-password-value"), "the generated password was not shown")
    password = secret.get_attribute("value")
    assert len(password) >= 10
    assert browser.find_element(By.ID, "new-password-copy").is_displayed()
    row = browser.find_element(By.CSS_SELECTOR, f'#user-table tr[data-user="{name}"]')
    assert "评估方" in row.text and "有效" in row.text
    both_sizes(browser, "console-accounts")
    # Shown once: after going elsewhere and back, it is gone.
    browser.execute_script("location.hash = '#/evaluations';")
    console_view(browser, "evaluation-list")
    browser.execute_script("location.hash = '#/accounts';")
    console_view(browser, "accounts")
    assert not browser.find_elements(By.ID, "new-password-value")

    # A fresh browser session (cookies cleared): the new evaluator signs in with that password.
    browser.delete_all_cookies()
    sign_in(browser, server, name, password, "/evaluate")
    wait(browser, lambda d: d.find_element(By.ID, "account-name").text == name, "not signed in as the new evaluator")
    assert browser.find_element(By.ID, "account-role").text == "评估方"
    assert path_of(browser) == "/evaluate"
    assert script_errors(browser) == []


def test_admin_disables_and_enables_an_account(server, browser, accounts):
    admin = accounts["admin"]
    name = f"temp-{uuid.uuid4().hex[:6]}"
    password = create_user(server, name, "organizer")
    set_viewport(browser, DESKTOP, mobile=False)
    sign_in(browser, server, admin["name"], admin["password"], "/console#/accounts")
    console_view(browser, "accounts")
    row = browser.find_element(By.CSS_SELECTOR, f'#user-table tr[data-user="{name}"]')
    click(browser, row.find_element(By.CSS_SELECTOR, 'button[data-action="disable"]'))
    dialog = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "dialog[open]"), "no confirmation")
    click(browser, dialog.find_element(By.CSS_SELECTOR, 'button[data-action="confirm"]'))
    wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, f'#user-table tr[data-user="{name}"]').get_attribute("data-disabled") == "true", "not disabled")
    status, body = api(server, "POST", "/api/session", {"name": name, "password": password}, token=None)
    assert status in (401, 403), (status, body)
    row = browser.find_element(By.CSS_SELECTOR, f'#user-table tr[data-user="{name}"]')
    click(browser, row.find_element(By.CSS_SELECTOR, 'button[data-action="enable"]'))
    wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, f'#user-table tr[data-user="{name}"]').get_attribute("data-disabled") == "false", "not enabled")


def test_admin_sets_a_new_password_for_someone_who_forgot_theirs(server, browser, accounts):
    admin = accounts["admin"]
    name = f"forgetful-{uuid.uuid4().hex[:6]}"
    old = create_user(server, name, "evaluator")
    set_viewport(browser, DESKTOP, mobile=False)
    sign_in(browser, server, admin["name"], admin["password"], "/console#/accounts")
    console_view(browser, "accounts")
    row = browser.find_element(By.CSS_SELECTOR, f'#user-table tr[data-user="{name}"]')
    click(browser, row.find_element(By.CSS_SELECTOR, 'button[data-action="password"]'))
    dialog = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "dialog[open]"), "no confirmation")
    click(browser, dialog.find_element(By.CSS_SELECTOR, 'button[data-action="confirm"]'))
    secret = wait(browser, lambda d: d.find_element(By.ID, "new-password-value"), "the new password was not shown")
    new = secret.get_attribute("value")
    assert len(new) >= 10 and new != old
    assert f"{name} 的新密码" in browser.find_element(By.ID, "main").text
    status, _ = api(server, "POST", "/api/session", {"name": name, "password": old}, token=None)
    assert status == 401
    browser.delete_all_cookies()
    sign_in(browser, server, name, new, "/evaluate")
    wait(browser, lambda d: d.find_element(By.ID, "account-name").text == name, "not signed in with the new password")
    assert script_errors(browser) == []


def test_people_change_their_own_password_from_the_account_menu(server, browser):
    name = f"changer-{uuid.uuid4().hex[:6]}"
    old = create_user(server, name, "evaluator")
    new = "a-brand-new-pass-42"
    set_viewport(browser, PHONE, mobile=True)
    sign_in(browser, server, name, old, "/evaluate")
    click(browser, wait(browser, lambda d: d.find_element(By.ID, "account-button"), "no account menu"))
    click(browser, wait(browser, lambda d: d.find_element(By.ID, "change-password"), "no change-password button"))
    dialog = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "dialog#password-dialog[open]"), "no dialog")
    assert browser.switch_to.active_element.get_attribute("id") == "password-current"
    dialog.find_element(By.ID, "password-current").send_keys("not-my-password")
    dialog.find_element(By.ID, "password-new").send_keys(new)
    dialog.find_element(By.ID, "password-repeat").send_keys(new + "x")
    click(browser, dialog.find_element(By.ID, "password-save"))
    assert "不一致" in dialog.find_element(By.ID, "password-message").text
    repeat = dialog.find_element(By.ID, "password-repeat")
    repeat.clear()
    repeat.send_keys(new)
    click(browser, dialog.find_element(By.ID, "password-save"))
    wait(browser, lambda d: "当前密码不正确" in d.find_element(By.ID, "password-message").text, "the wrong current password was not reported")
    assert dialog.find_element(By.ID, "password-current").get_attribute("aria-invalid") == "true"
    current = dialog.find_element(By.ID, "password-current")
    current.clear()
    current.send_keys(old)
    for field in ("password-new", "password-repeat"):
        element = dialog.find_element(By.ID, field)
        element.clear()
        element.send_keys(new)
    click(browser, dialog.find_element(By.ID, "password-save"))
    wait(browser, lambda d: "密码已修改" in d.find_element(By.ID, "password-message").text, "no confirmation")
    full_page_screenshot(browser, "password-dialog-phone.png")
    # This session goes on; the old password no longer signs in, the new one does.
    status, _ = api(server, "POST", "/api/session", {"name": name, "password": old}, token=None)
    assert status == 401
    status, _ = api(server, "POST", "/api/session", {"name": name, "password": new}, token=None)
    assert status == 200
    assert script_errors(browser) == []


def test_api_tokens_and_the_audit_log(server, browser, accounts):
    admin = accounts["admin"]
    label = f"统计处数据同步 {uuid.uuid4().hex[:4]}"
    set_viewport(browser, DESKTOP, mobile=False)
    sign_in(browser, server, admin["name"], admin["password"], "/console#/accounts/tokens")
    console_view(browser, "tokens")
    browser.find_element(By.ID, "new-token-label").send_keys(label)
    click(browser, browser.find_element(By.ID, "add-token"))
    secret = wait(browser, lambda d: d.find_element(By.ID, "new-token-value"), "the token's secret was not shown").get_attribute("value")
    assert browser.find_element(By.ID, "new-token-copy").is_displayed()
    # The secret works as an API token of the admin's account.
    status, who = api(server, "GET", "/api/session", token=secret)
    assert status == 200 and who["name"] == admin["name"], (status, who)
    row = next(r for r in browser.find_elements(By.CSS_SELECTOR, "#token-table tbody tr") if label in r.text)
    token_id = row.get_attribute("data-token")
    full_page_screenshot(browser, "console-tokens-desktop.png")
    click(browser, row.find_element(By.CSS_SELECTOR, 'button[data-action="revoke"]'))
    dialog = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "dialog[open]"), "no confirmation")
    click(browser, dialog.find_element(By.CSS_SELECTOR, 'button[data-action="confirm"]'))
    wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, f'tr[data-token="{token_id}"]').get_attribute("data-revoked") == "true", "not revoked")
    assert api(server, "GET", "/api/session", token=secret)[0] == 401

    # The audit log: newest first, the revocation on top; filtered by the token's id.
    browser.execute_script("location.hash = '#/audit';")
    console_view(browser, "audit")
    first = browser.find_element(By.CSS_SELECTOR, "#audit-table tbody tr")
    assert first.get_attribute("data-action") == "token.revoked"
    assert "撤销 API 令牌" in first.text and admin["name"] in first.text
    both_sizes(browser, "console-audit")
    field = browser.find_element(By.ID, "audit-entity")
    field.send_keys(token_id)
    click(browser, browser.find_element(By.ID, "audit-apply"))
    wait(browser, lambda d: "entity=" in d.current_url, "the filter did not apply")
    console_view(browser, "audit")
    actions = [r.get_attribute("data-action") for r in browser.find_elements(By.CSS_SELECTOR, "#audit-table tbody tr")]
    assert actions == ["token.revoked", "token.created"], actions


def test_audit_log_pages_to_older_entries(server, browser, accounts):
    admin = accounts["admin"]
    status, first_page = api(server, "GET", "/api/audit?limit=50")
    assert status == 200, (status, first_page)
    # Enough entries for a second page: sign-ins through the API are recorded too.
    while len(first_page["events"]) < 50 or "next" not in first_page:
        for _ in range(60):
            api(server, "POST", "/api/session", {"name": admin["name"], "password": "wrong-password"}, token=None)
        status, first_page = api(server, "GET", "/api/audit?limit=50")
    set_viewport(browser, DESKTOP, mobile=False)
    sign_in(browser, server, admin["name"], admin["password"], "/console#/audit")
    console_view(browser, "audit")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#audit-table tbody tr")) == 50
    click(browser, browser.find_element(By.ID, "audit-older"))
    wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#audit-table tbody tr")) > 50, "older entries did not load")
    ids = [int(r.get_attribute("data-event")) for r in browser.find_elements(By.CSS_SELECTOR, "#audit-table tbody tr")]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == len(ids)
