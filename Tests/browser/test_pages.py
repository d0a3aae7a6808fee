"""What organizers, attendees and evaluators stumbled on in the pages, each checked in a real
browser against the real server: QR codes no phone can open, the printed QR sheet, one status
vocabulary, screening actions that match each response's state, the form builder's option
fields and folding dimensions, the attendee page's counts, shared devices and "other" texts,
the comparison chart, the scoring method page, and no page that scrolls sideways on a phone.

Screenshots and the printed sheet go to test-artifacts/ (pages-*.png, qr-sheet.pdf and its
pages as qr-sheet-<n>.png) to be looked at.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

import selenium  # noqa: F401  (a missing selenium fails the run rather than skipping it)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

from support import (  # noqa: E402
    ADMIN_TOKEN,
    ARTIFACTS,
    DESKTOP,
    PHONE,
    TEST_PASSWORD,
    WAIT,
    api,
    api_text,
    click,
    console_view,
    create_bilingual_evaluation,
    create_evaluation,
    create_user,
    fetch_raw,
    full_page_screenshot,
    public_evaluation,
    set_viewport,
    sign_in,
    start_chromium,
    submit_response,
    teleconference_answers,
    wait,
    wait_state,
)

LONG_VENUE = "全省加快推进“互联网+政务服务”工作电视电话会议 黄山市歙县分会场"


def iso(delta: datetime.timedelta) -> str:
    moment = datetime.datetime.now(datetime.timezone.utc) + delta
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def sign_in_as(driver, server: str, role: str, next_path: str) -> None:
    name = f"pages-{role}"
    create_user(server, name, role, TEST_PASSWORD)
    sign_in(driver, server, name, TEST_PASSWORD, next_path)


def css(driver, selector: str):
    return wait(driver, lambda d: next(iter(d.find_elements(By.CSS_SELECTOR, selector)), None), f"nothing matches {selector!r}")


# A small questionnaire of our own: a conditional question, a multiple choice with an "other"
# option, and a scored part, so that the attendee page is quick to fill in.
PAGES_QUESTIONNAIRE = """
id: pages-check
version: 1
meetingType: conference
locales: [zh, en]
title: {zh: 页面检查问卷, en: Page check questionnaire}
dimensions:
  - id: quality
    title: {zh: 会议质量, en: Quality}
    weight: 1
    questions:
      - id: overall
        type: rating
        text: {zh: 总体评价, en: Overall}
        scale: {min: 1, max: 5}
      - id: needed
        type: single
        text: {zh: 会议是否有必要召开, en: Was the meeting needed?}
        options:
          - {id: yes, text: {zh: 确有必要单独召开, en: Needed on its own}, score: 100}
          - {id: no, text: {zh: 可以不开, en: Not needed}, score: 0}
  - id: remarks
    title: {zh: 意见建议, en: Remarks}
    questions:
      - id: problems
        type: multiple
        maxSelections: 2
        required: false
        text: {zh: 主要问题, en: Main problems}
        options:
          - {id: long, text: {zh: 讲话冗长, en: Long speeches}}
          - {id: late, text: {zh: 推迟开始, en: Started late}}
          - {id: other, text: {zh: 其他（请注明）, en: Other (please say)}, other: true}
      - id: why-not
        type: text
        required: false
        showIf: {question: needed, in: [no]}
        text: {zh: 为什么可以不开, en: Why was it not needed?}
