"""Organizations and correcting evaluations in the console, in a real browser against the real
server, signed in through the sign-in page as an organizer of one organization:

- the settings tab of a draft is an edit form that saves through PATCH;
- an empty draft is deleted from there;
- an open evaluation gets a new venue, with its link and a QR code that loads at once;
- another organization's evaluation shows the "not found" page, and is not in the list;
- someone in two organizations picks one in the top bar, the lists follow it, and the choice
  is remembered.
"""

from __future__ import annotations

import urllib.parse

import pytest

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from support import TEST_PASSWORD, api, click, console_view, create_user, full_page_screenshot, sign_in, wait

OFFICE_A = "office-a"
OFFICE_B = "office-b"

BODY = {
    "questionnaire": {"id": "teleconference"},
    "title": "甲单位工作会议",
    "meetingDate": "2026-11-20",
    "venues": [{"id": "hefei", "name": "合肥分会场"}, {"id": "wuhu", "name": "芜湖分会场"}],
    "raterGroups": [{"id": "attendees", "name": "参会人员", "weight": 1}],
}


@pytest.fixture(scope="module")
def offices(server):
    for organization, name in ((OFFICE_A, {"zh": "甲单位", "en": "Office A"}), (OFFICE_B, "乙单位")):
        status, body = api(server, "POST", "/api/organizations", {"id": organization, "name": name})
        assert status in (201, 409), (status, body)
    for name, organizations in (("office-a-organizer", [OFFICE_A]), ("two-office-organizer", [OFFICE_A, OFFICE_B])):
        create_user(server, name, "organizer", TEST_PASSWORD)
        status, body = api(server, "PUT", f"/api/users/{name}/organizations", {"organizations": organizations})
        assert status == 200 and body["organizations"] == organizations, (status, body)
    return {"a": "office-a-organizer", "both": "two-office-organizer"}


def evaluation(server, organization: str, *, open_it: bool = False, **overrides) -> dict:
    status, created = api(server, "POST", "/api/evaluations", {**BODY, "organization": organization, **overrides})
    assert status == 201, (status, created)
    if open_it:
        status, created = api(server, "POST", f"/api/evaluations/{created['id']}/open")
        assert status == 200, (status, created)
    return created


def signed_in(browser, server, name: str, route: str, view: str):
    sign_in(browser, server, name, TEST_PASSWORD, "/console#" + route)
    if urllib.parse.urlparse(browser.current_url).fragment != route:
        browser.get(f"{server}/console#{route}")
    return console_view(browser, view)


def test_a_draft_is_edited_on_its_settings_tab(server, browser, offices):
    draft = evaluation(
        server, OFFICE_A, title="待修改的草稿", client="省政府办公厅",
        venues=[{"id": "hefei", "name": "合肥分会场", "expected": 40}, {"id": "wuhu", "name": "芜湖分会场"}])
    signed_in(browser, server, offices["a"], f"/evaluations/{draft['id']}/settings", "evaluation")
    form = wait(browser, lambda d: d.find_element(By.ID, "edit-evaluation"), "no edit form on the draft's settings tab")
    title = form.find_element(By.ID, "f-title")
    assert title.get_attribute("value") == "待修改的草稿"
    title.clear()
    title.send_keys("修改后的会议名称")
    venues = form.find_element(By.CSS_SELECTOR, "[data-path='venues'] textarea")
    # A venue's expected respondents are the line's last part.
    assert venues.get_attribute("value").splitlines() == ["合肥分会场 | 40", "芜湖分会场"]
    venues.send_keys("\n蚌埠分会场 | Bengbu | 25")
    wait(browser, lambda d: "应到 25 人" in d.find_element(By.CSS_SELECTOR, "#venue-preview [data-venue='bengbu']").text,
         "the preview does not show the new venue's expected respondents")
    # The report's cover fields are edited on the same form.
    assert form.find_element(By.ID, "f-client").get_attribute("value") == "省政府办公厅"
    form.find_element(By.ID, "f-reportNumber").send_keys("皖评〔2026〕18号")
    click(browser, browser.find_element(By.ID, "save-evaluation"))
    wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".page-title").text == "修改后的会议名称", "the title did not change")
    status, stored = api(server, "GET", f"/api/evaluations/{draft['id']}")
    assert status == 200 and stored["title"] == "修改后的会议名称"
    assert [venue["id"] for venue in stored["venues"]] == ["hefei", "wuhu", "bengbu"]
    assert stored["venues"][-1]["name"] == {"zh": "蚌埠分会场", "en": "Bengbu"}
    assert [venue.get("expected") for venue in stored["venues"]] == [40, None, 25]
    assert stored["client"] == "省政府办公厅" and stored["reportNumber"] == "皖评〔2026〕18号"
    assert stored["raterGroups"] == draft["raterGroups"] and stored["status"] == "draft"
    # A problem the server finds is shown next to its field, and nothing is stored.
    form = wait(browser, lambda d: d.find_element(By.ID, "edit-evaluation"), "no edit form after saving")
    title = form.find_element(By.ID, "f-title")
    title.clear()
    click(browser, browser.find_element(By.ID, "save-evaluation"))
    wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "[data-path='title'].has-issue"), "the empty title was not marked")
    assert "未能保存" in browser.find_element(By.ID, "create-summary").text
    assert api(server, "GET", f"/api/evaluations/{draft['id']}")[1]["title"] == "修改后的会议名称"
    full_page_screenshot(browser, "console-edit-draft.png")


