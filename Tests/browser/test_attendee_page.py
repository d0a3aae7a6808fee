"""The attendee page in a real browser against the real server.

Controls are found the way a person finds them: by the question's text and by the
label (accessible name) of each choice, both read from the public questionnaire JSON.
"""

from __future__ import annotations

import json

import pytest

import selenium  # noqa: F401  (a missing selenium fails the run rather than skipping it)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

from support import (  # noqa: E402
    DESKTOP,
    PHONE,
    WAIT,
    all_questions,
    answer,
    api,
    choose_picker,
    click,
    control_of,
    full_page_screenshot,
    is_shown,
    label_in,
    localized,
    public_evaluation,
    question_block,
    rating_name,
    set_viewport,
    wait_state,
)


# ---------------------------------------------------------------- helpers


def draft_in_storage(driver, slug: str) -> dict | None:
    raw = driver.execute_script(
        "const k = Object.keys(localStorage).find((k) => k.endsWith(arguments[0]));"
        "return k ? localStorage.getItem(k) : null;",
        slug,
    )
    return json.loads(raw) if raw else None


def counts(base_url: str, evaluation_id: str) -> dict:
    status, evaluation = api(base_url, "GET", f"/api/evaluations/{evaluation_id}")
    assert status == 200, (status, evaluation)
    return evaluation["counts"]


def severe_console_errors(driver) -> list[str]:
    """Script errors in the page, leaving out failed requests the page expected (404 etc.)."""
    try:
        entries = driver.get_log("browser")
    except Exception:  # the log is a Chromium extra; never fail a test on it
        return []
    return [
        e["message"] for e in entries
        if e.get("level") == "SEVERE" and "Failed to load resource" not in e["message"]
    ]


# ---------------------------------------------------------------- tests


def test_attendee_answers_every_question_and_submits(server, make_evaluation, browser):
    # Several attendees share one device at this meeting, so the thank-you screen offers a form
    # for the next person (test_pages.py shows it is absent otherwise).
    created = make_evaluation(sharedDevices=True)
    slug = created["slug"]
    evaluation = public_evaluation(server, slug)
    questionnaire = evaluation["questionnaire"]
    default = questionnaire["locales"][0]
    locale = default
    questions = all_questions(evaluation)
    by_id = {q["id"]: q for q in questions}

    # One showIf question whose trigger is a single choice: make it appear and answer it.
    dependent = next(q for q in questions if q.get("showIf") and by_id[q["showIf"]["question"]]["type"] == "single")
    trigger_question = dependent["showIf"]["question"]
    trigger_option = dependent["showIf"]["in"][0]

    browser.get(f"{server}/e/{slug}?venue=hefei&group=attendees")
    wait_state(browser, "form")
    assert browser.execute_script("return document.documentElement.lang").startswith(default)
    hero = browser.find_element(By.ID, "meeting-title")
    assert hero.text == evaluation["title"]

    # The venue and rater group come preset from the link, and stay changeable.
    venue = control_of(browser, browser.find_element(By.XPATH, "//label[@for='venue']"))
    group = control_of(browser, browser.find_element(By.XPATH, "//label[@for='rater-group']"))
    assert Select(venue).first_selected_option.get_attribute("value") == "hefei"
    assert Select(group).first_selected_option.get_attribute("value") == "attendees"
    assert venue.is_enabled() and group.is_enabled()

    assert not is_shown(browser, dependent, locale, default), "showIf question must start hidden"

    answered = {}
    for question in questions:
        if not is_shown(browser, question, locale, default):
            continue
        choice = trigger_option if question["id"] == trigger_question else None
        answered[question["id"]] = answer(browser, question, locale, default, choice)
        if question["id"] == trigger_question:
            WebDriverWait(browser, WAIT).until(
                lambda d: is_shown(d, dependent, locale, default),
                message="the showIf question did not appear",
            )
    assert dependent["id"] in answered
    # Every question that is shown now has been answered.
    for question in questions:
        if is_shown(browser, question, locale, default):
            assert question["id"] in answered, f"{question['id']} was shown but not answered"

    full_page_screenshot(browser, "attendee-phone-form.png")
    set_viewport(browser, DESKTOP, mobile=False)
    full_page_screenshot(browser, "attendee-desktop-form.png")
    set_viewport(browser, PHONE, mobile=True)

    draft = draft_in_storage(browser, slug)
    click(browser, browser.find_element(By.XPATH, "//button[@type='submit']"))
    app = wait_state(browser, "thanks")
    assert "谢谢您的评价" in app.text
    full_page_screenshot(browser, "attendee-phone-thanks.png")

    now = counts(server, created["id"])
    assert now["responses"] == 1
    assert now["byVenue"].get("hefei") == 1
    assert now["byRaterGroup"].get("attendees") == 1

    # A reload still says thank you; the form for the next person starts a new response id.
    browser.refresh()
    app = wait_state(browser, "thanks")
    click(browser, app.find_element(By.XPATH, ".//*[normalize-space(.)='为下一位参会人员打开新问卷']"))
    wait_state(browser, "form")
    fresh = draft_in_storage(browser, slug)
    assert fresh["id"] != draft["id"]
    assert fresh["answers"] == {}
    assert counts(server, created["id"])["responses"] == 1
    assert severe_console_errors(browser) == []


