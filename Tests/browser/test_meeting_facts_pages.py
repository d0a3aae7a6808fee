"""Meeting facts in the console, in a real browser against the real server, signed in as an
organizer through the sign-in page:

- the evaluation form offers the meeting standards the server ships, and a combined index;
- the "会议实况" tab records planned and actual times, attendance, a speech and documents,
  and shows the checks against the Anhui standard: the two rules the facts break, their
  deductions and the facts score;
- a problem in the facts is shown next to its field and nothing is stored.
"""

from __future__ import annotations

import urllib.parse

import pytest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from support import (
    TEST_PASSWORD, api, click, console_view, create_user, full_page_screenshot, sign_in, submit_response,
    teleconference_answers, wait,
)

ORGANIZER = "facts-organizer"

BODY = {
    "questionnaire": {"id": "teleconference"},
    "title": "全省安全生产视频会议",
    "meetingType": "teleconference",
    "meetingDate": "2026-11-20",
    "venues": [{"id": "hefei", "name": "合肥分会场", "expected": 40}, {"id": "wuhu", "name": "芜湖分会场"}],
    "standard": "anhui-2019",
    "index": {"survey": 0.7, "facts": 0.3},
}


@pytest.fixture(scope="module")
def organizer(server):
    create_user(server, ORGANIZER, "organizer", TEST_PASSWORD)
    return ORGANIZER


def open_tab(browser, server, route: str, view: str):
    sign_in(browser, server, ORGANIZER, TEST_PASSWORD, "/console#" + route)
    if urllib.parse.urlparse(browser.current_url).fragment != route:
        browser.get(f"{server}/console#{route}")
    return console_view(browser, view)


def set_value(browser, element, value: str) -> None:
    """Sets an input's value as typing would (datetime-local inputs take no keystrokes reliably)."""
    browser.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
        "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        element, value)


def test_the_form_offers_the_shipped_standards(server, browser, organizer):
    open_tab(browser, server, "/evaluations/new", "evaluation-new")
    select = wait(browser, lambda d: d.find_element(By.ID, "f-standard"), "no standard choice on the form")
    wait(browser, lambda d: len(Select(select).options) >= 3, "the shipped standards were not offered")
    values = [option.get_attribute("value") for option in Select(select).options]
    assert values[0] == "" and "anhui-2019" in values and "generic" in values, values
    Select(select).select_by_value("anhui-2019")
    source = browser.find_element(By.ID, "standard-source").text
    assert "90分钟" in source, source
    assert browser.find_element(By.ID, "f-index-survey") and browser.find_element(By.ID, "f-index-facts")


def test_facts_are_recorded_and_checked_against_the_standard(server, browser, organizer):
    status, created = api(server, "POST", "/api/evaluations", BODY)
    assert status == 201, (status, created)
    open_tab(browser, server, f"/evaluations/{created['id']}/facts", "evaluation")
    form = wait(browser, lambda d: d.find_element(By.ID, "facts-form"), "no facts form on the facts tab")
    assert "还没有记录会议实况" in browser.find_element(By.ID, "facts-results").text
    inputs = {key: form.find_element(By.ID, f"f-{key}") for key in ("plannedStart", "plannedEnd", "actualStart", "actualEnd")}
    set_value(browser, inputs["plannedStart"], "2026-11-20T09:00")
    set_value(browser, inputs["plannedEnd"], "2026-11-20T10:30")
    set_value(browser, inputs["actualStart"], "2026-11-20T09:12")
    set_value(browser, inputs["actualEnd"], "2026-11-20T10:57")
    assert Select(form.find_element(By.ID, "f-timeZone")).first_selected_option.get_attribute("value") == "+08:00"
    # The venue's expected number comes from the evaluation.
    hefei_expected = form.find_element(By.CSS_SELECTOR, "tr[data-path='attendance[0]'] td:nth-of-type(1) input")
    assert hefei_expected.get_attribute("value") == "40"
    form.find_element(By.CSS_SELECTOR, "tr[data-path='attendance[0]'] td:nth-of-type(2) input").send_keys("37")
    click(browser, form.find_element(By.ID, "add-speech"))
    row = form.find_elements(By.CSS_SELECTOR, ".facts-speeches tbody tr")[-1]
    row.find_element(By.CSS_SELECTOR, "input[type='text']").send_keys("常务副省长")
    Select(row.find_element(By.CSS_SELECTOR, "select")).select_by_value("leader")
    row.find_element(By.CSS_SELECTOR, "input[type='number']").send_keys("65")
    form.find_element(By.ID, "f-documents-count").send_keys("2")
    form.find_element(By.ID, "f-documents-pages").send_keys("18")
    Select(form.find_element(By.ID, "f-mergeable")).select_by_value("no")
    click(browser, form.find_element(By.ID, "save-facts"))
    checks = wait(browser, lambda d: d.find_element(By.ID, "facts-checks"), "no checks after saving the facts")
    broken = {row.get_attribute("data-rule"): row.text for row in checks.find_elements(By.CSS_SELECTOR, "tr.is-broken")}
    assert set(broken) == {"teleconference-duration", "leader-speech"}, broken
    assert "105" in broken["teleconference-duration"] and "−10" in broken["teleconference-duration"]
    assert "65" in broken["leader-speech"] and "−5" in broken["leader-speech"]
    assert browser.find_element(By.ID, "facts-score").text.startswith("实况得分 85.00")
    full_page_screenshot(browser, "meeting-facts-recorded.png")
    # The server has exactly what the form sent, with the meeting's offset.
    status, stored = api(server, "GET", f"/api/evaluations/{created['id']}/facts")
    assert status == 200
    assert stored["facts"]["actualStart"] == "2026-11-20T09:12:00+08:00"
    assert stored["facts"]["attendance"] == [{"venue": "hefei", "expected": 40, "present": 37}]
    assert stored["facts"]["speeches"] == [{"speaker": "常务副省长", "role": "leader", "minutes": 65}]
    assert stored["assessment"]["score"] == 85

    # A bad value is shown at its field, and what was stored stays.
    browser.refresh()
    form = wait(browser, lambda d: d.find_element(By.ID, "facts-form"), "no facts form after reload")
    assert form.find_element(By.ID, "f-actualStart").get_attribute("value") == "2026-11-20T09:12"
    set_value(browser, form.find_element(By.ID, "f-actualEnd"), "2026-11-20T09:00")
    click(browser, form.find_element(By.ID, "save-facts"))
    wait(browser, lambda d: "必须" in d.find_element(By.ID, "facts-summary").text or "must" in d.find_element(By.ID, "facts-summary").text,
         "no problem shown for an end before the start")
    assert form.find_element(By.CSS_SELECTOR, "[data-path='actualEnd']").get_attribute("class").count("has-issue") == 1
    status, after = api(server, "GET", f"/api/evaluations/{created['id']}/facts")
    assert after["facts"] == stored["facts"]


