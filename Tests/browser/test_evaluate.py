"""The evaluator pages (/evaluate) in a real browser against the real server.

Two evaluations of the shipped `teleconference` questionnaire are made through the JSON
API, with responses (one of them a speeder); the browser then reads the list, the
scorecard, screening (exclude and count again), the downloads and the comparison, and
every figure on the page is checked against the JSON API. The browser is signed in as an
evaluator (the role that reads raw answers and screens them).
"""

from __future__ import annotations

import json
import uuid

import pytest

import selenium  # noqa: F401  (a missing selenium fails the run rather than skipping it)

from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait as _WebDriverWait  # noqa: E402

from support import (
    click,  # noqa: E402
    DESKTOP, PHONE, api, create_bilingual_evaluation, full_page_screenshot, fetch_raw, set_viewport, sign_in, submit_response, teleconference_answers,
)

WAIT = 15
SPEEDER_SECONDS = 3
MIN_SECONDS = 30


# ---------------------------------------------------------------- data


def _create(server: str, title: str, date: str, expected: int) -> dict:
    return create_bilingual_evaluation(server, title, date, expected=expected, min_seconds=MIN_SECONDS)


@pytest.fixture(scope="module")
def scenario(server) -> dict:
    """A later meeting with seven responses (one a speeder) and an earlier, closed one."""
    tag = uuid.uuid4().hex[:6]
    main = _create(server, f"全省政务服务工作电视电话会议（评估页测试 {tag}）", "2026-11-20", 20)
    slug = main["slug"]
    for venue, group, level, words in [
        ("hefei", "leaders", 5, "会议紧凑，任务明确。"),
        ("wuhu", "leaders", 4, None),
        ("hefei", "attendees", 4, "建议会议材料提前一天下发。"),
        ("hefei", "attendees", 3, None),
        ("wuhu", "attendees", 3, "分会场声音偶有回声。"),
        ("wuhu", "attendees", 2, None),
    ]:
        submit_response(server, slug, venue, group, teleconference_answers(level, words), seconds=150)
    speeder = submit_response(server, slug, "wuhu", "attendees", teleconference_answers(5), seconds=SPEEDER_SECONDS)

    earlier = _create(server, f"全省政务服务工作电视电话会议（上半年 {tag}）", "2026-05-14", 10)
    for venue, group, level in [("hefei", "leaders", 3), ("wuhu", "attendees", 2), ("hefei", "attendees", 3)]:
        submit_response(server, earlier["slug"], venue, group, teleconference_answers(level), seconds=120)
    status, closed = api(server, "POST", f"/api/evaluations/{earlier['id']}/close")
    assert status == 200, (status, closed)

    screening = scorecard(server, main["id"])
    assert screening["responses"]["flagged"]["speeder"] == 1, screening["responses"]
    assert screening["responses"]["included"] == 7, "flagged responses still count (excludeFlagged false)"
    return {"main": main, "earlier": earlier, "speeder": speeder}


def scorecard(server: str, evaluation_id: str, locale: str = "zh") -> dict:
    status, body = api(server, "GET", f"/api/evaluations/{evaluation_id}/scorecard.json?locale={locale}")
    assert status == 200, (status, body)
    return body


@pytest.fixture(autouse=True)
def signed_in_as_evaluator(browser, server, accounts):
    """Every test here starts signed in as the evaluator."""
    evaluator = accounts["evaluator"]
    sign_in(browser, server, evaluator["name"], evaluator["password"], "/evaluate")


# ---------------------------------------------------------------- page helpers


def WebDriverWait(driver, timeout):  # noqa: N802  (a drop-in for selenium's class)
    """Selenium's wait that also retries when the page re-rendered under it (stale elements)."""
    return _WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,))


def open_view(driver, server: str, route: str, ready_css: str):
    """Opens /evaluate at a hash route and waits until `ready_css` is on the page."""
    driver.get(f"{server}/evaluate#{route}")
    return wait_css(driver, ready_css)


def wait_css(driver, css: str, timeout: float = WAIT):
    return WebDriverWait(driver, timeout).until(
        lambda d: next(iter(d.find_elements(By.CSS_SELECTOR, css)), None),
        message=f"nothing matches {css!r}",
    )