"""


@pytest.fixture(scope="module")
def pages_questionnaire(server) -> str:
    status, body = api_text(server, "POST", "/api/questionnaires", PAGES_QUESTIONNAIRE, "application/yaml")
    assert status in (200, 201), (status, body)
    return "pages-check"


def pages_evaluation(server: str, questionnaire: str, *, date: str = "2026-11-20", **extra) -> dict:
    body = {"questionnaire": {"id": questionnaire}, "title": f"页面检查会议 {uuid.uuid4().hex[:6]}", "meetingDate": date, **extra}
    return create_evaluation(server, body)


# ---------------------------------------------------------------- 1. QR codes no phone can open


def test_loopback_links_warn_on_the_distribution_page_and_the_print_sheet(server, browser, live_server):
    created = create_bilingual_evaluation(server, "全省安全生产电视电话会议（分发检查）", "2026-11-20")
    status, distribution = api(server, "GET", f"/api/evaluations/{created['id']}/distribution")
    assert status == 200, (status, distribution)
    assert distribution["publicURLConfigured"] is False
    assert distribution["addressWarning"] == "loopback", distribution
    assert distribution["baseURL"].startswith("http://127.0.0.1:")

    sign_in_as(browser, server, "organizer", f"/console#/evaluations/{created['id']}/distribution")
    warning = css(browser, "#address-warning")
    assert warning.get_attribute("data-warning") == "loopback"
    host = distribution["baseURL"].removeprefix("http://")
    assert host in warning.text and "回环地址" in warning.text
    assert "meeting-eval serve --public-url" in warning.text and "MEETING_EVAL_PUBLIC_URL" in warning.text
    full_page_screenshot(browser, "pages-phone-distribution-warning.png")

    browser.get(f"{server}/console#/evaluations/{created['id']}/print")
    sheet_warning = css(browser, "#address-warning.print-warning")
    assert "手机打不开" in sheet_warning.text

    # `serve` says so at start without --public-url, and not with it; with it nothing warns.
    plain = live_server("--no-rate-limits", admin_token=ADMIN_TOKEN)
    assert plain.base_url.startswith("http://127.0.0.1:")
    plain.stop()
    assert "--public-url is not set" in plain.log()
    configured_server = live_server("--no-rate-limits", "--public-url", "https://eval.example.gov.cn",
                                    admin_token=ADMIN_TOKEN)
    other = configured_server.base_url
    made = create_bilingual_evaluation(other, "公网地址检查", "2026-11-20")
    status, configured = api(other, "GET", f"/api/evaluations/{made['id']}/distribution")
    assert status == 200 and configured["publicURLConfigured"] is True
    assert "addressWarning" not in configured
    assert configured["links"][0]["url"].startswith("https://eval.example.gov.cn/e/")
    configured_server.stop()
    assert "--public-url is not set" not in configured_server.log()


# ---------------------------------------------------------------- 2. the printed QR sheet


def test_printed_qr_sheet_keeps_cards_whole_and_text_inside_the_cut_lines(server, browser):
    venues = [
        {"id": "shexian", "name": {"zh": LONG_VENUE, "en": "Shexian branch venue, Huangshan"}},
        {"id": "main", "name": {"zh": "主会场", "en": "Main venue"}},
        {"id": "hefei", "name": {"zh": "合肥市分会场", "en": "Hefei"}},
        {"id": "wuhu", "name": {"zh": "芜湖市分会场", "en": "Wuhu"}},
        {"id": "bengbu", "name": {"zh": "蚌埠市怀远县人民政府第二会议室分会场", "en": "Huaiyuan"}},
        {"id": "anqing", "name": {"zh": "安庆市分会场", "en": "Anqing"}},
        {"id": "chuzhou", "name": {"zh": "滁州市分会场", "en": "Chuzhou"}},
    ]
    body = {
        "questionnaire": {"id": "teleconference"},
        "title": "全省加快推进“互联网+政务服务”工作电视电话会议",
        "meetingDate": "2026-11-20",
        "venues": venues,
    }
    created = create_evaluation(server, body, open_it=False)

    set_viewport(browser, DESKTOP, mobile=False)
    sign_in_as(browser, server, "organizer", f"/console#/evaluations/{created['id']}/print")
    css(browser, "#print-grid .print-card")
    wait(browser, lambda d: d.execute_script(
        "return [...document.querySelectorAll('.qr-print img')].every((img) => img.complete && img.naturalWidth > 0)"),
        "the QR codes never loaded")

    # In print, every piece of text of a card lies inside the card's cut line.
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    outside = browser.execute_script("""
        const problems = [];
        for (const card of document.querySelectorAll('.print-card')) {
          const box = card.getBoundingClientRect();
          for (const part of card.querySelectorAll('.print-card-body > *')) {
            const r = part.getBoundingClientRect();
            if (r.left < box.left + 2 || r.right > box.right - 2 || r.top < box.top + 2 || r.bottom > box.bottom - 2) {
              problems.push(card.dataset.venue + ': ' + part.className);
            }
          }
        }
        return problems;""")
    assert outside == [], outside
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

    import base64

    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})["data"])
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "qr-sheet.pdf"
    path.write_bytes(pdf)
    assert shutil.which("pdftotext") and shutil.which("pdftoppm"), "poppler-utils is missing (scripts/install-test-deps)"
    for old in ARTIFACTS.glob("qr-sheet-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(ARTIFACTS / "qr-sheet")], check=True)
    pages = []
    number = 1
    while True:
        run = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-layout", str(path), "-"],
                             capture_output=True, text=True)
        if run.returncode != 0:
            break
        pages.append("".join(run.stdout.split()))
        number += 1
    assert len(pages) >= 2, "seven cards take more than one page"

    # A card never splits: its name, its scan instruction and its link are on one page.
    for venue in venues:
        name = "".join(venue["name"]["zh"].split())
        link = f"venue={venue['id']}"
        with_name = [i for i, text in enumerate(pages) if name in text]
        with_link = [i for i, text in enumerate(pages) if link in text]
        assert len(with_name) == 1 and with_name == with_link, (venue["id"], with_name, with_link)
    instructions = sum(text.count("请用手机扫码，对本次会议进行评价") for text in pages)
    assert instructions == len(venues)


# ---------------------------------------------------------------- 3. one status vocabulary


def test_a_scheduled_evaluation_reads_the_same_everywhere(server, browser):
    opens, closes = iso(datetime.timedelta(hours=3)), iso(datetime.timedelta(hours=6))
    body = {
        "questionnaire": {"id": "teleconference"}, "title": "全省防汛工作电视电话会议（未开始检查）",
        "meetingDate": "2026-11-21", "opensAt": opens, "closesAt": closes,
    }
    status, created = api(server, "POST", "/api/evaluations", body)
    assert status == 201, (status, created)
    status, opened = api(server, "POST", f"/api/evaluations/{created['id']}/open")
    assert status == 200 and opened["status"] == "open" and opened["phase"] == "scheduled", opened
    assert public_evaluation(server, created["slug"])["phase"] == "scheduled"

    opening = browser.execute_script(
        "return new Intl.DateTimeFormat('zh-CN', {dateStyle: 'short', timeStyle: 'short'}).format(new Date(arguments[0]))", opens)

    # The attendee page: 未开始, with the opening time.
    browser.get(f"{server}/e/{created['slug']}")
    app = wait_state(browser, "not-open")
    assert "评价未开始" in app.text and "开放时间" in app.text

    # The console: list and evaluation page, with the opening and closing times on the dashboard.
    create_user(server, "pages-admin", "admin", TEST_PASSWORD)
    sign_in(browser, server, "pages-admin", TEST_PASSWORD, "/console#/evaluations")
    console_view(browser, "evaluation-list")
    row = css(browser, f"tr[data-evaluation='{created['id']}']")
    badge = row.find_element(By.CSS_SELECTOR, "[data-phase]")
    assert badge.get_attribute("data-phase") == "scheduled" and "未开始" in badge.text and opening in badge.text
    browser.get(f"{server}/console#/evaluations/{created['id']}")
    status_badge = css(browser, "#evaluation-status [data-phase]")
    assert status_badge.get_attribute("data-phase") == "scheduled" and "未开始" in status_badge.text
    window = css(browser, "#dashboard-window")
    long_format = "return new Intl.DateTimeFormat('zh-CN', {dateStyle: 'long', timeStyle: 'short'}).format(new Date(arguments[0]))"
    assert browser.execute_script(long_format, opens) in window.find_element(By.CSS_SELECTOR, "[data-field='opens']").text
    assert browser.execute_script(long_format, closes) in window.find_element(By.CSS_SELECTOR, "[data-field='closes']").text
    full_page_screenshot(browser, "pages-phone-dashboard-scheduled.png")

    # The evaluator pages: the same word.
    browser.get(f"{server}/evaluate#/evaluations")
    badge = wait(browser, lambda d: next(iter(
        d.find_elements(By.XPATH, f"//tr[.//a[contains(@href, '{created['id']}')]]//*[@data-phase]")), None), "no badge in the list")
    assert badge.get_attribute("data-phase") == "scheduled" and "未开始" in badge.text
    for word in ("进行中",):
        assert word not in browser.find_element(By.TAG_NAME, "body").text


# ---------------------------------------------------------------- 5. screening


def test_screening_actions_follow_each_rows_state_and_show_the_answers(server, browser):
    body = {
        "questionnaire": {"id": "teleconference"}, "title": "全省审计工作会议（筛查检查）", "meetingDate": "2026-11-22",
        "venues": [{"id": "hefei", "name": "合肥分会场"}],
        "raterGroups": [{"id": "attendees", "name": "参会人员", "weight": 1}],
        "screening": {"minSeconds": 30, "excludeFlagged": True},
    }
    created = create_evaluation(server, body)
    answers = teleconference_answers(4, "会议材料可以更早下发。")
    answers["problems"] = ["overtime", "other"]
    answers["problems.other"] = "会场空调太冷"
    by_rule = submit_response(server, created["slug"], "hefei", "attendees", answers, seconds=5)
    by_hand = submit_response(server, created["slug"], "hefei", "attendees", teleconference_answers(3), seconds=5)
    submit_response(server, created["slug"], "hefei", "attendees", teleconference_answers(5), seconds=120)
    status, _ = api(server, "POST", f"/api/evaluations/{created['id']}/responses/{by_hand}/exclusion", {"reason": "重复提交"})
    assert status == 201

    # A second evaluation only flags: its speeder still counts, and may be excluded.
    counted = create_bilingual_evaluation(server, "全省审计工作会议（仅标记）", "2026-11-23", min_seconds=30)
    flagged = submit_response(server, counted["slug"], "hefei", "attendees", teleconference_answers(4), seconds=5)

    sign_in_as(browser, server, "evaluator", f"/evaluate#/evaluations/{created['id']}/screening")
    rule_row = css(browser, f"tr[data-response-id='{by_rule}']")
    hand_row = css(browser, f"tr[data-response-id='{by_hand}']")
    assert rule_row.get_attribute("data-state") == "rule"
    assert hand_row.get_attribute("data-state") == "manual"
    # Already left out by the rule: no "exclude (it will no longer count)", but "record a reason".
    assert not rule_row.find_elements(By.CSS_SELECTOR, "button[data-action='exclude']")
    record = rule_row.find_element(By.CSS_SELECTOR, "button[data-action='record']")
    assert "按筛查规则" in rule_row.text and "未计入" in rule_row.text
    assert hand_row.find_elements(By.CSS_SELECTOR, "button[data-action='include']")
    assert not hand_row.find_elements(By.CSS_SELECTOR, "button[data-action='exclude']")

    click(browser, record)
    dialog = css(browser, "dialog#reason-dialog[open]")
    assert "已按规则未计入" in dialog.text and "不再计入" not in dialog.text
    dialog.find_element(By.CSS_SELECTOR, "button[data-action='cancel']").click()
    wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"), "the dialog did not close")

    click(browser, css(browser, f"button[data-action='include'][data-response-id='{by_hand}']"))
    dialog = css(browser, "dialog#reason-dialog[open]")
    assert "仍因“答题过快”按筛查规则不计入" in dialog.text, dialog.text
    dialog.find_element(By.CSS_SELECTOR, "button[data-action='cancel']").click()
    wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"), "the dialog did not close")

    # One response's answers: question texts and the answers given, the "other" text too.
    click(browser, css(browser, f"button[data-action='view'][data-response-id='{by_rule}']"))
    shown = wait(browser, lambda d: next(iter(d.find_elements(By.CSS_SELECTOR, "#answers-dialog .answers-list")), None), "no answers")
    dialog = css(browser, "#answers-dialog")
    evaluation = public_evaluation(server, created["slug"])
    questions = {q["id"]: q for d in evaluation["questionnaire"]["dimensions"] for q in d["questions"]}
    notice = dialog.find_element(By.CSS_SELECTOR, "[data-question='notice']")
    assert questions["notice"]["text"]["zh"] in notice.text and "4 分（满分 5）" in notice.text
    problems = dialog.find_element(By.CSS_SELECTOR, "[data-question='problems']")
    assert "推迟开始或超时" in problems.text and "其他（请注明）" in problems.text and "会场空调太冷" in problems.text
    assert "会议材料可以更早下发。" in dialog.text
    assert shown.is_displayed()
    full_page_screenshot(browser, "pages-phone-answers-dialog.png")
    dialog.find_element(By.CSS_SELECTOR, "button[data-action='close']").click()
    wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"), "the answers did not close")

    browser.get(f"{server}/evaluate#/evaluations/{counted['id']}/screening")
    row = css(browser, f"tr[data-response-id='{flagged}']")
    assert row.get_attribute("data-state") == "included"
    click(browser, row.find_element(By.CSS_SELECTOR, "button[data-action='exclude']"))
    dialog = css(browser, "dialog#reason-dialog[open]")
    assert "不再计入" in dialog.text


# ---------------------------------------------------------------- 6. the form builder


def test_builder_option_fields_show_their_text_and_dimensions_fold(server):
    driver = start_chromium(DESKTOP, mobile=False)
    try:
        sign_in_as(driver, server, "organizer", "/console#/questionnaires/teleconference/edit")
        css(driver, ".dim-card")
        cards = driver.find_elements(By.CSS_SELECTOR, ".dim-card")
        assert len(cards) > 2
        open_bodies = [c for c in cards if c.find_element(By.CSS_SELECTOR, ".dim-card-body").is_displayed()]
        assert open_bodies == cards[:1], "a long questionnaire opens with its first dimension only"
        folded_height = driver.execute_script("return document.documentElement.scrollHeight")
        full_page_screenshot(driver, "pages-desktop-builder-folded.png")

        jumps = driver.find_elements(By.CSS_SELECTOR, "#dimension-jump a[data-jump]")
        assert len(jumps) == len(cards)
        jumps[2].click()
        third = driver.find_elements(By.CSS_SELECTOR, ".dim-card")[2]
        wait(driver, lambda d: third.find_element(By.CSS_SELECTOR, ".dim-card-body").is_displayed(), "the jump did not open it")
        assert driver.switch_to.active_element.get_attribute("aria-expanded") == "true"
        top = driver.execute_script("return arguments[0].getBoundingClientRect().top", third)
        assert 60 <= top < 200, top

        click(driver, driver.find_element(By.ID, "expand-all"))
        unfolded_height = driver.execute_script("return document.documentElement.scrollHeight")
        assert unfolded_height > folded_height * 2

        # Every option text shows whole (确有必要单独召开 is not cut to 确有必要单独).
        cut = driver.execute_script("""
            return [...document.querySelectorAll('.option-texts input')]
              .filter((input) => input.value && input.scrollWidth > input.clientWidth + 1)
              .map((input) => input.value);""")
        widths = driver.execute_script(
            "return [...document.querySelectorAll('.option-texts input')].map((input) => input.clientWidth)")
        assert len(widths) > 60
        assert cut == [], cut
        assert min(widths) >= 200, min(widths)
        click(driver, driver.find_element(By.ID, "collapse-all"))
        assert not any(c.find_element(By.CSS_SELECTOR, ".dim-card-body").is_displayed()
                       for c in driver.find_elements(By.CSS_SELECTOR, ".dim-card"))
        click(driver, driver.find_element(By.ID, "expand-all"))
        full_page_screenshot(driver, "pages-desktop-builder-options.png")

        # A problem inside a folded dimension: its entry in the summary opens the dimension.
        third = driver.find_elements(By.CSS_SELECTOR, ".dim-card")[2]
        score_box = third.find_element(By.CSS_SELECTOR, ".option-score")
        path = score_box.get_attribute("data-path")
        score = score_box.find_element(By.CSS_SELECTOR, "input")
        click(driver, score)
        score.send_keys(Keys.CONTROL, "a")
        score.send_keys("150")
        wait(driver, lambda d: d.find_element(By.ID, "check-status").get_attribute("data-status") == "invalid", "no problem found")
        click(driver, driver.find_element(By.ID, "collapse-all"))
        assert not third.find_element(By.CSS_SELECTOR, ".dim-card-body").is_displayed()
        summary = driver.find_element(By.ID, "issue-summary")
        entry = summary.find_element(By.CSS_SELECTOR, f'li[data-issue-path="{path}"] button')
        if not entry.is_displayed():
            click(driver, summary.find_element(By.CSS_SELECTOR, "summary"))
        click(driver, entry)
        third = driver.find_elements(By.CSS_SELECTOR, ".dim-card")[2]
        assert third.find_element(By.CSS_SELECTOR, ".dim-card-body").is_displayed()
        assert driver.switch_to.active_element.get_attribute("id") == score.get_attribute("id")
    finally:
        driver.quit()


# ---------------------------------------------------------------- 7. the attendee page


def test_attendee_page_counts_one_way_and_keeps_the_other_text(server, pages_questionnaire, browser):
    created = pages_evaluation(server, pages_questionnaire)
    browser.get(f"{server}/e/{created['slug']}")
    wait_state(browser, "form")
    # Three questions show before any answer; the fourth appears for some answers, and says so.
    assert browser.find_element(By.ID, "question-count").text == "共 3 题，另有 1 题视您的回答出现"
    assert browser.find_element(By.ID, "answered-count").text == "已答 0/3"

    def choose(question_id: str, value: str) -> None:
        click(browser, browser.find_element(By.CSS_SELECTOR, f"#q-{question_id} input[value='{value}']").find_element(By.XPATH, "ancestor::label"))

    choose("overall", "4")
    choose("needed", "no")
    conditional = css(browser, "#q-why-not")
    wait(browser, lambda d: conditional.is_displayed(), "the conditional question did not appear")
    assert "此题根据您前面的回答出现" in conditional.text
    assert browser.find_element(By.ID, "answered-count").text == "已答 2/4"

    other_box = browser.find_element(By.CSS_SELECTOR, "#q-problems .other-field")
    assert not other_box.is_displayed()
    choose("problems", "other")
    wait(browser, lambda d: other_box.is_displayed(), "no text box for the other option")
    field = other_box.find_element(By.CSS_SELECTOR, "input.other-text")
    assert field.accessible_name == "请注明"
    field.send_keys("会议室太远")
    full_page_screenshot(browser, "pages-phone-attendee-other.png")
    click(browser, browser.find_element(By.XPATH, "//button[@type='submit']"))
    app = wait_state(browser, "thanks")
    # A personal phone on an anonymous link: no second form.
    assert not browser.find_elements(By.ID, "another-response")
    assert "谢谢您的评价" in app.text

    # Stored, exported, listed with the comments, not scored.
    status, headers, raw = fetch_raw(f"{server}/api/evaluations/{created['id']}/responses.csv")
    assert status == 200
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 1 and rows[0]["problems"] == "other" and rows[0]["problems.other"] == "会议室太远"
    status, card = api(server, "GET", f"/api/evaluations/{created['id']}/scorecard.json")
    assert status == 200
    assert {"question": "problems", "option": "other", "text": "会议室太远"}.items() <= next(
        c for c in card["comments"] if c["question"] == "problems").items()
    assert card["overall"]["score"] == 37.5  # (75 + 0) / 2: the text moves no score

    # The shipped teleconference questionnaire says "at most 3" once, not twice.
    teleconference = create_bilingual_evaluation(server, "全省政务公开工作电视电话会议（提示检查）", "2026-11-24")
    browser.get(f"{server}/e/{teleconference['slug']}")
    wait_state(browser, "form")
    assert browser.find_element(By.ID, "q-problems").text.count("最多选") == 1


def test_thank_you_offers_a_form_for_the_next_person_only_on_shared_devices(server, pages_questionnaire, browser):
    created = pages_evaluation(server, pages_questionnaire, sharedDevices=True)
    assert created["sharedDevices"] is True
    browser.get(f"{server}/e/{created['slug']}")
    wait_state(browser, "form")
    click(browser, browser.find_element(By.CSS_SELECTOR, "#q-overall input[value='5']").find_element(By.XPATH, "ancestor::label"))
    click(browser, browser.find_element(By.CSS_SELECTOR, "#q-needed input[value='yes']").find_element(By.XPATH, "ancestor::label"))
    click(browser, browser.find_element(By.XPATH, "//button[@type='submit']"))
    app = wait_state(browser, "thanks")
    button = browser.find_element(By.ID, "another-response")
    assert button.text == "为下一位参会人员打开新问卷"
    assert "交给下一位" in app.text
    click(browser, button)
    wait_state(browser, "form")
    assert browser.find_element(By.ID, "answered-count").text == "已答 0/3"


# ---------------------------------------------------------------- 8. evaluator pages


def test_comparison_bridges_a_meeting_without_responses_and_shows_the_year(server, pages_questionnaire, browser):
    made = [pages_evaluation(server, pages_questionnaire, date=date) for date in ("2026-03-10", "2026-06-10", "2026-09-10")]
    for evaluation in (made[0], made[2]):
        body = {"id": str(uuid.uuid4()), "answers": {"overall": 4, "needed": "yes"}}
        status, receipt = api(server, "POST", f"/api/public/evaluations/{evaluation['slug']}/responses", body)
        assert status == 201, (status, receipt)

    sign_in_as(browser, server, "evaluator", f"/evaluate#/compare/{pages_questionnaire}")
    chart = css(browser, "svg.line-chart")
    overall = chart.find_element(By.CSS_SELECTOR, "[data-series='overall']")
    assert overall.find_elements(By.CSS_SELECTOR, "path.series-bridge"), "the line falls apart at the empty meeting"
    assert len(chart.find_elements(By.CSS_SELECTOR, "circle.no-data-mark")) >= 1
    years = [e.text for e in chart.find_elements(By.CSS_SELECTOR, "text.tick-year")]
    assert years and years[0] == "2026", years
    full_page_screenshot(browser, "pages-phone-comparison.png")


def test_the_scoring_method_is_a_page_of_the_site(server, browser):
    status, headers, raw = fetch_raw(f"{server}/scoring", token=None)
    assert status == 200 and headers["content-type"].startswith("text/html")
    page = raw.decode("utf-8")
    assert "<h1>How MeetingEval scores a meeting</h1>" in page
    assert page.count("<h2>") == (Path(__file__).resolve().parents[2] / "docs" / "scoring.md").read_text(encoding="utf-8").count("\n## ")
    assert '<table tabindex="0">' in page and "<script" not in page

    sign_in_as(browser, server, "evaluator", "/evaluate#/evaluations")
    link = css(browser, "#scoring-link")
    assert link.get_attribute("href") == f"{server}/scoring" and link.text == "评分方法"
    assert "docs/scoring.md" not in browser.find_element(By.TAG_NAME, "footer").text
    click(browser, link)
    wait(browser, lambda d: d.current_url.endswith("/scoring"), "the footer link did not open the page")
    assert "How MeetingEval scores a meeting" in css(browser, "main h1").text
    full_page_screenshot(browser, "pages-phone-scoring.png")


# ---------------------------------------------------------------- no sideways scrolling


SIDEWAYS = """
const width = document.documentElement.clientWidth;
const problems = [];
if (document.documentElement.scrollWidth > width + 1) problems.push('page ' + document.documentElement.scrollWidth);
const main = document.querySelector('main, #main, #app');
if (main && main.scrollWidth > main.clientWidth + 1 && getComputedStyle(main).overflowX === 'visible') {
  problems.push('main ' + main.scrollWidth + '>' + main.clientWidth);
}
// A table wider than the screen must scroll inside its own box.
for (const table of document.querySelectorAll('table')) {
  if (!table.offsetParent && getComputedStyle(table).position !== 'fixed') continue;
  const r = table.getBoundingClientRect();
  if (r.right <= width + 1 && r.left >= -1) continue;
  let box = table;
  let scrolls = false;
  while (box && box !== document.body) {
    const style = getComputedStyle(box);
    if (['auto', 'scroll'].includes(style.overflowX) && box.getBoundingClientRect().right <= width + 1) { scrolls = true; break; }
    box = box.parentElement;
  }
  if (!scrolls) problems.push('table ' + (table.id || table.className) + ' ' + Math.round(r.right));
}
return problems;
"""


def test_no_page_or_main_view_scrolls_sideways_on_a_phone(server, pages_questionnaire):
    evaluation = create_bilingual_evaluation(server, "全省加快推进“互联网+政务服务”工作电视电话会议（窄屏检查）", "2026-11-25", min_seconds=30)
    for level, seconds in ((4, 120), (3, 5), (5, 200)):
        submit_response(server, evaluation["slug"], "hefei", "attendees", teleconference_answers(level, "建议会议材料提前一天下发，分会场声音偶有回声。"), seconds)
    eid = evaluation["id"]
    create_user(server, "pages-admin", "admin", TEST_PASSWORD)
    pages = [
        ("/", "#main, main, body"),
        (f"/e/{evaluation['slug']}", "#app[data-state='form']"),
        ("/console#/evaluations", "#main[data-view='evaluation-list']"),
        (f"/console#/evaluations/{eid}", "#dashboard"),
        (f"/console#/evaluations/{eid}/distribution", "#distribution-list"),
        (f"/console#/evaluations/{eid}/print", "#print-grid"),
        (f"/console#/evaluations/{eid}/settings", "#evaluation-body .card"),
        ("/console#/evaluations/new", "#main form"),
        ("/console#/questionnaires", "#main[data-view='questionnaire-list']"),
        ("/console#/questionnaires/teleconference", "#main .card"),
        ("/console#/questionnaires/teleconference/edit", ".dim-card"),
        ("/console#/audit", "#main table, #main .card"),
        ("/evaluate#/evaluations", "#main table, main table"),
        (f"/evaluate#/evaluations/{eid}", "#overall-score"),
        (f"/evaluate#/evaluations/{eid}/screening", "#screening-table"),
        ("/evaluate#/compare/teleconference", "svg.line-chart, .empty, .notice"),
        (f"/api/evaluations/{eid}/scorecard.html", ".sheet"),
        ("/scoring", "main h1"),
    ]
    for width in (390, 320):
        driver = start_chromium((width, 844), mobile=True)
        try:
            sign_in(driver, server, "pages-admin", TEST_PASSWORD, "/console")
            found = {}
            for path, ready in pages:
                driver.get(f"{server}{path}")
                wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ready), f"{path} never drew {ready!r}")
                wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, ".loading-block"), f"{path} kept loading")
                problems = driver.execute_script(SIDEWAYS)
                if problems:
                    found[path] = problems
                if width == 390:
                    name = path.strip("/").replace("/", "-").replace("#", "").replace("?", "-")[:60] or "home"
                    full_page_screenshot(driver, f"pages-390-{name}.png")
            assert found == {}, f"sideways scrolling at {width} px: {json.dumps(found, ensure_ascii=False)}"
        finally:
            driver.quit()