def test_an_empty_draft_is_deleted(server, browser, offices):
    draft = evaluation(server, OFFICE_A, title="要删除的草稿")
    signed_in(browser, server, offices["a"], f"/evaluations/{draft['id']}/settings", "evaluation")
    click(browser, wait(browser, lambda d: d.find_element(By.ID, "delete-evaluation"), "no delete button on an empty draft"))
    click(browser, wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "dialog[open] [data-action='confirm']"), "no confirmation"))
    console_view(browser, "evaluation-list")
    assert api(server, "GET", f"/api/evaluations/{draft['id']}")[0] == 404
    rows = browser.find_elements(By.CSS_SELECTOR, "#evaluation-table tbody tr")
    assert all("要删除的草稿" not in row.text for row in rows)


def test_a_venue_is_added_to_an_open_evaluation_with_its_link_and_qr_code(server, browser, offices):
    opened = evaluation(server, OFFICE_A, title="已开放收集的会议", open_it=True)
    signed_in(browser, server, offices["a"], f"/evaluations/{opened['id']}/settings", "evaluation")
    assert not browser.find_elements(By.ID, "edit-evaluation") and not browser.find_elements(By.ID, "delete-evaluation")
    name = wait(browser, lambda d: d.find_element(By.ID, "new-venue-name"), "no add-venue form on an open evaluation")
    name.send_keys("蚌埠分会场 | Bengbu")
    click(browser, browser.find_element(By.ID, "add-venue"))
    link = wait(browser, lambda d: d.find_element(By.ID, "new-venue-link"), "no link for the new venue")
    assert link.get_attribute("value") == f"{server}/e/{opened['slug']}?venue=bengbu"
    image = browser.find_element(By.CSS_SELECTOR, "#new-venue-card img.qr-img")
    wait(browser, lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image), "the QR code did not load")
    status, stored = api(server, "GET", f"/api/evaluations/{opened['id']}")
    assert [venue["id"] for venue in stored["venues"]] == ["hefei", "wuhu", "bengbu"] and stored["status"] == "open"
    full_page_screenshot(browser, "console-add-venue.png")


def test_another_organizations_evaluation_is_not_found(server, browser, offices):
    foreign = evaluation(server, OFFICE_B, title="乙单位的会议")
    own = evaluation(server, OFFICE_A, title="甲单位的会议")
    signed_in(browser, server, offices["a"], f"/evaluations/{foreign['id']}", "evaluation")
    wait(browser, lambda d: d.find_element(By.ID, "evaluation-not-found"), "no not-found page")
    assert browser.find_element(By.CSS_SELECTOR, ".page-title").text == "找不到这项评价"
    assert "乙单位的会议" not in browser.find_element(By.ID, "main").text
    browser.get(f"{server}/console#/evaluations")
    console_view(browser, "evaluation-list")
    text = browser.find_element(By.ID, "evaluation-table").text
    assert "甲单位的会议" in text and "乙单位的会议" not in text
    assert browser.find_element(By.ID, "organization-current").text.endswith("甲单位")
    assert own["organization"] == OFFICE_A


def test_someone_in_two_organizations_picks_one_and_it_is_remembered(server, browser, offices):
    evaluation(server, OFFICE_A, title="甲单位的选择测试")
    evaluation(server, OFFICE_B, title="乙单位的选择测试")
    signed_in(browser, server, offices["both"], "/evaluations", "evaluation-list")
    picker = Select(wait(browser, lambda d: d.find_element(By.ID, "organization-picker"), "no organization choice"))
    assert [option.get_attribute("value") for option in picker.options] == [OFFICE_A, OFFICE_B]
    text = browser.find_element(By.ID, "evaluation-table").text
    assert "甲单位的选择测试" in text and "乙单位的选择测试" not in text
    picker.select_by_value(OFFICE_B)
    wait(browser, lambda d: "乙单位的选择测试" in d.find_element(By.ID, "evaluation-table").text, "the list did not follow the choice")
    assert "甲单位的选择测试" not in browser.find_element(By.ID, "evaluation-table").text
    # A new evaluation goes to the chosen organization.
    browser.get(f"{server}/console#/evaluations/new?questionnaire=teleconference")
    console_view(browser, "evaluation-new")
    browser.find_element(By.ID, "f-title").send_keys("乙单位新建的会议")
    click(browser, browser.find_element(By.ID, "create-submit"))
    console_view(browser, "evaluation")
    created_id = urllib.parse.unquote(urllib.parse.urlparse(browser.current_url).fragment.split("/")[2])
    assert api(server, "GET", f"/api/evaluations/{created_id}")[1]["organization"] == OFFICE_B
    browser.refresh()
    console_view(browser, "evaluation")
    assert Select(browser.find_element(By.ID, "organization-picker")).first_selected_option.get_attribute("value") == OFFICE_B
