"""Invitation codes end to end, in a real browser against the real server.

An organizer creates an invitation-only evaluation with venues in the console, opens it, makes
five codes bound to one venue and gets the printable sheet; an attendee types one of them (in
lower case, with spaces) on the attendee page, finds the venue preset and locked, submits and is
thanked; the same code is then refused as already used.
"""

from __future__ import annotations

import json
import re
import time
import uuid

import selenium  # noqa: F401  (a missing selenium fails the run rather than skipping it)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

from support import (  # noqa: E402
    click,
    click_selector,
    console_view,
    script_errors,
    wait,
    DESKTOP,
    PHONE,
    all_questions,
    answer,
    api,
    full_page_screenshot,
    is_shown,
    public_evaluation,
    set_viewport,
    sign_in,
    teleconference_answers,
    wait_state,
)

WAIT = 15
CODE = re.compile(r"^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{5}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{5}$")










def fill_form(driver, evaluation: dict) -> dict:
    default = evaluation["questionnaire"]["locales"][0]
    answered = {}
    for question in all_questions(evaluation):
        if is_shown(driver, question, default, default):
            answered[question["id"]] = answer(driver, question, default, default)
    return answered


def enter_code(driver, text: str) -> None:
    field = wait(driver, lambda d: d.find_element(By.ID, "invitation-code"), "no invitation code field")
    field.clear()
    field.send_keys(text)
    click(driver, driver.find_element(By.ID, "code-submit"))


