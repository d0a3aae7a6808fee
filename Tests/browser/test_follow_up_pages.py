"""Follow-up of decisions in a real browser against the real server.

An organizer issues a responsible unit's link in the console's 督办 tab; the unit opens the
link on a phone, without an account, and reports its task done with evidence; the organizer's
view then shows the higher implementation rate. A blocked report without a reason is refused
on the page before anything is sent.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import selenium  # noqa: F401  (a missing selenium fails the run rather than skipping it)

from selenium.webdriver.common.by import By  # noqa: E402

from test_accessibility import Checker  # noqa: E402
from support import (  # noqa: E402
    PHONE,
    api,
    click,
    console_view,
    full_page_screenshot,
    script_errors,
    sign_in,
    start_chromium,
    wait,
)


def test_a_unit_reports_over_its_link_and_the_rate_moves(server, browser, accounts, make_evaluation):
    meeting = (dt.datetime.now(ZoneInfo("Asia/Shanghai")).date() - dt.timedelta(days=5)).isoformat()
    evaluation = make_evaluation(title="全省防汛抗旱工作视频会议", meetingDate=meeting)
    status, added = api(server, "POST", f"/api/evaluations/{evaluation['id']}/tasks", {"tasks": [
        {"task": "修订防汛应急预案", "unit": "省水利厅", "deadline": "2099-06-30"},
        {"task": "排查病险水库并建立台账", "unit": "省应急厅", "deadline": "2099-06-30"},
    ]})
    assert status == 201, added

    organizer = accounts["organizer"]
    driver = browser
    sign_in(driver, server, organizer["name"], organizer["password"], f"/console#/evaluations/{evaluation['id']}/follow-up")
    console_view(driver, "evaluation")
    rate = wait(driver, lambda d: d.find_element(By.ID, "fu-rate"), "the follow-up tab shows no implementation rate")
    assert rate.text.startswith("0"), rate.text

    # Issue the unit's link in the console; it is shown once, as a full address.
    click(driver, driver.find_element(By.CSS_SELECTOR, 'tr[data-unit="省应急厅"] button'))
    link_field = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, 'tr[data-unit="省应急厅"] input.fu-link'),
                      "the issued link is not shown")
    link = link_field.get_attribute("value")
    assert link.startswith(f"{server}/f/"), link
    full_page_screenshot(driver, "follow-up-console-link")

    unit = start_chromium(PHONE, mobile=True)
    try:
        unit.get(link)
        card = wait(unit, lambda d: d.find_element(By.CSS_SELECTOR, ".fu-task"), "the unit's page shows no task")
        assert "排查病险水库并建立台账" in card.text
        assert "修订防汛应急预案" not in unit.find_element(By.ID, "fu-tasks").text
        assert unit.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
        axe = Checker(unit, "phone")
        axe.check("follow-up unit page")

        # Blocked without a reason: the page says so and sends nothing.
        click(unit, card.find_element(By.CSS_SELECTOR, 'input[value="blocked"]'))
        reason = wait(unit, lambda d: d.find_element(By.CSS_SELECTOR, ".fu-task textarea[aria-required='true']"), "no reason field")
        click(unit, unit.find_element(By.CSS_SELECTOR, ".fu-task .fu-submit"))
        error = wait(unit, lambda d: d.find_element(By.CSS_SELECTOR, ".fu-task .fu-form-error").text or None, "no error for a missing reason")
        assert "原因" in error
        reason = unit.find_element(By.CSS_SELECTOR, ".fu-task textarea[aria-required='true']")
        assert unit.switch_to.active_element == reason
        assert reason.get_attribute("aria-invalid") == "true"
        status, overview = api(server, "GET", f"/api/evaluations/{evaluation['id']}/follow-up")
        assert overview["history"] == []

        # Done, with evidence.
        click(unit, unit.find_element(By.CSS_SELECTOR, '.fu-task input[value="done"]'))
        evidence = unit.find_element(By.CSS_SELECTOR, ".fu-task textarea:not([aria-required])")
        evidence.send_keys("已建立台账，排查水库 37 座")
        click(unit, unit.find_element(By.CSS_SELECTOR, ".fu-task .fu-submit"))
        wait(unit, lambda d: "已报送" in d.find_element(By.ID, "fu-notice").text, "the report was not confirmed")
        badge = unit.find_element(By.CSS_SELECTOR, ".fu-task .fu-badge[data-status]")
        assert badge.get_attribute("data-status") == "done"
        assert "已建立台账" in unit.find_element(By.CSS_SELECTOR, ".fu-task .fu-latest").text
        # The page in English, by the same switch as the other pages.
        click(unit, unit.find_element(By.CSS_SELECTOR, '#lang-switch [data-lang="en"]'))
        wait(unit, lambda d: "Follow-up report" in d.find_element(By.ID, "fu-title").text, "no English title")
        assert unit.find_element(By.CSS_SELECTOR, ".fu-task .fu-badge[data-status]").text == "Done"
        axe.check("follow-up unit page after a report")
        axe.assert_clean()
        full_page_screenshot(unit, "follow-up-unit-page")
        assert script_errors(unit) == []
    finally:
        unit.quit()

    # The organizer's view shows the changed rate.
    driver.refresh()
    console_view(driver, "evaluation")
    wait(driver, lambda d: d.find_element(By.ID, "fu-rate").text.startswith("50"), "the rate did not move to 50 %")
    # The meeting was five days ago: the first round (due in 25 days) is open and counts the report.
    first_round = driver.find_element(By.CSS_SELECTOR, '#fu-round-table tr[data-round="1"]')
    assert "50" in first_round.text or first_round.find_element(By.CSS_SELECTOR, "[data-rate]").get_attribute("data-rate") == "0.5"
    status_cell = driver.find_element(By.CSS_SELECTOR, '#fu-task-table tr[data-status="done"]')
    assert "排查病险水库并建立台账" in status_cell.text
    assert script_errors(driver) == []