def wait_text(driver, css: str, text: str, timeout: float = WAIT) -> None:
    WebDriverWait(driver, timeout).until(
        lambda d: any(text in e.text for e in d.find_elements(By.CSS_SELECTOR, css)),
        message=f"{css!r} never showed {text!r}",
    )


def wait_value(driver, css: str, value: str, timeout: float = WAIT) -> None:
    WebDriverWait(driver, timeout).until(
        lambda d: any(e.get_attribute("data-value") == value for e in d.find_elements(By.CSS_SELECTOR, css)),
        message=f"{css!r} never had data-value {value!r}",
    )




def page_problems(driver) -> list[str]:
    """Script errors in the page and texts the page asked for but does not have."""
    problems = []
    try:
        problems += [e["message"] for e in driver.get_log("browser")
                     if e.get("level") == "SEVERE" and "Failed to load resource" not in e["message"]]
    except Exception:  # the log is a Chromium extra
        pass
    problems += driver.execute_script("return [...(window.__evaluateMissingTexts || [])]") or []
    return problems


def both_widths(driver, name: str) -> None:
    """Screenshots of the current view at phone and desktop width (ends at phone width)."""
    set_viewport(driver, PHONE, mobile=True)
    full_page_screenshot(driver, f"evaluate-phone-{name}.png")
    set_viewport(driver, DESKTOP, mobile=False)
    full_page_screenshot(driver, f"evaluate-desktop-{name}.png")
    set_viewport(driver, PHONE, mobile=True)


# ---------------------------------------------------------------- tests


