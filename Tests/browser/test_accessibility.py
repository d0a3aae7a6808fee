"""Accessibility of every page and main view, checked by axe-core in a real browser.

axe-core (`.cache/axe-core/axe.min.js`, fetched by scripts/install-test-deps) is injected into
each page and run with the WCAG 2.0 and 2.1 level A and AA rules. Every page and main view is
checked at phone (390 px) and desktop (1280 px) width, in Chinese and in English: the home
page, sign-in, the attendee page (the form and its errors, the invitation-code step, the
thanks screen, the not-open, closed and unknown-link states), the organizer console (lists,
a questionnaire, the builder with its YAML pane, an evaluation's tabs, accounts, tokens, the
audit log) and the evaluator pages (list, scorecard, screening, comparison). No violation is
allowed; a failure lists each one with its rule, impact, the elements and what is wrong.

One browser per width is shared by the tests of this file.
"""

from __future__ import annotations

import uuid

import pytest

import selenium  # noqa: F401  (a missing selenium fails the run rather than skipping it)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

from support import (  # noqa: E402
    DESKTOP,
    PHONE,
    REPO_ROOT,
    all_questions,
    answer,
    api,
    click,
    console_view,
    create_bilingual_evaluation,
    is_shown,
    public_evaluation,
    sign_in,
    start_chromium,
    submit_response,
    teleconference_answers,
    wait,
    wait_state,
)

AXE_SCRIPT = REPO_ROOT / ".cache" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {"phone": (PHONE, True), "desktop": (DESKTOP, False)}
LANGUAGES = ("zh", "en")


# ---------------------------------------------------------------- the checker


class Checker:
    """Runs axe-core on the page in `driver` and keeps every violation found, per view."""

    def __init__(self, driver, width: str):
        if not AXE_SCRIPT.is_file():
            pytest.fail(f"{AXE_SCRIPT.relative_to(REPO_ROOT)} is missing: run scripts/install-test-deps", pytrace=False)
        self.driver = driver
        self.width = width
        self.script = AXE_SCRIPT.read_text(encoding="utf-8")
        self.found: list[str] = []
        self.checked: list[str] = []

    def check(self, view: str) -> None:
        """axe-core on the page as it is now; violations are kept under the view's name."""
        driver = self.driver
        name = f"{view} [{self.width}, {page_language(driver)}]"
        # What is checked is the page at rest: no focus ring, no colour half-way through a transition.
        driver.execute_script(
            "document.activeElement?.blur?.();"
            "for (const a of document.getAnimations()) if (a instanceof CSSTransition) a.finish();"
        )
        if not driver.execute_script("return typeof window.axe === 'object'"):
            driver.execute_script(self.script)
        result = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "window.axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
            "  .then((r) => done(r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,"
            "    nodes: v.nodes.map((n) => ({target: n.target.join(' '), summary: n.failureSummary || ''}))}))))"
            "  .catch((e) => done({error: String(e)}));",
            WCAG_TAGS,
        )
        if isinstance(result, dict) and "error" in result:
            pytest.fail(f"axe-core failed on {name}: {result['error']}", pytrace=False)
        self.checked.append(name)
        for violation in result:
            nodes = violation["nodes"]
            lines = [f"{name}: {violation['id']} ({violation['impact']}) {violation['help']}, {len(nodes)} element(s)"]
            for node in nodes[:12]:
                summary = " ".join(node["summary"].split())
                lines.append(f"    {node['target']}: {summary}")
            if len(nodes) > 12:
                lines.append(f"    … and {len(nodes) - 12} more")
            self.found.append("\n".join(lines))

    def check_both_languages(self, view: str, redraw) -> None:
        """The view in the language it shows, then in the other one (through the page's own
        switch), then back; `redraw(driver)` waits until the view is drawn again."""
        first = page_language(self.driver)
        self.check(view)
        for code in [c for c in LANGUAGES if c != first] + [first]:
            switch_language(self.driver, code)
            redraw(self.driver)
            if code != first:
                self.check(view)

    def assert_clean(self) -> None:
        assert self.checked, "nothing was checked"
        assert not self.found, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(self.found)


def page_language(driver) -> str:
    return "en" if (driver.execute_script("return document.documentElement.lang") or "").startswith("en") else "zh"


