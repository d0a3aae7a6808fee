"""The organizer console (/console) in a real browser against the real server, signed in as
an organizer through the sign-in page.

The builder's fields are found by the definition path they edit (`data-path`, the same
paths the server's validator reports), buttons by their visible or accessible names.
Screenshots of every view at phone and desktop size go to test-artifacts/.
"""

from __future__ import annotations

import json
import re
import time

import pytest

import selenium  # noqa: F401  (a missing selenium fails the run rather than skipping it)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

from support import (
    click,
    console_view,
    wait,  # noqa: E402
    DESKTOP,
    PHONE,
    all_questions,
    answer,
    api,
    api_text,
    choose_picker,
    full_page_screenshot,
    is_shown,
    localized,
    public_evaluation,
    set_viewport,
    sign_in,
    wait_state,
)

WAIT = 15
QUESTIONNAIRE_ID = "console-check"

# What the builder test makes, as the server stores it; the evaluation test sends the
# same definition through the API when it runs on its own.
BUILT_DEFINITION = {
    "id": QUESTIONNAIRE_ID,
    "version": 1,
    "meetingType": "conference",
    "locales": ["zh", "en"],
    "title": {"zh": "工作会议质量测评", "en": "Work meeting check"},
    "dimensions": [
        {
            "id": "prep",
            "title": {"zh": "会前准备", "en": "Preparation"},
            "weight": 60,
            "questions": [
                {
                    "id": "notice",
                    "type": "rating",
                    "text": {"zh": "会议通知是否及时？", "en": "Was the notice timely?"},
                    "required": True,
                    "scale": {"min": 1, "max": 5},
                },
                {
                    "id": "materials",
                    "type": "single",
                    "text": {"zh": "材料是否提前送达？", "en": "Were the materials sent early?"},
                    "required": True,
                    "options": [
                        {"id": "early", "text": {"zh": "提前送达", "en": "Early"}, "score": 100},
                        {"id": "late", "text": {"zh": "会上分发", "en": "At the meeting"}, "score": 40},
                        {"id": "unsure", "text": {"zh": "不清楚", "en": "Not sure"}, "notApplicable": True},
                    ],
                },
            ],
        },
        {
            "id": "results",
            "title": {"zh": "会议成效", "en": "Results"},
            "weight": 40,
            "questions": [
                {
                    "id": "tasks",
                    "type": "rating",
                    "text": {"zh": "任务是否明确？", "en": "Were the tasks clear?"},
                    "required": True,
                    "scale": {"min": 1, "max": 5},
                },
                {
                    "id": "advice",
                    "type": "text",
                    "text": {"zh": "材料方面有何建议？", "en": "How could the materials improve?"},
                    "required": False,
                    "showIf": {"question": "materials", "in": ["late"]},
                },
            ],
        },
    ],
}


# ---------------------------------------------------------------- helpers


def css_path(path: str) -> str:
    """A CSS selector for the element that edits definition path `path`."""
    return f'[data-path="{path}"]'




def open_view(driver, server: str, route: str, view: str):
    driver.get(f"{server}/console#{route}")
    return wait_view(driver, view)


def wait_view(driver, view: str):
    return console_view(driver, view)


def scroll_to(driver, element):
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});", element)
    return element




def type_into(driver, element, text: str) -> None:
    """Replaces what a field holds by typing, the way a person does (select all, type)."""
    scroll_to(driver, element)
    element.click()
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(Keys.DELETE)
    if text:
        element.send_keys(text)


def localized_input(driver, path: str, locale: str):
    return driver.find_element(By.CSS_SELECTOR, f'{css_path(path)} input[data-locale="{locale}"]')


def plain_input(driver, path: str):
    return driver.find_element(By.CSS_SELECTOR, f"{css_path(path)} input, {css_path(path)} select")


def fill_text(driver, path: str, zh: str, en: str | None = None) -> None:
    type_into(driver, localized_input(driver, path, "zh"), zh)
    if en is not None:
        type_into(driver, localized_input(driver, path, "en"), en)


def button_named(scope, name: str):
    """A button whose visible text or aria-label is `name`."""
    for candidate in scope.find_elements(By.CSS_SELECTOR, "button, a.btn"):
        if candidate.get_attribute("aria-label") == name or candidate.text.strip() == name:
            return candidate
    raise AssertionError(f"no button named {name!r}")