def test_list_and_scorecard_show_the_api_figures(server, scenario, browser):
    main = scenario["main"]
    expected = scorecard(server, main["id"])

    open_view(browser, server, "/evaluations", f"tr[data-evaluation-id='{main['id']}']")
    row = browser.find_element(By.CSS_SELECTOR, f"tr[data-evaluation-id='{main['id']}']")
    assert main["title"] in row.text
    assert "2026-11-20" in row.text and "电视电话会议质量评估" in row.text and "收集中" in row.text
    assert "7" in row.find_element(By.CSS_SELECTOR, ".count-main").text
    # Filtering by the title's words narrows the list to this one evaluation.
    search = browser.find_element(By.XPATH, "//label[normalize-space(.)='搜索']/following-sibling::input")
    search.send_keys(main["title"][-12:])
    WebDriverWait(browser, WAIT).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#evaluations-table tbody tr")) == 1)
    both_widths(browser, "list")

    row = browser.find_element(By.CSS_SELECTOR, f"tr[data-evaluation-id='{main['id']}']")
    click(browser, row.find_element(By.CSS_SELECTOR, "a.row-link"))
    overall = wait_css(browser, "#overall-score")
    assert overall.text == f"{expected['overall']['score']:.2f}"
    assert float(overall.get_attribute("data-value")) == expected["overall"]["score"]
    assert browser.find_element(By.CSS_SELECTOR, "#included-count").get_attribute("data-value") == str(expected["responses"]["included"])
    low, high = expected["overall"]["ci95"]
    assert browser.find_element(By.ID, "overall-ci").text == f"{low:.2f} – {high:.2f}"
    assert expected["overall"]["grade"] in browser.find_element(By.ID, "sc-overall").text

    # Dimensions: a chart with a text alternative, and the table with one row per dimension.
    dimensions = browser.find_elements(By.CSS_SELECTOR, "#dimensions-table tbody tr")
    assert [r.get_attribute("data-dimension") for r in dimensions] == [d["id"] for d in expected["dimensions"]]
    for row, dimension in zip(dimensions, expected["dimensions"]):
        assert row.find_element(By.TAG_NAME, "th").text == dimension["title"]
        assert f"{dimension['score']:.2f}" in row.text
    chart = browser.find_element(By.CSS_SELECTOR, "#sc-dimensions svg.bar-chart")
    assert chart.get_attribute("role") == "img" and chart.get_attribute("aria-labelledby")
    # Rater groups with their applied weights, venues ranked by score.
    groups = browser.find_elements(By.CSS_SELECTOR, "#groups-table tbody tr")
    assert len(groups) == 2 and "33.3%" in groups[0].text and "66.7%" in groups[1].text
    venues = [r.get_attribute("data-venue") for r in browser.find_elements(By.CSS_SELECTOR, "#venues-table tbody tr")]
    by_score = sorted(expected["venues"], key=lambda v: -v["score"])
    assert venues == [v["id"] for v in by_score]
    # Every question has its card; comments are listed.
    for question in expected["questions"]:
        assert browser.find_elements(By.ID, f"q-{question['id']}"), question["id"]
    assert len(browser.find_elements(By.CSS_SELECTOR, "#comments-list .comment")) == expected["commentCount"] == 3

    # Downloads are real links to the server's files.
    csv_link = browser.find_element(By.ID, "download-scorecard-csv")
    status, headers, body = fetch_raw(csv_link.get_attribute("href"))
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert body.startswith(b"\xef\xbb\xbf"), "the CSV starts with a byte-order mark for Excel"
    rows = body.decode("utf-8-sig").split("\r\n")
    assert rows[0].startswith("section,id,name")
    overall_rows = [r for r in rows if r.startswith("overall,")]
    assert len(overall_rows) == 1 and f",{expected['overall']['score']:g}," in overall_rows[0] + ","
    status, _, body = fetch_raw(browser.find_element(By.ID, "download-scorecard-json").get_attribute("href"))
    assert status == 200 and json.loads(body)["overall"]["score"] == expected["overall"]["score"]
    for link_id, kind in [("download-scorecard-html", "text/html"), ("download-responses-csv", "text/csv"),
                          ("download-codebook-csv", "text/csv"),
                          ("download-scorecard-xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                          ("download-responses-wide-csv", "text/csv"), ("download-responses-sps", "text/plain")]:
        status, headers, body = fetch_raw(browser.find_element(By.ID, link_id).get_attribute("href"))
        assert status == 200 and headers["content-type"].startswith(kind), link_id
    status, _, body = fetch_raw(browser.find_element(By.ID, "download-responses-csv").get_attribute("href"))
    assert scenario["speeder"].encode() in body

    both_widths(browser, "scorecard")
    assert page_problems(browser) == []


def test_language_switch_is_remembered(server, scenario, browser):
    main = scenario["main"]
    english = scorecard(server, main["id"], "en")
    open_view(browser, server, f"/evaluations/{main['id']}", "#overall-score")
    assert browser.execute_script("return document.documentElement.lang") == "zh-CN"

    button = browser.find_element(By.XPATH, "//button[normalize-space(.)='English']")
    assert button.get_attribute("aria-pressed") == "false"
    button.send_keys(Keys.ENTER)
    wait_text(browser, "#sc-overall-title", "Overall result")
    assert browser.execute_script("return document.documentElement.lang") == "en"
    # Names from the scorecard come in English too, and the downloads ask for English.
    dimensions = browser.find_elements(By.CSS_SELECTOR, "#dimensions-table tbody th")
    assert [d.text for d in dimensions] == [d["title"] for d in english["dimensions"]]
    assert browser.find_element(By.ID, "download-scorecard-csv").get_attribute("href").endswith("locale=en")

    browser.refresh()
    wait_text(browser, "#sc-overall-title", "Overall result")
    assert browser.find_element(By.XPATH, "//button[normalize-space(.)='English']").get_attribute("aria-pressed") == "true"
    browser.find_element(By.XPATH, "//button[normalize-space(.)='中文']").click()
    wait_text(browser, "#sc-overall-title", "总体评价")
    assert page_problems(browser) == []


def test_exclude_and_count_again_update_the_scores(server, scenario, browser):
    main = scenario["main"]
    speeder = scenario["speeder"]
    before = scorecard(server, main["id"])
    included = before["responses"]["included"]

    open_view(browser, server, f"/evaluations/{main['id']}/screening", f"tr[data-response-id='{speeder}']")
    row = browser.find_element(By.CSS_SELECTOR, f"tr[data-response-id='{speeder}']")
    assert "答题过快" in row.text and "计入" in row.text
    assert browser.find_element(By.ID, "screening-included").get_attribute("data-value") == str(included)
    assert browser.find_element(By.ID, "screening-overall").text == f"{before['overall']['score']:.2f}"

    # The keyboard opens the dialog; focus lands in the reason field.
    exclude = row.find_element(By.CSS_SELECTOR, "button[data-action='exclude']")
    assert exclude.get_attribute("aria-label") == f"剔除答卷 {speeder[:8]}…"
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", exclude)
    exclude.send_keys(Keys.ENTER)
    dialog = wait_css(browser, "dialog#reason-dialog[open]")
    reason = browser.switch_to.active_element
    assert reason.tag_name == "textarea" and reason.accessible_name.startswith("原因")
    assert speeder in dialog.text

    # A reason is required: an empty one is refused in the page and nothing is sent.
    dialog.find_element(By.CSS_SELECTOR, "button[data-action='confirm']").send_keys(Keys.ENTER)
    wait_text(browser, "#reason-dialog .dialog-error", "请填写原因")
    assert reason.get_attribute("aria-invalid") == "true"
    assert scorecard(server, main["id"])["responses"]["included"] == included
    reason.send_keys("用时过短，疑似未认真作答")
    full_page_screenshot(browser, "evaluate-phone-dialog.png")
    dialog.find_element(By.CSS_SELECTOR, "button[data-action='confirm']").send_keys(Keys.ENTER)

    # The figures change in place, without a reload, and match the API.
    wait_value(browser, "#screening-included", str(included - 1))
    assert not browser.find_elements(By.CSS_SELECTOR, "dialog[open]")
    after = scorecard(server, main["id"])
    assert after["responses"]["included"] == included - 1
    assert after["responses"]["excluded"]["manual"] == 1
    assert browser.find_element(By.ID, "screening-overall").text == f"{after['overall']['score']:.2f}"
    assert after["overall"]["score"] != before["overall"]["score"]
    row = browser.find_element(By.CSS_SELECTOR, f"tr[data-response-id='{speeder}']")
    assert "用时过短，疑似未认真作答" in row.text and "未计入" in row.text
    assert browser.switch_to.active_element.get_attribute("data-action") == "include", "focus returns to the row"
    WebDriverWait(browser, WAIT).until(
        lambda d: "已剔除答卷" in d.find_element(By.ID, "status").get_attribute("textContent"),
        message="the change is announced in the live region",
    )
    both_widths(browser, "screening")

    # The scorecard tab shows the new figures too.
    click(browser, browser.find_element(By.XPATH, "//nav[contains(@class,'view-tabs')]//a[normalize-space(.)='评分报告']"))
    wait_value(browser, "#included-count", str(included - 1))
    assert browser.find_element(By.ID, "overall-score").text == f"{after['overall']['score']:.2f}"
    assert "用时过短，疑似未认真作答" in browser.find_element(By.ID, "sc-quality").text

    # Count it again, with a reason.
    click(browser, browser.find_element(By.XPATH, "//nav[contains(@class,'view-tabs')]//a[starts-with(normalize-space(.),'数据筛查')]"))
    include = wait_css(browser, f"button[data-action='include'][data-response-id='{speeder}']")
    click(browser, include)
    dialog = wait_css(browser, "dialog#reason-dialog[open]")
    browser.switch_to.active_element.send_keys("复核后确认有效")
    dialog.find_element(By.CSS_SELECTOR, "button[data-action='confirm']").click()
    wait_value(browser, "#screening-included", str(included))
    again = scorecard(server, main["id"])
    assert again["responses"]["included"] == included
    assert again["overall"]["score"] == before["overall"]["score"]
    assert browser.find_element(By.ID, "screening-overall").text == f"{before['overall']['score']:.2f}"

    # The scorecard's data quality shows the whole history: excluded, then included again.
    click(browser, browser.find_element(By.XPATH, "//nav[contains(@class,'view-tabs')]//a[normalize-space(.)='评分报告']"))
    wait_value(browser, "#included-count", str(included))
    rows = wait_css(browser, "#exclusion-history tbody").find_elements(By.CSS_SELECTOR, "tr")
    assert [r.get_attribute("data-action") for r in rows][-2:] == ["excluded", "included"]
    assert "复核后确认有效" in rows[-1].text and "恢复" in rows[-1].text
    assert page_problems(browser) == []


def test_an_api_error_is_shown_in_the_dialog(server, scenario, browser):
    main = scenario["main"]
    speeder = scenario["speeder"]
    open_view(browser, server, f"/evaluations/{main['id']}/screening", f"button[data-action='exclude'][data-response-id='{speeder}']")
    click(browser, browser.find_element(By.CSS_SELECTOR, f"button[data-action='exclude'][data-response-id='{speeder}']"))
    dialog = wait_css(browser, "dialog#reason-dialog[open]")
    # Someone else excludes the same response meanwhile.
    path = f"/api/evaluations/{main['id']}/responses/{speeder}/exclusion"
    status, body = api(server, "POST", path, {"reason": "另一位评估人员已处理"})
    assert status == 201, (status, body)
    try:
        browser.switch_to.active_element.send_keys("重复提交")
        dialog.find_element(By.CSS_SELECTOR, "button[data-action='confirm']").click()
        wait_text(browser, "#reason-dialog .dialog-error", "已经被人工剔除")
        error = browser.find_element(By.CSS_SELECTOR, "#reason-dialog .dialog-error")
        assert "already_excluded" in error.text and error.get_attribute("role") == "alert"
        assert browser.find_elements(By.CSS_SELECTOR, "dialog[open]"), "the dialog stays open on an error"
        # Escape closes it; focus returns to the row's button.
        browser.switch_to.active_element.send_keys(Keys.ESCAPE)
        WebDriverWait(browser, WAIT).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"))
        assert browser.switch_to.active_element.get_attribute("data-response-id") == speeder
    finally:
        status, body = api(server, "DELETE", path, {"reason": "测试结束，恢复"})
        assert status == 200, (status, body)
    assert page_problems(browser) == []


def test_comparison_over_time(server, scenario, browser):
    status, comparison = api(server, "GET", "/api/questionnaires/teleconference/comparison")
    if status == 404:
        pytest.skip("GET /api/questionnaires/{id}/comparison answers 404: this server build has no comparison endpoint yet")
    assert status == 200, (status, comparison)
    ours = {e["id"]: e for e in comparison["evaluations"]
            if e["id"] in (scenario["main"]["id"], scenario["earlier"]["id"])}
    assert len(ours) == 2

    open_view(browser, server, "/compare/teleconference", "#compare-table")
    for evaluation_id, expected in ours.items():
        row = browser.find_element(By.CSS_SELECTOR, f"#compare-table tr[data-evaluation-id='{evaluation_id}']")
        assert expected["title"] in row.text and expected["meetingDate"] in row.text
        assert row.find_element(By.CSS_SELECTOR, "td[data-value]").text == f"{expected['overall']:.2f}"
    dates = [r.find_element(By.TAG_NAME, "time").text for r in browser.find_elements(By.CSS_SELECTOR, "#compare-table tbody tr")]
    assert dates == sorted(dates), "meetings are in date order"

    chart = browser.find_element(By.CSS_SELECTOR, "svg.line-chart")
    assert chart.get_attribute("role") == "img"
    title_id = chart.get_attribute("aria-labelledby").split()[0]
    assert "电视电话会议质量评估" in browser.find_element(By.ID, title_id).get_attribute("textContent")
    lines = chart.find_elements(By.CSS_SELECTOR, "g.series-line")
    assert len(lines) == 1 + len(comparison["dimensions"])
    legend = browser.find_elements(By.CSS_SELECTOR, "#compare-legend input[type='checkbox']")
    assert len(legend) == len(lines) and all(box.is_selected() for box in legend)
    assert legend[0].accessible_name == "综合"
    both_widths(browser, "compare")

    # Overall only: one line left; a legend checkbox brings a dimension back.
    click(browser, browser.find_element(By.XPATH, "//button[normalize-space(.)='只看综合']"))
    WebDriverWait(browser, WAIT).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "svg.line-chart g.series-line")) == 1)
    legend = browser.find_elements(By.CSS_SELECTOR, "#compare-legend input[type='checkbox']")
    legend[1].send_keys(Keys.SPACE)
    WebDriverWait(browser, WAIT).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "svg.line-chart g.series-line")) == 2)
    assert page_problems(browser) == []