def test_language_switch_keeps_answers(server, make_evaluation, browser):
    created = make_evaluation()
    slug = created["slug"]
    evaluation = public_evaluation(server, slug)
    questionnaire = evaluation["questionnaire"]
    default = questionnaire["locales"][0]
    assert "en" in questionnaire["locales"]
    questions = all_questions(evaluation)
    rating = next(q for q in questions if q["type"] == "rating" and not q.get("showIf"))
    single = next(q for q in questions if q["type"] == "single" and not q.get("showIf"))

    browser.get(f"{server}/e/{slug}?venue=wuhu&group=leaders")
    wait_state(browser, "form")
    value = answer(browser, rating, default, default)
    option = answer(browser, single, default, default)

    english = browser.find_element(By.XPATH, "//button[normalize-space(.)='English']")
    click(browser, english)
    WebDriverWait(browser, WAIT).until(
        lambda d: d.execute_script("return document.documentElement.lang").startswith("en")
    )
    english = browser.find_element(By.XPATH, "//button[normalize-space(.)='English']")
    assert english.get_attribute("aria-pressed") == "true"
    # Texts are English now, and the same answers are still chosen.
    block = question_block(browser, rating, "en", default)
    assert control_of(browser, label_in(block, rating_name(rating, value, "en", default))).is_selected()
    block = question_block(browser, single, "en", default)
    chosen = next(o for o in single["options"] if o["id"] == option)
    assert control_of(browser, label_in(block, localized(chosen["text"], "en", default))).is_selected()
    assert localized(questionnaire["title"], "en", default) in browser.find_element(By.TAG_NAME, "main").text
    assert browser.find_element(By.XPATH, "//button[@type='submit']").text == "Submit"
    venue = control_of(browser, browser.find_element(By.XPATH, "//label[@for='venue']"))
    assert Select(venue).first_selected_option.get_attribute("value") == "wuhu"

    # The choice of language is part of the draft.
    browser.refresh()
    wait_state(browser, "form")
    assert browser.execute_script("return document.documentElement.lang").startswith("en")
    block = question_block(browser, rating, "en", default)
    assert control_of(browser, label_in(block, rating_name(rating, value, "en", default))).is_selected()

    # And back.
    click(browser, browser.find_element(By.XPATH, "//button[normalize-space(.)='中文']"))
    WebDriverWait(browser, WAIT).until(
        lambda d: d.execute_script("return document.documentElement.lang").startswith("zh")
    )
    block = question_block(browser, single, default, default)
    chosen_zh = localized(chosen["text"], default, default)
    assert control_of(browser, label_in(block, chosen_zh)).is_selected()