def check_status(driver) -> str:
    return driver.find_element(By.ID, "check-status").get_attribute("data-status") or ""


def wait_check(driver, status: str, timeout: float = WAIT) -> None:
    def settled(d):
        return check_status(d) == status

    wait(driver, settled, f"the validator never answered {status!r} (now {check_status(driver)!r})", timeout)


def yaml_text(driver) -> str:
    return driver.find_element(By.ID, "yaml-text").get_attribute("value")


def set_yaml(driver, text: str) -> None:
    """Puts new text in the YAML box as an edit would (an input event)."""
    area = driver.find_element(By.ID, "yaml-text")
    driver.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        area,
        text,
    )


def severe_console_errors(driver) -> list[str]:
    try:
        entries = driver.get_log("browser")
    except Exception:
        return []
    return [
        e["message"]
        for e in entries
        if e.get("level") == "SEVERE" and "Failed to load resource" not in e["message"]
    ]


def screenshots(driver, name: str) -> None:
    """The page at desktop and at phone size (drawn again at each size), then back to desktop."""
    driver.execute_script("const toast = document.getElementById('toast'); if (toast) toast.className = 'toast';")
    set_viewport(driver, DESKTOP, mobile=False)
    time.sleep(0.15)
    full_page_screenshot(driver, f"console-{name}-desktop.png")
    set_viewport(driver, PHONE, mobile=True)
    time.sleep(0.25)
    full_page_screenshot(driver, f"console-{name}-phone.png")
    set_viewport(driver, DESKTOP, mobile=False)
    time.sleep(0.1)


def ensure_questionnaire(server: str) -> dict:
    status, stored = api(server, "GET", f"/api/questionnaires/{QUESTIONNAIRE_ID}")
    if status == 404:
        status, saved = api(server, "POST", "/api/questionnaires", BUILT_DEFINITION)
        assert status in (200, 201), (status, saved)
        status, stored = api(server, "GET", f"/api/questionnaires/{QUESTIONNAIRE_ID}")
    assert status == 200, (status, stored)
    return stored


def expected_overall(definition: dict, answers: dict) -> float:
    """The overall score of one response: question scores (ratings placed on 0…100, options
    by their score) averaged by question weight within a dimension, then by dimension weight."""
    total = weights = 0.0
    for dimension in definition["dimensions"]:
        scored = []
        for question in dimension["questions"]:
            value = answers.get(question["id"])
            if question["type"] == "rating" and value is not None:
                low, high = question["scale"]["min"], question["scale"]["max"]
                scored.append((100 * (value - low) / (high - low), question.get("weight", 1)))
            elif question["type"] == "single" and value is not None:
                option = next(o for o in question["options"] if o["id"] == value)
                if option.get("score") is not None and not option.get("notApplicable"):
                    scored.append((option["score"], question.get("weight", 1)))
        if scored and dimension.get("weight"):
            score = sum(s * w for s, w in scored) / sum(w for _, w in scored)
            total += score * dimension["weight"]
            weights += dimension["weight"]
    return total / weights


def fill_attendee_form(driver, evaluation: dict) -> dict:
    """Answers every question the attendee page shows, through its labels; returns the answers."""
    default = evaluation["questionnaire"]["locales"][0]
    answered = {}
    for question in all_questions(evaluation):
        if is_shown(driver, question, default, default):
            answered[question["id"]] = answer(driver, question, default, default)
    for question in all_questions(evaluation):
        if question.get("required") and is_shown(driver, question, default, default):
            assert question["id"] in answered, f"{question['id']} is required and shown but was not answered"
    return answered


@pytest.fixture
def desktop(browser, server, accounts):
    """The shared phone-sized browser, made desktop-sized (the console is used on both),
    signed in as the organizer."""
    set_viewport(browser, DESKTOP, mobile=False)
    organizer = accounts["organizer"]
    sign_in(browser, server, organizer["name"], organizer["password"], "/console")
    return browser


# ---------------------------------------------------------------- (a) build and save