def test_any_response_can_be_excluded_from_the_full_list(server, scenario, browser):
    main = scenario["main"]
    included = scorecard(server, main["id"])["responses"]["included"]
    open_view(browser, server, f"/evaluations/{main['id']}/screening", "#load-all-responses")

    # A malformed id is refused in the page.
    field = browser.find_element(By.XPATH, "//label[normalize-space(.)='答卷编号']/following-sibling::input")
    field.send_keys("not-an-id", Keys.ENTER)
    wait_text(browser, ".field-error", "请输入完整的答卷编号")
    assert field.get_attribute("aria-invalid") == "true"

    # Every response, loaded from the raw export, can be excluded with a common reason.
    click(browser, browser.find_element(By.ID, "load-all-responses"))
    WebDriverWait(browser, WAIT).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#screening-table tbody tr[data-response-id]")) == 7)
    assert browser.find_element(By.XPATH, "//fieldset[@id='screening-filter']//input[@value='all']").is_selected()
    unflagged = next(r for r in browser.find_elements(By.CSS_SELECTOR, "#screening-table tbody tr[data-response-id]")
                     if r.get_attribute("data-response-id") != scenario["speeder"])
    response_id = unflagged.get_attribute("data-response-id")
    click(browser, unflagged.find_element(By.CSS_SELECTOR, "button[data-action='exclude']"))
    dialog = wait_css(browser, "dialog#reason-dialog[open]")
    click(browser, dialog.find_element(By.XPATH, ".//button[normalize-space(.)='同一人重复提交']"))
    assert browser.switch_to.active_element.get_attribute("value") == "同一人重复提交"
    dialog.find_element(By.CSS_SELECTOR, "button[data-action='confirm']").click()
    try:
        wait_value(browser, "#screening-included", str(included - 1))
        status, report = api(server, "GET", f"/api/evaluations/{main['id']}/screening")
        manual = next(r for r in report["responses"] if r["id"] == response_id)["manualExclusion"]
        assert manual["reason"] == "同一人重复提交"
        row = browser.find_element(By.CSS_SELECTOR, f"tr[data-response-id='{response_id}']")
        assert "同一人重复提交" in row.text
    finally:
        status, body = api(server, "DELETE", f"/api/evaluations/{main['id']}/responses/{response_id}/exclusion", {"reason": "测试结束，恢复"})
        assert status == 200, (status, body)
    assert page_problems(browser) == []


