"""How firm a result is, on the evaluator pages (docs/scoring.md §9): the grade confidence,
the weight range of every dimension and the flagged venues in words, the flagged venue
marked in the ranking chart, and a significant change marked in the comparison — each
checked against the JSON API in a real browser."""

from __future__ import annotations

import uuid

import pytest

from selenium.webdriver.common.by import By

from support import api, full_page_screenshot, submit_response
from test_evaluate import open_view, signed_in_as_evaluator, wait_css  # noqa: F401  (fixture)


def rating(question: str) -> dict:
    return {"id": question, "type": "rating", "text": {"zh": question, "en": question}, "scale": {"min": 1, "max": 5}}


@pytest.fixture(scope="module")
def firmness(server) -> dict:
    """A questionnaire of its own with two meetings: in the first, one venue far below the
    others; the second much better than the first."""
    questionnaire_id = f"firmness-{uuid.uuid4().hex[:6]}"
    status, body = api(server, "POST", "/api/questionnaires", {
        "id": questionnaire_id, "version": 1, "locales": ["zh", "en"],
        "title": {"zh": "稳健性测试问卷", "en": "Firmness check"},
        "dimensions": [
            {"id": "organization", "title": {"zh": "会议组织", "en": "Organization"}, "weight": 40,
             "questions": [rating("punctual"), rating("agenda")]},
            {"id": "content", "title": {"zh": "讲话内容", "en": "Content"}, "weight": 60,
             "questions": [rating("brief"), rating("relevant")]},
        ],
    })
    assert status == 201, body
    made = {}
    for key, date, levels in [
        ("first", "2026-03-01", {"hefei": [4, 5], "bengbu": [4, 5], "wuhu": [1, 2]}),
        ("second", "2026-04-01", {"hefei": [5, 5], "bengbu": [4, 5], "wuhu": [5, 4]}),
    ]:
        status, evaluation = api(server, "POST", "/api/evaluations", {
            "questionnaire": {"id": questionnaire_id}, "title": f"稳健性测试会议 {key}", "meetingDate": date,
            "venues": [{"id": v, "name": {"hefei": "合肥分会场", "bengbu": "蚌埠分会场", "wuhu": "芜湖分会场"}[v]}
                       for v in ["hefei", "bengbu", "wuhu"]],
            "raterGroups": [{"id": "leaders", "name": "领导", "weight": 1}, {"id": "attendees", "name": "参会人员", "weight": 2}],
        })
        assert status == 201, evaluation
        assert api(server, "POST", f"/api/evaluations/{evaluation['id']}/open")[0] == 200
        for venue, (low, high) in levels.items():
            for i in range(8):
                group = "leaders" if i % 4 == 0 else "attendees"
                values = [low, high, high, low] if i % 2 else [high, low, high, high]
                answers = dict(zip(["punctual", "agenda", "brief", "relevant"], values))
                submit_response(server, evaluation["slug"], venue, group, answers, seconds=120)
        made[key] = evaluation
    made["questionnaire"] = questionnaire_id
    return made


def test_the_scorecard_says_how_firm_the_result_is(server, firmness, browser):
    evaluation = firmness["first"]
    status, card = api(server, "GET", f"/api/evaluations/{evaluation['id']}/scorecard.json")
    assert status == 200
    wuhu = next(v for v in card["venues"] if v["id"] == "wuhu")
    assert wuhu["comparison"]["flag"] == "below", wuhu["comparison"]
    overall = card["overall"]
    assert overall["gradeConfidence"] is not None

    open_view(browser, server, f"/evaluations/{evaluation['id']}", "#firmness")
    lines = browser.find_elements(By.CSS_SELECTOR, "#firmness li")
    texts = [line.text for line in lines]
    percent = f"{round(overall['gradeConfidence'] * 100)}%"
    assert f"真实总分落在“{overall['grade']}”等级区间内的概率约为{percent}" in texts[0], texts
    for dimension in card["dimensions"]:
        low, high = dimension["gradeStableWeight"]["low"], dimension["gradeStableWeight"]["high"]
        expected = (f"“{dimension['title']}”的权重（现为{round(dimension['weight'] * 100)}%）"
                    f"在{round(low * 100)}%至{round(high * 100)}%之间变化时，等级不变。")
        assert expected in texts, (expected, texts)
    flagged = browser.find_element(By.CSS_SELECTOR, '#firmness li[data-flag="below"]').text
    assert flagged.startswith("芜湖分会场的得分显著低于其余会场")
    p = wuhu["comparison"]["pAdjusted"]
    assert ("Holm校正后p < 0.0001" if p < 0.0001 else f"Holm校正后p = {p:.4f}") in flagged, flagged
    labels = [t.get_attribute("textContent") for t in browser.find_elements(By.CSS_SELECTOR, "#sc-venues svg text")]
    assert any("芜湖分会场 ▼ 显著偏低" in label for label in labels), labels
    assert not any("合肥分会场 ▼" in label for label in labels)
    full_page_screenshot(browser, "evaluate-firmness-desktop.png")


def test_the_comparison_marks_a_significant_change(server, firmness, browser):
    status, comparison = api(server, "GET", f"/api/questionnaires/{firmness['questionnaire']}/comparison")
    assert status == 200
    first, second = comparison["evaluations"]
    assert "changeFromPrevious" not in first
    change = second["changeFromPrevious"]
    assert change["significant"] is True and change["difference"] > 0, change

    open_view(browser, server, f"/compare/{firmness['questionnaire']}", "#compare-table")
    row = browser.find_element(By.CSS_SELECTOR, f"#compare-table tr[data-evaluation-id='{second['id']}']")
    assert f"显著变化 (p = {change['p']:.4f})" in row.find_element(By.CSS_SELECTOR, ".change-mark").text
    first_row = browser.find_element(By.CSS_SELECTOR, f"#compare-table tr[data-evaluation-id='{first['id']}']")
    assert first_row.find_elements(By.CSS_SELECTOR, ".change-mark") == []
    marks = browser.find_elements(By.CSS_SELECTOR, "svg.line-chart circle.point-mark")
    assert len(marks) == 1