def test_the_evaluator_sees_the_facts_and_the_combined_index_on_the_scorecard(server, browser, organizer):
    status, created = api(server, "POST", "/api/evaluations", {**BODY, "title": "全省防汛视频调度会议", "raterGroups": [{"id": "attendees", "name": "参会人员", "weight": 1}]})
    assert status == 201, (status, created)
    status, _ = api(server, "POST", f"/api/evaluations/{created['id']}/open")
    assert status == 200
    facts = {
        "plannedStart": "2026-11-20T09:00:00+08:00", "plannedEnd": "2026-11-20T10:30:00+08:00",
        "actualStart": "2026-11-20T09:12:00+08:00", "actualEnd": "2026-11-20T10:57:00+08:00",
        "attendance": [{"venue": "hefei", "expected": 40, "present": 37}],
        "speeches": [{"speaker": "常务副省长", "role": "leader", "minutes": 65}],
    }
    status, recorded = api(server, "PUT", f"/api/evaluations/{created['id']}/facts", facts)
    assert status == 200 and recorded["assessment"]["score"] == 85, recorded
    create_user(server, "facts-evaluator", "evaluator", TEST_PASSWORD)
    route = f"/evaluations/{created['id']}"
    sign_in(browser, server, "facts-evaluator", TEST_PASSWORD, "/evaluate#" + route)
    if urllib.parse.urlparse(browser.current_url).fragment != route:
        browser.get(f"{server}/evaluate#{route}")
    panel = wait(browser, lambda d: d.find_element(By.ID, "sc-facts"), "no facts section on the scorecard page")
    assert panel.find_element(By.ID, "facts-score").text == "85.00"
    broken = [row.get_attribute("data-rule") for row in panel.find_elements(By.CSS_SELECTOR, "tr.facts-broken")]
    assert broken == ["teleconference-duration", "leader-speech"]
    # No response yet: the survey has no score, so there is no combined index.
    assert not panel.find_elements(By.ID, "combined-score")
    assert "64.75" in panel.text
    for venue, level in (("hefei", 5), ("wuhu", 4)):
        submit_response(server, created["slug"], venue, "attendees", teleconference_answers(level), 120)
    browser.refresh()
    panel = wait(browser, lambda d: d.find_element(By.ID, "sc-facts"), "no facts section after reload")
    status, document = api(server, "GET", f"/api/evaluations/{created['id']}/scorecard.json")
    combined = document["combined"]
    assert combined["score"] == round(0.7 * document["overall"]["score"] + 0.3 * 85 + 1e-9, 2)
    shown = wait(browser, lambda d: d.find_element(By.ID, "combined-score"), "no combined index after responses")
    assert shown.text == f"{combined['score']:.2f}"
    full_page_screenshot(browser, "meeting-facts-scorecard.png")
    # The list links the year's picture of the organization, which opens as a printable page.
    browser.get(f"{server}/evaluate#/evaluations")
    link = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".yearly-links a[data-year='2026']"),
                "no link to the yearly picture on the evaluator list")
    browser.get(link.get_attribute("href"))
    wait(browser, lambda d: "2026年度会议评估情况" in d.find_element(By.TAG_NAME, "h1").text, "the yearly page did not open")
    assert "全省防汛视频调度会议" in browser.find_element(By.TAG_NAME, "main").text
    full_page_screenshot(browser, "meeting-facts-yearly.png")