def switch_language(driver, code: str) -> None:
    """Presses the page's own language button for `code` (zh or en) and waits for the page to say so."""
    if page_language(driver) == code:
        return
    button = wait(
        driver,
        lambda d: d.find_element(By.CSS_SELECTOR, f'#lang-switch .lang-button[lang^="{code}"]'),
        f"no language button for {code}",
    )
    click(driver, button)
    wait(driver, lambda d: page_language(d) == code, f"the page did not switch to {code}")


# ---------------------------------------------------------------- data and browsers


@pytest.fixture(scope="module")
def site(server, accounts) -> dict:
    """Evaluations in every state the pages show: one open with responses (one a speeder), an
    earlier closed one, a draft, an invitation-only one with a batch of codes, and an API token."""
    tag = uuid.uuid4().hex[:6]
    main = create_bilingual_evaluation(server, f"全省政务服务工作电视电话会议（无障碍检查 {tag}）", "2026-11-20")
    for venue, group, level, words in [
        ("hefei", "leaders", 5, "会议紧凑，任务明确。"),
        ("wuhu", "leaders", 4, None),
        ("hefei", "attendees", 3, "建议会议材料提前一天下发。"),
        ("wuhu", "attendees", 2, None),
    ]:
        submit_response(server, main["slug"], venue, group, teleconference_answers(level, words), seconds=150)
    submit_response(server, main["slug"], "wuhu", "attendees", teleconference_answers(5), seconds=3)
    earlier = create_bilingual_evaluation(server, f"全省政务服务工作电视电话会议（上半年 {tag}）", "2026-05-14")
    for venue, group, level in [("hefei", "leaders", 3), ("wuhu", "attendees", 2)]:
        submit_response(server, earlier["slug"], venue, group, teleconference_answers(level), seconds=120)
    status, body = api(server, "POST", f"/api/evaluations/{earlier['id']}/close")
    assert status == 200, (status, body)
    draft = create_bilingual_evaluation(server, f"季度安全生产调度会（草稿 {tag}）", "2026-12-01", open_it=False)
    invited = create_bilingual_evaluation(server, f"营商环境优化推进会（邀请码 {tag}）", "2026-11-25", access="invitation")
    status, batch = api(server, "POST", f"/api/evaluations/{invited['id']}/invitations", {"count": 5, "venue": "hefei"})
    assert status == 201, (status, batch)
    status, token = api(server, "POST", "/api/tokens", {"label": f"无障碍检查 {tag}", "account": accounts["admin"]["name"]})
    assert status in (200, 201), (status, token)
    return {"main": main, "earlier": earlier, "draft": draft, "invited": invited, "admin": accounts["admin"]}


@pytest.fixture(scope="module", params=list(WIDTHS))
def checker(request):
    """One browser per width, shared by this file's tests; each test makes its own Checker with it."""
    size, mobile = WIDTHS[request.param]
    driver = start_chromium(size, mobile=mobile)
    driver.set_script_timeout(60)
    try:
        yield lambda: Checker(driver, request.param)
    finally:
        driver.quit()


def close_dialog(driver) -> None:
    """Closes the open dialog the way a person does (Escape)."""
    from selenium.webdriver.common.keys import Keys

    dialog = driver.find_element(By.CSS_SELECTOR, "dialog[open]")
    dialog.send_keys(Keys.ESCAPE)
    wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"), "Escape did not close the dialog")


def signed_in(driver, server: str, account: dict, next_path: str) -> None:
    if not driver.get_cookies():
        sign_in(driver, server, account["name"], account["password"], next_path)


# ---------------------------------------------------------------- the public pages