def test_builder_makes_a_questionnaire_and_saves_it(server, desktop):
    driver = desktop
    status, existing = api(server, "GET", f"/api/questionnaires/{QUESTIONNAIRE_ID}")
    if status == 200:
        pytest.skip("the questionnaire was already made in this session")

    open_view(driver, server, "/questionnaires", "questionnaire-list")
    click(driver, driver.find_element(By.ID, "new-questionnaire"))
    wait_view(driver, "builder")

    fill_text(driver, "title", "工作会议质量测评", "Work meeting check")
    type_into(driver, plain_input(driver, "id"), QUESTIONNAIRE_ID)
    meeting_type = plain_input(driver, "meetingType")
    scroll_to(driver, meeting_type)
    Select(meeting_type).select_by_value("conference")

    # Dimension 1 comes with a rating question.
    fill_text(driver, "dimensions[0].title", "会前准备", "Preparation")
    type_into(driver, plain_input(driver, "dimensions[0].id"), "prep")
    type_into(driver, plain_input(driver, "dimensions[0].weight"), "60")
    fill_text(driver, "dimensions[0].questions[0].text", "会议通知是否及时？", "Was the notice timely?")
    type_into(driver, plain_input(driver, "dimensions[0].questions[0].id"), "notice")

    # A single choice with scored options and a "not applicable" one.
    dimension = driver.find_element(By.CSS_SELECTOR, css_path("dimensions[0]"))
    click(driver, dimension.find_element(By.CSS_SELECTOR, 'button.add-question[data-type="single"]'))
    q = "dimensions[0].questions[1]"
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, css_path(q)), "the single question was not added")
    fill_text(driver, f"{q}.text", "材料是否提前送达？", "Were the materials sent early?")
    type_into(driver, plain_input(driver, f"{q}.id"), "materials")
    for index, (option_id, zh, en) in enumerate([("early", "提前送达", "Early"), ("late", "会上分发", "At the meeting")]):
        row = f"{q}.options[{index}]"
        type_into(driver, driver.find_element(By.CSS_SELECTOR, f'{css_path(row + ".text")} input[lang="zh"]'), zh)
        type_into(driver, driver.find_element(By.CSS_SELECTOR, f'{css_path(row + ".text")} input[lang="en"]'), en)
        type_into(driver, plain_input(driver, f"{row}.id"), option_id)
    type_into(driver, plain_input(driver, f"{q}.options[0].score"), "100")
    type_into(driver, plain_input(driver, f"{q}.options[1].score"), "40")
    question = driver.find_element(By.CSS_SELECTOR, css_path(q))
    click(driver, button_named(question, "添加选项"))
    row = f"{q}.options[2]"
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, css_path(row)), "the option was not added")
    type_into(driver, driver.find_element(By.CSS_SELECTOR, f'{css_path(row + ".text")} input[lang="zh"]'), "不清楚")
    type_into(driver, driver.find_element(By.CSS_SELECTOR, f'{css_path(row + ".text")} input[lang="en"]'), "Not sure")
    type_into(driver, plain_input(driver, f"{row}.id"), "unsure")
    click(driver, driver.find_element(By.CSS_SELECTOR, f"{css_path(row + '.notApplicable')} input"))

    # Dimension 2: a rating (added with the dimension) and a text question.
    click(driver, driver.find_element(By.ID, "add-dimension"))
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, css_path("dimensions[1]")), "the dimension was not added")
    fill_text(driver, "dimensions[1].title", "会议成效", "Results")
    type_into(driver, plain_input(driver, "dimensions[1].id"), "results")
    type_into(driver, plain_input(driver, "dimensions[1].weight"), "40")
    fill_text(driver, "dimensions[1].questions[0].text", "任务是否明确？", "Were the tasks clear?")
    type_into(driver, plain_input(driver, "dimensions[1].questions[0].id"), "tasks")
    dimension = driver.find_element(By.CSS_SELECTOR, css_path("dimensions[1]"))
    click(driver, dimension.find_element(By.CSS_SELECTOR, 'button.add-question[data-type="text"]'))
    q = "dimensions[1].questions[1]"
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, css_path(q)), "the text question was not added")
    fill_text(driver, f"{q}.text", "材料方面有何建议？", "How could the materials improve?")
    type_into(driver, plain_input(driver, f"{q}.id"), "advice")
    # Shown only after "at the meeting" was chosen for the materials question.
    click(driver, driver.find_element(By.CSS_SELECTOR, f"{css_path(q + '.showIf-toggle')} input"))
    condition = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, f"{css_path(q + '.showIf.question')} select"), "no showIf picker")
    Select(condition).select_by_value("materials")
    late = wait(
        driver,
        lambda d: d.find_element(By.CSS_SELECTOR, f'{css_path(q + ".showIf.in")} input[value="late"]'),
        "the materials options were not offered",
    )
    click(driver, late)
    assert 'question: "materials"' in yaml_text(driver)

    # Weights are shown normalized: 60 and 40 of 100; the two scored questions of
    # dimension 1 share it evenly, the text question is unscored.
    assert driver.find_element(By.CSS_SELECTOR, '[data-share="dimensions[0]"]').text == "60.0%"
    assert driver.find_element(By.CSS_SELECTOR, '[data-share="dimensions[1]"]').text == "40.0%"
    assert "50.0%" in driver.find_element(By.CSS_SELECTOR, '[data-share-note="dimensions[0].questions[1]"]').text

    wait_check(driver, "valid")
    assert driver.find_element(By.ID, "issue-summary").text.strip() == ""

    # The live preview shows the questions as attendees see them (the attendee page's renderer).
    click(driver, driver.find_element(By.ID, "tab-preview"))
    frame = driver.find_element(By.ID, "preview-frame")
    driver.switch_to.frame(frame)
    try:
        wait(driver, lambda d: "材料是否提前送达？" in d.find_element(By.ID, "app").text, "the preview never showed the question")
        legends = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "fieldset.question legend")]
        assert any("会议通知是否及时？" in text for text in legends)
        follow_up = driver.find_element(By.XPATH, "//div[contains(@class,'question')][.//label[contains(., '材料方面有何建议？')]]")
        assert not follow_up.is_displayed(), "the showIf question must start hidden"
        # The preview answers like the real form: choosing "at the meeting" shows the follow-up.
        label = driver.find_element(By.XPATH, "//label[normalize-space(.)='会上分发']")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", label)
        label.click()
        assert driver.find_element(By.ID, label.get_attribute("for")).is_selected()
        wait(driver, lambda d: follow_up.is_displayed(), "the showIf question did not appear in the preview")
    finally:
        driver.switch_to.default_content()
    screenshots(driver, "builder-preview")
    click(driver, driver.find_element(By.ID, "tab-yaml"))
    screenshots(driver, "builder")

    click(driver, driver.find_element(By.ID, "save-questionnaire"))
    main = wait_view(driver, "questionnaire")
    wait(driver, lambda d: d.current_url.endswith(f"#/questionnaires/{QUESTIONNAIRE_ID}/versions/1"), "save did not show the version")
    assert driver.find_element(By.ID, "shown-version").text == "v1"
    assert "会议通知是否及时？" in main.text and "60.0%" in main.text
    screenshots(driver, "questionnaire")

    stored = api(server, "GET", f"/api/questionnaires/{QUESTIONNAIRE_ID}")[1]["definition"]
    assert [d["id"] for d in stored["dimensions"]] == ["prep", "results"]
    assert [q["id"] for d in stored["dimensions"] for q in d["questions"]] == ["notice", "materials", "tasks", "advice"]
    materials = stored["dimensions"][0]["questions"][1]["options"]
    assert [(o["id"], o.get("score"), o.get("notApplicable", False)) for o in materials] == [
        ("early", 100, False), ("late", 40, False), ("unsure", None, True)
    ]
    assert stored["dimensions"][1]["questions"][1]["showIf"] == {"question": "materials", "in": ["late"]}
    assert [d["weight"] for d in stored["dimensions"]] == [60, 40]

    # The list shows the new questionnaire with its version.
    click(driver, driver.find_element(By.CSS_SELECTOR, ".crumbs a"))
    wait_view(driver, "questionnaire-list")
    row = driver.find_element(By.CSS_SELECTOR, f'tr[data-questionnaire="{QUESTIONNAIRE_ID}"]')
    assert "工作会议质量测评" in row.text
    assert [chip.text for chip in row.find_elements(By.CSS_SELECTOR, ".version-chips a")] == ["v1"]
    screenshots(driver, "questionnaires")
    assert severe_console_errors(driver) == []