def test_findings_and_the_opinion_on_the_scorecard_page(server, scenario, browser):
    """The findings are the API's; the evaluator writes the opinion, which the scorecard then
    carries (and with it the printable report), and a bad one is refused with the server's words."""
    main = scenario["main"]
    card = scorecard(server, main["id"])
    open_view(browser, server, f"/evaluations/{main['id']}", "#findings")
    shown = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#findings li")]
    assert len(shown) == len(card["findings"])
    for text, finding in zip(shown, card["findings"]):
        assert finding["text"] in text
    wait_text(browser, ".opinion-status", "草稿")

    box = wait_css(browser, "textarea.opinion-input")
    box.clear()
    box.send_keys("   ")
    click(browser, browser.find_element(By.ID, "save-opinion"))
    wait_css(browser, ".opinion-form .form-error *")
    assert scorecard(server, main["id"])["opinion"] is None

    box.clear()
    box.send_keys("会议组织有序；建议分会场提前调试音视频设备。")
    click(browser, browser.find_element(By.ID, "save-opinion"))
    wait_text(browser, ".opinion-status", "于")
    written = scorecard(server, main["id"])["opinion"]
    assert written["text"] == "会议组织有序；建议分会场提前调试音视频设备。"
    status, _, html = fetch_raw(f"{server}/api/evaluations/{main['id']}/scorecard.html")
    assert status == 200 and "会议组织有序；建议分会场提前调试音视频设备。" in html.decode()
    both_widths(browser, "opinion")
    assert page_problems(browser) == []