def test_home_sign_in_and_attendee_pages(server, site, checker):
    axe = checker()
    driver = axe.driver
    driver.delete_all_cookies()

    driver.get(f"{server}/")
    wait(driver, lambda d: d.find_element(By.TAG_NAME, "h1"), "the home page has no heading")
    axe.check("home")

    driver.get(f"{server}/login?next=%2Fconsole")
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#lang-switch .lang-button"), "the sign-in page was not drawn")
    axe.check_both_languages("sign-in", lambda d: d.find_element(By.ID, "login-name"))
    driver.find_element(By.ID, "login-name").send_keys("nobody-here")
    driver.find_element(By.ID, "login-password").send_keys("not the password")
    click(driver, driver.find_element(By.ID, "login-submit"))
    wait(driver, lambda d: d.find_element(By.ID, "login-name").get_attribute("aria-invalid") == "true"
         or any(e.text.strip() for e in d.find_elements(By.CSS_SELECTOR, "[role='alert']")), "no sign-in error")
    axe.check("sign-in refused")

    # The attendee form, empty, then with the errors of an empty submission.
    main = site["main"]
    driver.get(f"{server}/e/{main['slug']}?venue=hefei&group=attendees")
    wait_state(driver, "form")
    axe.check_both_languages("attendee form", lambda d: wait_state(d, "form"))
    click(driver, driver.find_element(By.ID, "submit-button"))
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "[aria-invalid='true']"), "no errors after an empty submission")
    axe.check("attendee form with errors")

    # Answered and sent: the thanks screen.
    evaluation = public_evaluation(server, main["slug"])
    default = evaluation["questionnaire"]["locales"][0]
    driver.get(f"{server}/e/{main['slug']}?venue=hefei&group=attendees")
    wait_state(driver, "form")
    for question in all_questions(evaluation):
        if is_shown(driver, question, default, default):
            answer(driver, question, default, default)
    click(driver, driver.find_element(By.ID, "submit-button"))
    wait_state(driver, "thanks")
    axe.check_both_languages("attendee thanks", lambda d: wait_state(d, "thanks"))

    # The invitation-code step, then a wrong code refused.
    driver.get(f"{server}/e/{site['invited']['slug']}")
    wait_state(driver, "code")
    axe.check_both_languages("attendee invitation code", lambda d: wait_state(d, "code"))
    field = driver.find_element(By.ID, "invitation-code")
    field.send_keys("ABCDE-FGHJK")
    click(driver, driver.find_element(By.ID, "code-submit"))
    wait(driver, lambda d: d.find_element(By.ID, "invitation-code-error").text.strip(), "no message for a wrong code")
    axe.check("attendee invitation code refused")

    for state, slug in (("not-open", site["draft"]["slug"]), ("closed", site["earlier"]["slug"]), ("unknown", "no-such-link")):
        for code in LANGUAGES:
            driver.get(f"{server}/e/{slug}?lang={code}")
            wait_state(driver, state)
            axe.check(f"attendee {state}")

    axe.assert_clean()


# ---------------------------------------------------------------- the organizer console