# ---------------------------------------------------------------- (b) YAML and form


def test_yaml_follows_the_form_and_the_form_follows_yaml(server, desktop):
    driver = desktop
    open_view(driver, server, "/questionnaires/teleconference/edit", "builder")
    wait_check(driver, "valid")

    # The form → YAML: a new question text and weight appear in the YAML at once.
    fill_text(driver, "dimensions[0].questions[1].text", "会议通知是否及时、完整（修订）")
    assert '"会议通知是否及时、完整（修订）"' in yaml_text(driver)
    type_into(driver, plain_input(driver, "dimensions[0].weight"), "30")
    assert re.search(r"^    weight: 30$", yaml_text(driver), re.M), yaml_text(driver)[:600]
    # 30 of 30 + 5 × 15 + 2 × 20… as typed, normalized next to it.
    assert driver.find_element(By.CSS_SELECTOR, '[data-share="dimensions[0]"]').text == "26.1%"
    wait_check(driver, "valid")

    # A broken field: the server's message appears next to it, in the summary and on its YAML line.
    score_path = "dimensions[0].questions[0].options[1].score"
    type_into(driver, plain_input(driver, score_path), "150")
    wait_check(driver, "invalid")
    field = driver.find_element(By.CSS_SELECTOR, css_path(score_path))
    message = field.find_element(By.CSS_SELECTOR, ".issue-slot").text
    assert "between 0 and 100" in message
    assert plain_input(driver, score_path).get_attribute("aria-invalid") == "true"
    yaml_lines = yaml_text(driver).split("\n")
    marked = driver.find_element(By.CSS_SELECTOR, ".code-editor").get_attribute("data-marked").split()
    assert marked, "no YAML line was marked"
    assert "score: 150" in yaml_lines[int(marked[0]) - 1]
    summary = driver.find_element(By.ID, "issue-summary")
    click(driver, summary.find_element(By.CSS_SELECTOR, "summary"))
    assert score_path in summary.text and "between 0 and 100" in summary.text
    screenshots(driver, "builder-issue")
    # The summary entry takes you to the field.
    click(driver, summary.find_element(By.CSS_SELECTOR, f'li[data-issue-path="{score_path}"] button'))
    assert driver.switch_to.active_element.get_attribute("id") == plain_input(driver, score_path).get_attribute("id")
    type_into(driver, plain_input(driver, score_path), "50")
    wait_check(driver, "valid")
    assert field.find_element(By.CSS_SELECTOR, ".issue-slot").text == ""

    # YAML → the form: a valid edit of the text comes back into the form fields.
    status, checked = api_text(server, "POST", "/api/questionnaires/validate", yaml_text(driver), "application/yaml")
    if status != 200 or "definition" not in (checked or {}):
        pytest.skip("this server's validator does not return `definition` yet")
    text = yaml_text(driver)
    edited = text.replace('"电视电话会议质量评估"', '"电视电话会议质量评估（YAML 修订）"', 1)
    edited = re.sub(r"^    weight: 30$", "    weight: 45", edited, count=1, flags=re.M)
    assert edited != text
    set_yaml(driver, edited)
    wait(
        driver,
        lambda d: localized_input(d, "title", "zh").get_attribute("value") == "电视电话会议质量评估（YAML 修订）",
        "the form did not take the title from the YAML",
    )
    assert plain_input(driver, "dimensions[0].weight").get_attribute("value") == "45"
    assert driver.find_element(By.CSS_SELECTOR, '[data-share="dimensions[0]"]').text == "34.6%"

    # A broken YAML line is marked, and the form keeps the last valid content.
    broken = edited.replace("meetingType:", "meetingType: [", 1)
    set_yaml(driver, broken)
    wait(driver, lambda d: check_status(d) in ("syntax", "invalid"), "broken YAML was not reported")
    assert driver.find_element(By.ID, "stale-note").is_displayed()
    assert localized_input(driver, "title", "zh").get_attribute("value") == "电视电话会议质量评估（YAML 修订）"
    set_yaml(driver, edited)
    wait_check(driver, "valid")
    assert not driver.find_element(By.ID, "stale-note").is_displayed()
    assert severe_console_errors(driver) == []


