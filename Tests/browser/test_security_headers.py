"""Every page works under the server's Content-Security-Policy: each page and API answer
carries the security headers, and loading every page — the landing page, the sign-in page, the
attendee form, the organizer console, the evaluator pages, the printable scorecard — makes
Chromium report no policy violation and no script error."""

from __future__ import annotations

import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from support import api, fetch_raw, sign_in, submit_response, teleconference_answers


def _violations(driver) -> list[str]:
    return [
        entry["message"] for entry in driver.get_log("browser")
        if entry.get("level") == "SEVERE" and "Failed to load resource" not in entry["message"]
        or "Content Security Policy" in entry["message"]
    ]


def test_login_page_loads_without_policy_violations(server, browser):
    """The sign-in page, before and after a refused attempt, under the policy."""
    browser.get(f"{server}/login?next=%2Fconsole")
    field = WebDriverWait(browser, 15).until(lambda d: d.find_element(By.ID, "login-name"))
    time.sleep(0.5)
    assert _violations(browser) == []
    assert browser.find_element(By.ID, "login-title").text == "登录"
    field.send_keys("nobody")
    browser.find_element(By.ID, "login-password").send_keys("not-the-password")
    browser.find_element(By.ID, "login-submit").click()
    WebDriverWait(browser, 15).until(lambda d: d.find_element(By.ID, "login-error").text)
    browser.find_element(By.CSS_SELECTOR, '#lang-switch button[data-lang="en"]').click()
    assert browser.find_element(By.ID, "login-title").text == "Sign in"
    assert _violations(browser) == []


def test_every_page_works_under_the_policy(server, make_evaluation, browser, accounts):
    evaluation = make_evaluation()
    submit_response(server, evaluation["slug"], "hefei", "attendees", teleconference_answers(4), 90)
    admin = accounts["admin"]
    sign_in(browser, server, admin["name"], admin["password"], "/console")
    pages = [
        "/", "/login", f"/e/{evaluation['slug']}?venue=hefei", "/console", "#/questionnaires/new",
        f"#/evaluations/{evaluation['id']}", "#/accounts", "#/audit", "/evaluate", f"#/evaluations/{evaluation['id']}",
        f"#/evaluations/{evaluation['id']}/screening",
        f"#/compare/{evaluation['questionnaire']['id']}",
        f"/api/evaluations/{evaluation['id']}/scorecard.html",
    ]
    current = ""
    for page in pages:
        if page.startswith("#"):
            browser.get(f"{server}{current}{page}")
        else:
            current = page
            browser.get(f"{server}{page}")
        time.sleep(1.5)
        assert _violations(browser) == [], page
        assert browser.execute_script("return document.body.innerText.length") > 50, page


def test_security_headers_on_pages_assets_api_and_errors(server, make_evaluation):
    evaluation = make_evaluation()
    for path in ["/", "/console", "/evaluate", "/login", f"/e/{evaluation['slug']}", "/assets/js/console/main.js",
                 "/api/evaluations", "/healthz", "/no/such/page", f"/api/evaluations/{evaluation['id']}/qr.svg"]:
        status, headers, _ = fetch_raw(server + path)
        assert status in (200, 404), path
        policy = headers.get("content-security-policy", "")
        assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy, path
        assert "unsafe-inline" not in policy, path
        assert headers.get("x-content-type-options") == "nosniff", path
        assert headers.get("referrer-policy") == "no-referrer", path
    status, headers, _ = fetch_raw(f"{server}/api/evaluations/{evaluation['id']}/scorecard.html")
    assert status == 200
    policy = headers["content-security-policy"]
    assert policy.startswith("default-src 'none'; style-src 'sha256-") and "script" not in policy
    assert api(server, "GET", "/api/evaluations")[0] == 200