def test_draft_survives_reload(server, make_evaluation, browser):
    created = make_evaluation()
    slug = created["slug"]
    evaluation = public_evaluation(server, slug)
    default = evaluation["questionnaire"]["locales"][0]
    questions = all_questions(evaluation)
    rating = next(q for q in questions if q["type"] == "rating" and not q.get("showIf"))
    single = next(q for q in questions if q["type"] == "single" and not q.get("showIf"))

    browser.get(f"{server}/e/{slug}")
    wait_state(browser, "form")
    choose_picker(browser, "所在会场", "芜湖分会场")
    value = answer(browser, rating, default, default)
    option = answer(browser, single, default, default)
    before = draft_in_storage(browser, slug)
    assert before["id"] and before["startedAt"]

    browser.refresh()
    wait_state(browser, "form")
    block = question_block(browser, rating, default, default)
    assert control_of(browser, label_in(block, rating_name(rating, value, default, default))).is_selected()
    block = question_block(browser, single, default, default)
    chosen = next(o for o in single["options"] if o["id"] == option)
    assert control_of(browser, label_in(block, localized(chosen["text"], default, default))).is_selected()
    venue = control_of(browser, browser.find_element(By.XPATH, "//label[@for='venue']"))
    assert Select(venue).first_selected_option.get_attribute("value") == "wuhu"

    after = draft_in_storage(browser, slug)
    assert after["id"] == before["id"], "a reload must keep the response id"
    assert after["startedAt"] == before["startedAt"]
    assert counts(server, created["id"])["responses"] == 0


def test_empty_submit_shows_errors_and_sends_nothing(server, make_evaluation, browser):
    created = make_evaluation()
    slug = created["slug"]
    evaluation = public_evaluation(server, slug)
    default = evaluation["questionnaire"]["locales"][0]
    questions = all_questions(evaluation)

    browser.get(f"{server}/e/{slug}")
    wait_state(browser, "form")
    click(browser, browser.find_element(By.XPATH, "//button[@type='submit']"))

    summary = WebDriverWait(browser, WAIT).until(
        lambda d: d.find_element(By.ID, "summary") if d.find_element(By.ID, "summary").is_displayed() else None
    )
    assert "需要填写或修改" in summary.text

    # The venue and the rater group are required when offered.
    for field_id in ("venue-field", "rater-group-field"):
        field = browser.find_element(By.ID, field_id)
        assert "has-error" in field.get_attribute("class")
        assert field.find_element(By.TAG_NAME, "select").get_attribute("aria-invalid") == "true"

    required_shown = [q for q in questions if q.get("required") and is_shown(browser, q, default, default)]
    assert required_shown, "the questionnaire should have required questions"
    for question in questions:
        if not is_shown(browser, question, default, default):
            continue
        block = question_block(browser, question, default, default)
        error = block.find_element(By.CSS_SELECTOR, ".field-error")
        control = block.find_element(By.CSS_SELECTOR, "input, textarea")
        if question in required_shown:
            assert error.text.strip() == "请回答此题", question["id"]
            assert control.get_attribute("aria-invalid") == "true"
            assert error.get_attribute("id") in control.get_attribute("aria-describedby").split()
        else:
            assert error.text.strip() == "", question["id"]
            assert control.get_attribute("aria-invalid") is None

    # Focus lands on the first problem: the venue picker.
    assert browser.switch_to.active_element.get_attribute("id") == "venue"
    # Summary lists every problem: two pickers and each required question.
    assert len(summary.find_elements(By.TAG_NAME, "li")) == 2 + len(required_shown)

    # Answering a question clears its error at once.
    first = required_shown[0]
    answer(browser, first, default, default)
    block = question_block(browser, first, default, default)
    assert block.find_element(By.CSS_SELECTOR, ".field-error").text.strip() == ""

    assert browser.find_element(By.ID, "app").get_attribute("data-state") == "form"
    assert counts(server, created["id"])["responses"] == 0