# ---------------------------------------------------------------- (c, d, e) evaluation


def test_evaluation_from_venues_to_live_dashboard_and_qr_codes(server, desktop):
    driver = desktop
    stored = ensure_questionnaire(server)

    open_view(driver, server, f"/evaluations/new?questionnaire={QUESTIONNAIRE_ID}", "evaluation-new")
    type_into(driver, driver.find_element(By.CSS_SELECTOR, f'{css_path("title")} input'), "全市工作推进会")
    venues = driver.find_element(By.CSS_SELECTOR, f'{css_path("venues")} textarea')
    scroll_to(driver, venues)
    venues.click()
    # Pasted, one venue per line; the second has an English name after "|".
    venues.send_keys("合肥分会场\n芜湖分会场 | Wuhu branch\nMain Hall")
    chips = wait(
        driver,
        lambda d: d.find_elements(By.CSS_SELECTOR, "#venue-preview li") if len(d.find_elements(By.CSS_SELECTOR, "#venue-preview li")) == 3 else None,
        "the pasted venues were not listed",
    )
    assert [chip.get_attribute("data-venue") for chip in chips] == ["v1", "wuhu-branch", "main-hall"]
    click(driver, driver.find_element(By.CSS_SELECTOR, 'button.preset[data-preset="leaders"]'))
    click(driver, driver.find_element(By.CSS_SELECTOR, 'button.preset[data-preset="attendees"]'))
    type_into(driver, driver.find_element(By.CSS_SELECTOR, f'{css_path("expectedRespondents")} input'), "12")
    screenshots(driver, "evaluation-new")
    click(driver, driver.find_element(By.ID, "create-submit"))

    wait_view(driver, "evaluation")
    evaluation_id = re.search(r"#/evaluations/([0-9a-f-]{36})", driver.current_url).group(1)
    status, evaluation = api(server, "GET", f"/api/evaluations/{evaluation_id}")
    assert status == 200 and evaluation["status"] == "draft"
    assert [(v["id"], v["name"]) for v in evaluation["venues"]] == [
        ("v1", "合肥分会场"),
        ("wuhu-branch", {"zh": "芜湖分会场", "en": "Wuhu branch"}),
        ("main-hall", "Main Hall"),
    ]
    assert evaluation["questionnaire"] == {"id": QUESTIONNAIRE_ID, "version": stored["version"]}
    assert [g["id"] for g in evaluation["raterGroups"]] == ["leaders", "attendees"]

    # Opening asks first; Escape says no.
    open_button = driver.find_element(By.ID, "open-evaluation")
    click(driver, open_button)
    dialog = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "dialog[open]"), "no confirmation dialog")
    assert driver.switch_to.active_element.text == "取消"
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"), "Escape did not close the dialog")
    assert api(server, "GET", f"/api/evaluations/{evaluation_id}")[1]["status"] == "draft"
    click(driver, driver.find_element(By.ID, "open-evaluation"))
    dialog = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "dialog[open]"), "no confirmation dialog")
    click(driver, dialog.find_element(By.CSS_SELECTOR, 'button[data-action="confirm"]'))
    wait(driver, lambda d: "收集中" in d.find_element(By.ID, "evaluation-status").text, "the page never showed the evaluation open")
    assert api(server, "GET", f"/api/evaluations/{evaluation_id}")[1]["status"] == "open"

    # The dashboard follows the evaluation live.
    wait(
        driver,
        lambda d: d.find_element(By.ID, "live-state").get_attribute("data-state") in ("live", "polling"),
        "the dashboard never connected",
    )
    row = '#by-venue li[data-venue="wuhu-branch"] .bar-count'
    # A live snapshot may redraw the counts while they are read: read them again then.
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, row).text == "0", "the venue's count is not 0")
    wait(driver, lambda d: d.find_element(By.ID, "received-count").text == "0", "the received count is not 0")
    driver.execute_script("window.__consoleNotReloaded = true;")
    console_window = driver.current_window_handle

    # An attendee answers through the wuhu-branch venue's link, in a tab of its own, while the
    # dashboard stays open in the first one.
    status, distribution = api(server, "GET", f"/api/evaluations/{evaluation_id}/distribution")
    assert status == 200, (status, distribution)
    venue_link = next(link["url"] for link in distribution["links"] if (link.get("venue") or {}).get("id") == "wuhu-branch")
    assert venue_link.endswith(f"/e/{evaluation['slug']}?venue=wuhu-branch"), venue_link
    public = public_evaluation(server, evaluation["slug"])
    default = public["questionnaire"]["locales"][0]
    driver.switch_to.new_window("tab")
    attendee_window = driver.current_window_handle
    assert attendee_window != console_window
    set_viewport(driver, PHONE, mobile=True)
    driver.get(venue_link)
    wait_state(driver, "form")
    venue_picker = driver.find_element(By.ID, "venue")
    assert Select(venue_picker).first_selected_option.get_attribute("value") == "wuhu-branch", "the link did not preset the venue"
    group_picker = driver.find_elements(By.ID, "rater-group")
    if group_picker and group_picker[0].get_attribute("value") != "attendees":
        group = next(g for g in public["raterGroups"] if g["id"] == "attendees")
        choose_picker(driver, "您的身份", localized(group["name"], default, default))
        assert Select(driver.find_element(By.ID, "rater-group")).first_selected_option.get_attribute("value") == "attendees"
    answers = fill_attendee_form(driver, public)
    click(driver, driver.find_element(By.XPATH, "//button[@type='submit']"))
    thanks = wait_state(driver, "thanks")
    assert "谢谢您的评价" in thanks.text
    full_page_screenshot(driver, "console-venue-link-attendee-thanks.png")
    driver.close()
    driver.switch_to.window(console_window)
    set_viewport(driver, DESKTOP, mobile=False)

    wait(
        driver,
        lambda d: d.find_element(By.CSS_SELECTOR, row).text == "1" and d.find_element(By.ID, "received-count").text == "1",
        "the venue's and the received count did not move",
        timeout=12,
    )
    assert driver.execute_script("return window.__consoleNotReloaded === true;"), "the page was reloaded"
    assert driver.find_element(By.CSS_SELECTOR, '#by-group li[data-group="attendees"] .bar-count').text == "1"
    # The dashboard's score is the scorecard's, and what the answers given must score.
    status, scorecard = api(server, "GET", f"/api/evaluations/{evaluation_id}/scorecard.json")
    assert status == 200, (status, scorecard)
    assert scorecard["overall"]["score"] == pytest.approx(expected_overall(stored["definition"], answers)), (answers, scorecard["overall"])
    overall = f"{scorecard['overall']['score']:.2f}"
    wait(driver, lambda d: d.find_element(By.ID, "overall-score").text == overall, f"the overall score never read {overall}", timeout=12)
    screenshots(driver, "dashboard")

    # Distribution: a link and a QR code per venue.
    click(driver, driver.find_element(By.CSS_SELECTOR, '.subnav a[data-tab="distribution"]'))
    wait_view(driver, "evaluation")
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#distribution-list > li")) == 3, "not three venue cards")
    links = [e.get_attribute("value") for e in driver.find_elements(By.CSS_SELECTOR, "#distribution-list input.link-input")]
    assert [link.rsplit("?venue=", 1)[1] for link in links] == ["v1", "wuhu-branch", "main-hall"]
    assert all(f"/e/{evaluation['slug']}?venue=" in link for link in links)
    images = driver.find_elements(By.CSS_SELECTOR, "#distribution-list img.qr-img")
    assert len(images) == 3
    wait(
        driver,
        lambda d: all(
            d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0;", image) for image in images
        ),
        "the QR codes did not load",
    )
    screenshots(driver, "distribution")

    click(driver, driver.find_element(By.ID, "print-sheet"))
    wait_view(driver, "print")
    cards = driver.find_elements(By.CSS_SELECTOR, "#print-grid > li")
    assert [card.find_element(By.CSS_SELECTOR, ".print-venue").text for card in cards] == ["合肥分会场", "芜湖分会场", "Main Hall"]
    wait(
        driver,
        lambda d: all(
            d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0;", img)
            for img in d.find_elements(By.CSS_SELECTOR, "#print-grid img")
        ),
        "the printed QR codes did not load",
    )
    screenshots(driver, "print-sheet")
    # As printed: A4 width at 96 dpi, print styles (no console frame, two cards a row).
    set_viewport(driver, (794, 1123), mobile=False)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not driver.find_element(By.CSS_SELECTOR, ".console-top").is_displayed()
    full_page_screenshot(driver, "console-print-sheet-print-media.png")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    set_viewport(driver, DESKTOP, mobile=False)

    # Closing asks first too; then the evaluation refuses answers.
    click(driver, driver.find_element(By.CSS_SELECTOR, ".print-toolbar a.btn-secondary"))
    wait_view(driver, "evaluation")
    click(driver, wait(driver, lambda d: d.find_element(By.ID, "close-evaluation"), "no close button"))
    dialog = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "dialog[open]"), "no confirmation dialog")
    assert "不能重新开放" in dialog.text
    click(driver, dialog.find_element(By.CSS_SELECTOR, 'button[data-action="confirm"]'))
    wait(driver, lambda d: "已结束" in d.find_element(By.ID, "evaluation-status").text, "the page never showed the evaluation closed")
    assert api(server, "GET", f"/api/evaluations/{evaluation_id}")[1]["status"] == "closed"

    # The list shows the evaluation closed with its count.
    open_view(driver, server, "/evaluations", "evaluation-list")
    row = driver.find_element(By.CSS_SELECTOR, f'tr[data-evaluation="{evaluation_id}"]')
    assert row.get_attribute("data-status") == "closed"
    assert row.find_element(By.CSS_SELECTOR, ".count-number").text == "1"
    screenshots(driver, "evaluations")
    assert severe_console_errors(driver) == []