def test_invitation_codes_from_the_console_to_the_attendee(server, browser, accounts):
    driver = browser
    organizer = accounts["organizer"]
    title = f"全省营商环境优化推进会（邀请码 {uuid.uuid4().hex[:6]}）"
    set_viewport(driver, DESKTOP, mobile=False)
    sign_in(driver, server, organizer["name"], organizer["password"], "/console#/evaluations/new?questionnaire=teleconference")
    console_view(driver, "evaluation-new")

    # The form: title, venues pasted, the access choice explained in one line each.
    title_input = driver.find_element(By.CSS_SELECTOR, '[data-path="title"] input')
    click(driver, title_input)
    title_input.send_keys(title)
    venues = driver.find_element(By.CSS_SELECTOR, '[data-path="venues"] textarea')
    click(driver, venues)
    venues.send_keys("合肥分会场 | Hefei\n芜湖分会场 | Wuhu")
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#venue-preview li")) == 2, "the venues were not listed")
    open_choice = driver.find_element(By.ID, "access-open")
    invitation_choice = driver.find_element(By.ID, "access-invitation")
    assert open_choice.is_selected() and not invitation_choice.is_selected(), "open link is the default"
    assert "邀请码" in invitation_choice.accessible_name
    hint = driver.find_element(By.ID, "access-invitation-hint").text
    assert "一次性邀请码" in hint
    click(driver, driver.find_element(By.CSS_SELECTOR, 'label[data-access="invitation"]'))
    assert invitation_choice.is_selected()
    click(driver, driver.find_element(By.CSS_SELECTOR, 'button.preset[data-preset="attendees"]'))
    # The venues pass one tablet around: after a submission the next person gets a fresh form.
    shared = driver.find_element(By.CSS_SELECTOR, '[data-path="sharedDevices"] input[type="checkbox"]')
    assert not shared.is_selected(), "personal phones are the default"
    click(driver, driver.find_element(By.CSS_SELECTOR, '[data-path="sharedDevices"] label'))
    assert shared.is_selected()
    click(driver, driver.find_element(By.ID, "create-submit"))
    console_view(driver, "evaluation")
    evaluation_id = re.search(r"#/evaluations/([0-9a-f-]{36})", driver.current_url).group(1)
    status, created = api(server, "GET", f"/api/evaluations/{evaluation_id}")
    assert status == 200 and created["access"] == "invitation", created
    assert created["sharedDevices"] is True, created
    assert [v["id"] for v in created["venues"]] == ["hefei", "wuhu"]
    assert driver.find_element(By.ID, "evaluation-access").get_attribute("data-access") == "invitation"

    # Open it.
    click(driver, driver.find_element(By.ID, "open-evaluation"))
    dialog = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "dialog[open]"), "no confirmation dialog")
    click(driver, dialog.find_element(By.CSS_SELECTOR, 'button[data-action="confirm"]'))
    wait(driver, lambda d: "收集中" in d.find_element(By.ID, "evaluation-status").text, "not open")

    # The codes tab: none yet; make five bound to Hefei (the fewest an anonymous evaluation takes).
    click_selector(driver, '.subnav a[data-tab="codes"]')
    console_view(driver, "evaluation")
    wait(driver, lambda d: d.find_element(By.ID, "codes-total").text == "0", "the code counts are missing")
    click(driver, driver.find_element(By.ID, "make-codes"))
    dialog = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "dialog#codes-dialog[open]"), "no make-codes dialog")
    count = driver.find_element(By.ID, "codes-count")
    assert driver.switch_to.active_element == count
    count.send_keys(Keys.CONTROL, "a")
    count.send_keys("5")
    Select(driver.find_element(By.ID, "codes-venue")).select_by_value("hefei")
    click(driver, driver.find_element(By.ID, "codes-create"))

    # The sheet opens at once, with the warning that the codes are shown only now.
    console_view(driver, "codes-sheet")
    assert "只显示这一次" in driver.find_element(By.ID, "codes-once").text
    cards = driver.find_elements(By.CSS_SELECTOR, "#codes-grid > li.code-card")
    assert len(cards) == 5
    codes = [card.get_attribute("data-code") for card in cards]
    assert all(CODE.match(code) for code in codes), codes
    assert len(set(codes)) == 5
    link = f"{server}{created['attendeePath']}"
    for card, code in zip(cards, codes):
        text = card.text
        assert title in text and "合肥分会场" in text and "Hefei" in text
        assert card.find_element(By.CSS_SELECTOR, ".code-value").text == code
        assert card.find_element(By.CSS_SELECTOR, ".code-link").text == link
        assert "每码限用一次" in text and "Each code works once" in text
    font = driver.execute_script("return getComputedStyle(arguments[0]).fontFamily", cards[0].find_element(By.CSS_SELECTOR, ".code-value"))
    assert "mono" in font.lower() or "consolas" in font.lower() or "menlo" in font.lower(), font
    status, summary = api(server, "GET", f"/api/evaluations/{evaluation_id}/invitations")
    # Anonymous: no used count before five are used, and none per batch.
    assert status == 200 and summary["codes"] == 5 and "used" not in summary, summary
    assert all("used" not in batch for batch in summary["batches"]), summary
    full_page_screenshot(driver, "console-codes-sheet-desktop.png")
    set_viewport(driver, PHONE, mobile=True)
    time.sleep(0.2)
    full_page_screenshot(driver, "console-codes-sheet-phone.png")
    # As printed on A4: no console frame, no warning, three cards a row (five in two rows).
    set_viewport(driver, (794, 1123), mobile=False)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not driver.find_element(By.CSS_SELECTOR, ".console-top").is_displayed()
    assert not driver.find_element(By.ID, "codes-once").is_displayed()
    tops = {round(card.rect["y"]) for card in driver.find_elements(By.CSS_SELECTOR, "#codes-grid > li")}
    assert len(tops) == 2, "five cards fill two printed rows"
    full_page_screenshot(driver, "console-codes-sheet-print-media.png")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    set_viewport(driver, DESKTOP, mobile=False)

    # Back on the codes tab, the counts.
    click(driver, driver.find_element(By.CSS_SELECTOR, ".print-toolbar a.btn-secondary"))
    console_view(driver, "evaluation")
    wait(driver, lambda d: d.find_element(By.ID, "codes-total").text == "5", "the codes tab did not count five codes")
    assert driver.find_element(By.ID, "codes-used").text == "—"
    batch = driver.find_element(By.CSS_SELECTOR, "#batch-table tbody tr")
    assert "合肥分会场" in batch.text
    full_page_screenshot(driver, "console-codes-tab-desktop.png")
    assert script_errors(driver) == []

    # An attendee, in a tab of their own, on a phone.
    console_window = driver.current_window_handle
    driver.switch_to.new_window("tab")
    set_viewport(driver, PHONE, mobile=True)
    driver.get(link)
    wait_state(driver, "code")
    field = driver.find_element(By.ID, "invitation-code")
    assert field.get_attribute("autocapitalize") == "characters"
    assert field.get_attribute("autocomplete") == "off"
    assert field.get_attribute("spellcheck") == "false"
    assert field.accessible_name == "邀请码"
    # A wrong code: the server's message, and the page stays.
    enter_code(driver, "ABCDE-FGHJK" if "ABCDE-FGHJK" not in codes else "ABCDE-FGHJM")
    wait(driver, lambda d: "邀请码无效" in d.find_element(By.ID, "invitation-code-error").text, "no message for a wrong code")
    # The view is drawn again with the message: the field is looked up anew.
    assert driver.find_element(By.ID, "invitation-code").get_attribute("aria-invalid") == "true"
    full_page_screenshot(driver, "attendee-code-wrong-phone.png")
    # The right one, in lower case with spaces.
    code = codes[0]
    typed = f" {code[:5].lower()} {code[6:].lower()} "
    enter_code(driver, typed)
    wait_state(driver, "form")
    venue = Select(driver.find_element(By.ID, "venue"))
    assert venue.first_selected_option.get_attribute("value") == "hefei", "the code's venue was not preset"
    assert not driver.find_element(By.ID, "venue").is_enabled(), "the code's venue is not locked"
    assert "邀请码" in driver.find_element(By.ID, "venue-hint").text
    # The code is kept in memory and sessionStorage only, never in the draft.
    stored = driver.execute_script("return JSON.stringify(localStorage)")
    assert code not in stored and code.replace("-", "") not in stored
    public = public_evaluation(server, created["slug"])
    assert public["access"] == "invitation"
    group = Select(driver.find_element(By.ID, "rater-group"))
    group.select_by_value("attendees")
    fill_form(driver, public)
    click(driver, driver.find_element(By.ID, "submit-button"))
    thanks = wait_state(driver, "thanks")
    assert "谢谢您的评价" in thanks.text
    full_page_screenshot(driver, "attendee-invitation-thanks-phone.png")
    status, summary = api(server, "GET", f"/api/evaluations/{evaluation_id}/invitations")
    assert "used" not in summary, summary
    counts = api(server, "GET", f"/api/evaluations/{evaluation_id}")[1]["counts"]
    assert counts["byVenue"] == {"hefei": 1}, counts

    # Another response with the same code is refused as already used.
    click(driver, driver.find_element(By.ID, "another-response"))
    wait_state(driver, "code")
    enter_code(driver, code.lower())
    wait(driver, lambda d: "已被使用" in d.find_element(By.ID, "invitation-code-error").text, "the used code was not refused")
    assert driver.find_element(By.ID, "app").get_attribute("data-state") == "code"
    full_page_screenshot(driver, "attendee-code-used-phone.png")
    driver.close()
    driver.switch_to.window(console_window)
    assert script_errors(driver) == []

    # The sheet went missing: the organizer withdraws the four unused codes.
    driver.refresh()
    console_view(driver, "evaluation")
    wait(driver, lambda d: d.find_element(By.ID, "codes-total").text == "5", "the codes tab did not come back")
    click(driver, driver.find_element(By.CSS_SELECTOR, '#batch-table button[data-action="withdraw"]'))
    dialog = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "dialog[open]"), "no confirmation")
    # Anonymous: the dialog does not say how many are left unused, nor does anything after.
    assert not re.search(r"\d", dialog.find_element(By.CSS_SELECTOR, "h2, .dialog-title").text)
    click(driver, dialog.find_element(By.CSS_SELECTOR, 'button[data-action="confirm"]'))
    wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, '#batch-table button[data-action="withdraw"]'),
         "the withdrawn batch still offers to withdraw")
    row = driver.find_element(By.CSS_SELECTOR, "#batch-table tbody tr")
    assert "已收回" in row.text
    status, summary = api(server, "GET", f"/api/evaluations/{evaluation_id}/invitations")
    assert "used" not in summary and "withdrawn" not in summary and summary["batches"][0]["isWithdrawn"], summary
    # An attendee with a withdrawn code is told so; the response made before stays.
    driver.get(link)
    wait_state(driver, "code")
    enter_code(driver, codes[1])
    wait(driver, lambda d: "收回" in d.find_element(By.ID, "invitation-code-error").text, "the withdrawn code was not refused")
    counts = api(server, "GET", f"/api/evaluations/{evaluation_id}")[1]["counts"]
    assert counts["responses"] == 1, counts
    assert script_errors(driver) == []