def test_console_views(server, site, checker):
    axe = checker()
    driver = axe.driver
    signed_in(driver, server, site["admin"], "/console")
    main_id, invited_id = site["main"]["id"], site["invited"]["id"]

    def view(route: str, name: str, label: str | None = None, languages: bool = True) -> None:
        driver.get(f"{server}/console#{route}")
        console_view(driver, name)
        if languages:
            axe.check_both_languages(label or name, lambda d: console_view(d, name))
        else:
            axe.check(label or name)

    view("/questionnaires", "questionnaire-list")
    view("/questionnaires/teleconference", "questionnaire")

    # The builder, with the YAML pane and then the preview.
    view("/questionnaires/teleconference/edit", "builder", "builder (YAML)", languages=False)
    click(driver, wait(driver, lambda d: d.find_element(By.ID, "tab-yaml"), "no YAML tab"))
    wait(driver, lambda d: d.find_element(By.ID, "panel-yaml").is_displayed(), "the YAML pane is not shown")
    axe.check_both_languages("builder (YAML)", lambda d: console_view(d, "builder"))
    click(driver, driver.find_element(By.ID, "tab-preview"))
    wait(driver, lambda d: d.find_element(By.ID, "panel-preview").is_displayed(), "the preview is not shown")
    axe.check("builder (preview)")
    # A new questionnaire starts with problems to fix: marked YAML lines and the list of issues.
    view("/questionnaires/new", "builder", "builder (new)", languages=False)
    click(driver, wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#issue-summary summary"), "no list of issues"))
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#issue-summary[open], #issue-summary details[open]"), "the issues did not open")
    axe.check_both_languages("builder (new, issues)", lambda d: console_view(d, "builder"))

    view("/evaluations", "evaluation-list")
    view("/evaluations/new?questionnaire=teleconference", "evaluation-new")
    for tab in ("", "/distribution", "/settings"):
        view(f"/evaluations/{main_id}{tab}", "evaluation", f"evaluation {tab.strip('/') or 'dashboard'}")
    # The meeting facts tab, with its form drawn (and the follow-up tab, 督办).
    def facts_form(d):
        # The tab draws a loading block first, then the form with the checks beneath it.
        return wait(d, lambda d2: d2.find_elements(By.ID, "facts-form")
                    and not d2.find_elements(By.CSS_SELECTOR, "#evaluation-body .loading-block"),
                    "no facts form")

    driver.get(f"{server}/console#/evaluations/{main_id}/facts")
    facts_form(driver)
    axe.check_both_languages("evaluation facts", facts_form)
    view(f"/evaluations/{main_id}/follow-up", "evaluation", "evaluation follow-up")
    view(f"/evaluations/{invited_id}/codes", "evaluation", "evaluation invitation codes")
    click(driver, driver.find_element(By.ID, "make-codes"))
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "dialog#codes-dialog[open]"), "no make-codes dialog")
    axe.check("evaluation invitation codes (dialog)")
    close_dialog(driver)
    view(f"/evaluations/{site['draft']['id']}", "evaluation", "evaluation draft")
    click(driver, driver.find_element(By.ID, "open-evaluation"))
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "dialog[open]"), "no confirmation dialog")
    axe.check("evaluation draft (confirmation)")
    close_dialog(driver)
    view(f"/evaluations/{main_id}/print", "print", languages=False)

    view("/accounts", "accounts")
    click(driver, driver.find_element(By.ID, "add-user"))
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#new-user-form [aria-invalid='true']"), "no errors for an empty new account")
    axe.check("accounts (form errors)")
    view("/accounts/tokens", "tokens")
    driver.find_element(By.ID, "new-token-label").send_keys("无障碍检查 / accessibility check")
    click(driver, driver.find_element(By.ID, "add-token"))
    wait(driver, lambda d: d.find_element(By.ID, "new-token-value"), "the new token's secret was not shown")
    axe.check("tokens (new secret)")
    view("/audit", "audit")
    view("/no-such-view", "not-found", languages=False)
    axe.assert_clean()


# ---------------------------------------------------------------- the evaluator pages


def test_evaluator_views(server, site, checker):
    axe = checker()
    driver = axe.driver
    signed_in(driver, server, site["admin"], "/evaluate")
    main_id = site["main"]["id"]

    def view(route: str, ready_css: str, name: str) -> None:
        driver.get(f"{server}/evaluate#{route}")

        def drawn(d):
            return d.find_element(By.ID, "view").get_attribute("aria-busy") != "true" and d.find_element(By.CSS_SELECTOR, ready_css)

        wait(driver, drawn, f"the evaluator pages never showed {name}")
        axe.check_both_languages(name, drawn)

    view("/evaluations", "#evaluations-table", "evaluation list")
    view(f"/evaluations/{main_id}", "#overall-score", "scorecard")
    view(f"/evaluations/{main_id}/screening", "#load-all-responses", "screening")
    # Switching the language back redraws the view; wait for the redrawn button.
    click(driver, wait(driver, lambda d: d.find_element(By.ID, "load-all-responses"), "no button to load all responses"))
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#screening-table tbody tr[data-response-id]"), "the responses were not listed")
    axe.check("screening (all responses)")
    click(driver, driver.find_element(By.CSS_SELECTOR, "#screening-table button[data-action='exclude']"))
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "dialog#reason-dialog[open]"), "no reason dialog")
    axe.check("screening (reason dialog)")
    close_dialog(driver)
    click(driver, driver.find_element(By.CSS_SELECTOR, "#screening-table button[data-action='view']"))
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "#answers-dialog .answers-list"), "no answers dialog")
    axe.check("screening (one response's answers)")
    click(driver, driver.find_element(By.CSS_SELECTOR, "#answers-dialog button[data-action='close']"))
    wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"), "the answers did not close")
    view("/compare/teleconference", "#compare-table", "comparison")
    # The scoring method, a page of the site linked from the footer.
    driver.get(f"{server}/scoring")
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "main h1"), "the scoring method page was not drawn")
    axe.check("scoring method")
    axe.assert_clean()
