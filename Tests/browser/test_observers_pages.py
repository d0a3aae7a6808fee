"""An observer at a branch venue, in a real browser against the real server.

The observer opens the attendee page with an observer code in the link and continues past
the code step: the page shows the
venue observation checklist (not the attendee questionnaire), the venue and the observer
group locked by the code, time pickers for the time stamps; the checklist is submitted and thanked, and the scorecard's observation
section has it. The venue's second observer code is refused with the server's message.
"""

from __future__ import annotations

import uuid

import selenium  # noqa: F401  (a missing selenium fails the run rather than skipping it)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

from selenium.webdriver.common.keys import Keys  # noqa: E402

from support import (  # noqa: E402
    DESKTOP,
    console_view,
    answer,
    api,
    click,
    full_page_screenshot,
    public_evaluation,
    question_block,
    script_errors,
    set_viewport,
    sign_in,
    wait,
    wait_state,
)

OBSERVER_GROUPS = [
    {"id": "attendees", "name": "参会人员", "weight": 1},
    {"id": "observers", "name": {"zh": "督查员", "en": "Observers"}, "observer": True},
]


def set_time(driver, question: dict, value: str) -> None:
    """Types a time into the question's time picker as the picker would set it."""
    block = question_block(driver, question, "zh", "zh")
    field = block.find_element(By.CSS_SELECTOR, 'input[type="time"]')
    driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", field, value)


def open_with_code(driver, server: str, slug: str, code: str) -> None:
    """The link with the observer's code: the code step shows it filled in; continuing checks it."""
    driver.get(f"{server}/e/{slug}?code={code}")
    wait_state(driver, "code")
    assert driver.find_element(By.ID, "invitation-code").get_attribute("value") == code
    click(driver, driver.find_element(By.ID, "code-submit"))
    wait_state(driver, "form")


def test_an_observer_sees_and_submits_the_checklist(server, browser, make_evaluation, accounts):
    driver = browser
    created = make_evaluation(
        title=f"全省安全生产电视电话会议（督查 {uuid.uuid4().hex[:6]}）", raterGroups=OBSERVER_GROUPS, access="invitation")
    status, made = api(server, "POST", f"/api/evaluations/{created['id']}/invitations",
                       {"count": 2, "raterGroup": "observers", "venue": "hefei"})
    assert status == 201, made
    codes = made["codes"]
    public = public_evaluation(server, created["slug"])
    checklist = public["observation"]["checklist"]
    questions = {q["id"]: q for d in checklist["dimensions"] for q in d["questions"]}

    open_with_code(driver, server, created["slug"], codes[0])
    # The checklist, not the attendee questionnaire.
    page = driver.find_element(By.ID, "app").text
    assert "分会场会风会纪督查表" in page
    assert "参会人员何时全部就座？" in page
    assert "本次会议是否有必要召开？" not in page
    assert Select(driver.find_element(By.ID, "venue")).first_selected_option.get_attribute("value") == "hefei"
    group = driver.find_element(By.ID, "rater-group")
    assert Select(group).first_selected_option.get_attribute("value") == "observers" and not group.is_enabled()
    times = driver.find_elements(By.CSS_SELECTOR, 'input[type="time"]')
    assert len(times) == 5

    answer(driver, questions["seated"], "zh", "zh", choice="by-start")
    answer(driver, questions["sign-in"], "zh", "zh", choice="matches")
    answer(driver, questions["phone-use"], "zh", "zh", choice="few")
    answer(driver, questions["left-early"], "zh", "zh", choice="nobody")
    answer(driver, questions["faults"], "zh", "zh", choice="none")
    set_time(driver, questions["seated-at"], "08:57")
    set_time(driver, questions["phone-at"], "09:31")
    full_page_screenshot(driver, "attendee-observer-checklist-phone.png")
    click(driver, driver.find_element(By.ID, "submit-button"))
    thanks = wait_state(driver, "thanks")
    assert "谢谢" in thanks.text
    assert script_errors(driver) == []

    status, scorecard = api(server, "GET", f"/api/evaluations/{created['id']}/scorecard.json")
    assert status == 200
    hefei = next(v for v in scorecard["observation"]["venues"] if v["id"] == "hefei")
    # (30·50 + 25·100 + 20·50 + 15·100 + 10·100) / 100
    assert hefei["score"] == 75 and hefei["rank"] == 1
    assert {n["question"]: n["text"] for n in hefei["notes"]} == {"seated-at": "08:57", "phone-at": "09:31"}
    assert scorecard["responses"]["received"] == 0

    # The venue's second observer code: the checklist again, refused with the server's words.
    driver.delete_all_cookies()
    driver.execute_script("localStorage.clear(); sessionStorage.clear();")
    open_with_code(driver, server, created["slug"], codes[1])
    for question, choice in [("seated", "early"), ("sign-in", "matches"), ("phone-use", "none"),
                             ("left-early", "nobody"), ("faults", "none")]:
        answer(driver, questions[question], "zh", "zh", choice=choice)
    click(driver, driver.find_element(By.ID, "submit-button"))
    wait(driver, lambda d: "该会场已有督查记录" in d.find_element(By.ID, "app").text,
         "no message for a venue observed twice")
    status, scorecard = api(server, "GET", f"/api/evaluations/{created['id']}/scorecard.json")
    assert scorecard["observation"]["received"] == 1

    # The evaluator's scorecard page has the section: the observed venue ranked, the other not.
    evaluator = accounts["evaluator"]
    set_viewport(driver, DESKTOP, mobile=False)
    sign_in(driver, server, evaluator["name"], evaluator["password"], f"/evaluate#/evaluations/{created['id']}")
    rows = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#observation-table tbody tr"),
                "no observation table on the scorecard page")
    cells = [[c.text for c in row.find_elements(By.CSS_SELECTOR, "td, th")] for row in rows]
    assert cells[0][:3] == ["1", "合肥分会场", "75.00"], cells
    assert cells[1][0] == "—" and cells[1][1] == "芜湖分会场" and "未督查" in cells[1][2], cells
    notes = driver.find_element(By.ID, "observation-notes").text
    assert "08:57" in notes and "最后一人就座的时间" in notes
    toc = driver.find_element(By.CSS_SELECTOR, "a[data-target='sc-observation']")
    assert toc.text == "会场督查"
    full_page_screenshot(driver, "evaluate-observation-desktop.png")
    assert script_errors(driver) == []