def test_a_code_used_meanwhile_keeps_the_answers(server, browser, make_evaluation):
    """Someone else submits with the same code while the attendee is answering: the submission
    gets 409 code_used, the page says so clearly, asks for another code and keeps the answers."""
    created = make_evaluation(access="invitation")
    status, batch = api(server, "POST", f"/api/evaluations/{created['id']}/invitations", {"count": 5, "venue": "wuhu", "raterGroup": "leaders"})
    assert status == 201, (status, batch)
    first, second = batch["codes"][:2]
    public = public_evaluation(server, created["slug"])
    browser.get(f"{server}/e/{created['slug']}?code={first.lower()}")
    wait_state(browser, "code")
    field = browser.find_element(By.ID, "invitation-code")
    assert field.get_attribute("value") == first.lower(), "the code from the link was not filled in"
    assert "code=" not in browser.current_url, "the code stays in the address bar"
    click(browser, browser.find_element(By.ID, "code-submit"))
    wait_state(browser, "form")
    assert Select(browser.find_element(By.ID, "venue")).first_selected_option.get_attribute("value") == "wuhu"
    assert Select(browser.find_element(By.ID, "rater-group")).first_selected_option.get_attribute("value") == "leaders"
    answers = fill_form(browser, public)
    # Meanwhile, elsewhere:
    body = {"id": str(uuid.uuid4()), "venue": "wuhu", "raterGroup": "leaders", "answers": teleconference_answers(4), "token": first}
    status, receipt = api(server, "POST", f"/api/public/evaluations/{created['slug']}/responses", body, token=None)
    assert status == 201, (status, receipt)
    click(browser, browser.find_element(By.ID, "submit-button"))
    wait_state(browser, "code")
    message = browser.find_element(By.ID, "invitation-code-error").text
    assert "已被使用" in message and "答案仍保留" in message, message
    draft = json.loads(browser.execute_script(
        "const k = Object.keys(localStorage).find((k) => k.endsWith(arguments[0])); return localStorage.getItem(k);", created["slug"]))
    assert draft["answers"] == answers and draft["pending"] is None
    # With the second code, the kept answers are sent.
    enter_code(browser, second)
    wait_state(browser, "form")
    click(browser, browser.find_element(By.ID, "submit-button"))
    wait_state(browser, "thanks")
    assert api(server, "GET", f"/api/evaluations/{created['id']}")[1]["counts"]["responses"] == 2
    assert script_errors(browser) == []


def test_open_access_evaluations_ask_for_no_code(server, browser, make_evaluation):
    created = make_evaluation()
    assert created.get("access", "open") == "open"
    browser.get(f"{server}/e/{created['slug']}?venue=hefei")
    wait_state(browser, "form")
    assert not browser.find_elements(By.ID, "invitation-code")