def test_not_open_unknown_and_closed_states(server, make_evaluation, browser):
    draft = make_evaluation(open_it=False)
    browser.get(f"{server}/e/{draft['slug']}")
    app = wait_state(browser, "not-open")
    assert "评价未开始" in app.text
    assert not browser.find_elements(By.TAG_NAME, "form")

    browser.get(f"{server}/e/this-link-does-not-exist")
    app = wait_state(browser, "unknown")
    assert "链接无效" in app.text and "This link is not valid" in app.text

    closed = make_evaluation()
    status, body = api(server, "POST", f"/api/evaluations/{closed['id']}/close")
    assert status == 200, (status, body)
    browser.get(f"{server}/e/{closed['slug']}")
    app = wait_state(browser, "closed")
    assert "评价已结束" in app.text
    assert not browser.find_elements(By.TAG_NAME, "form")

    # The same states read in English when asked for.
    browser.get(f"{server}/e/{closed['slug']}?lang=en")
    app = wait_state(browser, "closed")
    assert "This evaluation is closed" in app.text


def test_a_form_closed_while_filling_says_the_answers_were_not_recorded(server, make_evaluation, browser):
    created = make_evaluation()
    slug = created["slug"]
    evaluation = public_evaluation(server, slug)
    default = evaluation["questionnaire"]["locales"][0]
    browser.get(f"{server}/e/{slug}?venue=hefei&group=leaders")
    wait_state(browser, "form")
    for question in all_questions(evaluation):
        if question.get("required") and is_shown(browser, question, default, default):
            answer(browser, question, default, default)

    answers_before = draft_in_storage(browser, slug)["answers"]
    assert answers_before

    status, body = api(server, "POST", f"/api/evaluations/{created['id']}/close")
    assert status == 200, (status, body)
    click(browser, browser.find_element(By.XPATH, "//button[@type='submit']"))
    app = wait_state(browser, "closed")
    # Plainly: not recorded, because it closed at that time (not a thank-you).
    assert "您的答案未被记录" in app.text, app.text
    closed_at = public_evaluation(server, slug)["closedAt"]
    shown = browser.execute_script(
        "return new Intl.DateTimeFormat('zh-CN', {dateStyle: 'long', timeStyle: 'short'}).format(new Date(arguments[0]))",
        closed_at,
    )
    assert f"本次评价已于 {shown} 结束，您填写的答案没有被记录" in app.text, app.text
    assert "感谢" not in app.text
    assert "仍保存在本机" in app.text
    # The draft is kept, answers and all, also after a reload.
    assert draft_in_storage(browser, slug)["answers"] == answers_before
    browser.refresh()
    app = wait_state(browser, "closed")
    assert "您的答案未被记录" in app.text
    assert draft_in_storage(browser, slug)["answers"] == answers_before
    full_page_screenshot(browser, "attendee-phone-closed-while-filling.png")
    assert counts(server, created["id"])["responses"] == 0


def test_keyboard_alone_can_answer(server, make_evaluation, browser):
    from selenium.webdriver.common.keys import Keys

    created = make_evaluation()
    slug = created["slug"]
    evaluation = public_evaluation(server, slug)
    first, second = all_questions(evaluation)[:2]

    browser.get(f"{server}/e/{slug}?venue=hefei&group=leaders")
    wait_state(browser, "form")
    group = browser.find_element(By.ID, "rater-group")
    browser.execute_script("arguments[0].focus();", group)

    # Tab reaches the first choice of the first question; Space chooses it.
    browser.switch_to.active_element.send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("data-question") == first["id"]
    focused.send_keys(Keys.SPACE)
    # Tab moves on to the next question; an arrow key chooses its next point or option.
    browser.switch_to.active_element.send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("data-question") == second["id"]
    focused.send_keys(Keys.ARROW_RIGHT)

    answers = draft_in_storage(browser, slug)["answers"]
    assert first["id"] in answers and second["id"] in answers