def test_language_switch_is_remembered(server, desktop):
    driver = desktop
    open_view(driver, server, "/questionnaires", "questionnaire-list")
    assert driver.execute_script("return document.documentElement.lang") == "zh-CN"
    english = driver.find_element(By.CSS_SELECTOR, '#lang-switch button[data-lang="en"]')
    click(driver, english)
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, ".page-title").text == "Questionnaires", "not in English")
    assert driver.find_element(By.CSS_SELECTOR, '#lang-switch button[data-lang="en"]').get_attribute("aria-pressed") == "true"
    driver.refresh()
    wait_view(driver, "questionnaire-list")
    assert driver.find_element(By.CSS_SELECTOR, ".page-title").text == "Questionnaires"
    assert driver.execute_script("return document.documentElement.lang") == "en"
    click(driver, driver.find_element(By.CSS_SELECTOR, '#lang-switch button[data-lang="zh"]'))
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, ".page-title").text == "问卷", "not back in Chinese")


def test_yaml_emitter_output_is_valid_yaml_for_any_text(server, desktop):
    """The builder's YAML emitter quotes every string, so hostile texts load back unchanged."""
    yaml = pytest.importorskip("yaml")
    driver = desktop
    open_view(driver, server, "/questionnaires", "questionnaire-list")
    texts = [
        'yes', 'no', 'null', '~', '123', '1e3', '- item', 'key: value', 'a #comment', '"quoted"', "it's",
        '[flow]', '{map}', '*alias', '&anchor', '!tag', '%directive', '@at', '`tick`', '|', '>', '? q',
        'line one\nline two', 'tab\there', '  padded  ', '会议：很好', 'emoji 😀', '\u2028sep', 'ctl\u0085x', 'back\\slash',
    ]
    value = {"id": "x", "version": 1, "title": {t: t for t in texts}, "list": texts, "n": 1.5, "flag": True, "empty": [], "obj": {}}
    emitted = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import('/assets/js/console/yaml.js').then((m) => done(m.emitYAML(arguments[0]).text));",
        value,
    )
    def keys_as_text(node):
        # Integer-looking keys are written plain (scale points: `1: …`), so YAML reads them as numbers.
        if isinstance(node, dict):
            return {str(k): keys_as_text(v) for k, v in node.items()}
        if isinstance(node, list):
            return [keys_as_text(v) for v in node]
        return node

    assert keys_as_text(yaml.safe_load(emitted)) == json.loads(json.dumps(value))