def test_the_console_marks_a_rater_group_as_observers(server, browser, accounts):
    driver = browser
    organizer = accounts["organizer"]
    set_viewport(driver, DESKTOP, mobile=False)
    sign_in(driver, server, organizer["name"], organizer["password"], "/console#/evaluations/new?questionnaire=teleconference")
    console_view(driver, "evaluation-new")
    title = driver.find_element(By.CSS_SELECTOR, '[data-path="title"] input')
    click(driver, title)
    title.send_keys(Keys.CONTROL, "a", Keys.DELETE)
    title.send_keys(f"全省安全生产电视电话会议（督查员 {uuid.uuid4().hex[:6]}）")
    venues = driver.find_element(By.CSS_SELECTOR, '[data-path="venues"] textarea')
    click(driver, venues)
    venues.send_keys("合肥分会场\n芜湖分会场 | Wuhu")
    # Observers prove who they are with codes bound to their venue.
    click(driver, driver.find_element(By.CSS_SELECTOR, 'label[data-access="invitation"]'))
    click(driver, driver.find_element(By.CSS_SELECTOR, 'button.preset[data-preset="attendees"]'))
    click(driver, driver.find_element(By.CSS_SELECTOR, 'button.preset[data-preset="observers"]'))
    attendees = driver.find_element(By.ID, driver.find_element(
        By.CSS_SELECTOR, '[data-path="raterGroups[0].observer"] label').get_attribute("for"))
    observers = driver.find_element(By.ID, driver.find_element(
        By.CSS_SELECTOR, '[data-path="raterGroups[1].observer"] label').get_attribute("for"))
    assert not attendees.is_selected() and observers.is_selected()
    assert observers.accessible_name.startswith("督查员")
    # The overview gives the survey's shares without the observers.
    overview = driver.find_element(By.CSS_SELECTOR, ".create-overview").text
    assert "参会人员 100%" in overview and "督查员 督查，不计分" in overview, overview
    full_page_screenshot(driver, "console-observer-group-desktop.png")
    click(driver, driver.find_element(By.ID, "create-submit"))
    console_view(driver, "evaluation")
    evaluation_id = driver.current_url.split("#/evaluations/")[1].split("/")[0].split("?")[0]
    status, evaluation = api(server, "GET", f"/api/evaluations/{evaluation_id}")
    assert status == 200
    groups = {g["id"]: g for g in evaluation["raterGroups"]}
    assert "observer" not in groups["attendees"]
    assert groups["observers"]["observer"] is True
    assert groups["observers"]["checklist"] == {"id": "venue-observation", "version": 1}
    assert evaluation["access"] == "invitation"
    assert script_errors(driver) == []
