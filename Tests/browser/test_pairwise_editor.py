"""The builder's pairwise-comparison (AHP) editor in a real browser against the real server:
moving a judgment changes the weights and the consistency ratio at once, an inconsistent set
names its most inconsistent triple and cannot be saved, and a consistent one is saved with
the weights the server derives (the same as the editor showed)."""

from __future__ import annotations

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from support import api, click, full_page_screenshot, wait
from test_console import desktop, open_view, scroll_to, set_yaml, wait_check, wait_view, yaml_text  # noqa: F401

QUESTIONNAIRE_ID = "ahp-builder-check"
YAML = f"""id: {QUESTIONNAIRE_ID}
version: 1
locales: [zh, en]
title: {{zh: 层次分析法权重测试, en: AHP weights check}}
weighting:
  method: ahp
  comparisons:
    - {{a: preparation, b: conduct, value: 3}}
    - {{a: preparation, b: results, value: "1/2"}}
    - {{a: conduct, b: results, value: "1/5"}}
dimensions:
  - id: preparation
    title: {{zh: 会前准备, en: Preparation}}
    questions: [{{id: notice, type: rating, text: {{zh: 通知, en: Notice}}, scale: {{min: 1, max: 5}}}}]
  - id: conduct
    title: {{zh: 会中组织, en: Conduct}}
    questions: [{{id: punctual, type: rating, text: {{zh: 准时, en: On time}}, scale: {{min: 1, max: 5}}}}]
  - id: results
    title: {{zh: 会议成效, en: Results}}
    questions: [{{id: tasks, type: rating, text: {{zh: 任务, en: Tasks}}, scale: {{min: 1, max: 5}}}}]
"""


def weights(driver) -> dict:
    return {li.get_attribute("data-dimension"): float(li.get_attribute("data-weight"))
            for li in driver.find_elements(By.CSS_SELECTOR, "#ahp-weights li")}


def cr(driver) -> float:
    return float(driver.find_element(By.ID, "ahp-consistency").get_attribute("data-cr"))


def slider(driver, a: str, b: str):
    return driver.find_element(By.CSS_SELECTOR, f'.pair-row[data-pair="{a}|{b}"] input[type="range"]')


def move_to(driver, element, value: int) -> None:
    """Puts the slider at `value` by keyboard, the way a person would."""
    scroll_to(driver, element)
    driver.execute_script("arguments[0].focus()", element)
    current = int(element.get_attribute("value"))
    key = Keys.ARROW_RIGHT if value > current else Keys.ARROW_LEFT
    for _ in range(abs(value - current)):
        element.send_keys(key)
    assert int(element.get_attribute("value")) == value


def test_pairwise_judgments_drive_the_weights_and_block_an_inconsistent_save(server, desktop):
    driver = desktop
    assert api(server, "GET", f"/api/questionnaires/{QUESTIONNAIRE_ID}")[0] == 404
    open_view(driver, server, "/questionnaires", "questionnaire-list")
    click(driver, driver.find_element(By.ID, "new-questionnaire"))
    wait_view(driver, "builder")
    set_yaml(driver, YAML)
    wait_check(driver, "valid")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#ahp-pairs .pair-row"), "the pairwise editor did not appear")

    # The judgments as loaded: the worked example of docs/scoring.md §10.
    assert len(driver.find_elements(By.CSS_SELECTOR, "#ahp-pairs .pair-row")) == 3
    assert weights(driver) == {"preparation": 0.308996, "conduct": 0.109452, "results": 0.581552}
    assert cr(driver) == 0.003185
    assert driver.find_elements(By.ID, "ahp-triple") == []
    # The dimension cards show the derived weights, read-only.
    weight_field = driver.find_element(By.CSS_SELECTOR, '[data-path="dimensions[0].weight"] input')
    assert weight_field.get_attribute("readonly") is not None and weight_field.get_attribute("value") == "0.308996"
    assert driver.find_element(By.CSS_SELECTOR, '[data-share="dimensions[2]"]').text == "58.2%"

    # Preparation against conduct from 3 to equal: the weights and the CR move at once.
    move_to(driver, slider(driver, "preparation", "conduct"), 0)
    assert "同等重要" in driver.find_element(By.CSS_SELECTOR, '.pair-row[data-pair="preparation|conduct"] output').text
    moved = weights(driver)
    # 1 : 1, 1 : 2 and 1 : 5 (the worked example's other two judgments kept).
    assert moved == {"preparation": 0.224657, "conduct": 0.165529, "results": 0.609814}, moved
    assert cr(driver) == 0.081048  # numpy: 0.0810475
    # The YAML beside the form follows: the judgment, and no typed weight on the dimensions.
    text = yaml_text(driver)
    assert re.search(r'- a: "preparation"\n\s+b: "conduct"\n\s+value: 1\n', text), text[:800]
    assert not re.search(r"^    weight:", text, re.M), text
    wait_check(driver, "valid")

    # Preparation five times as important as results: inconsistent, the triple is named.
    move_to(driver, slider(driver, "preparation", "conduct"), -2)  # back to 3
    move_to(driver, slider(driver, "preparation", "results"), -4)  # 5
    assert cr(driver) == 0.44883
    triple = driver.find_element(By.ID, "ahp-triple")
    assert triple.get_attribute("data-triple") == "preparation conduct results"
    assert "CR = 0.449" in triple.text and "会前准备" in triple.text and "会议成效" in triple.text
    assert len(driver.find_elements(By.CSS_SELECTOR, ".pair-row.is-inconsistent")) == 3
    wait_check(driver, "invalid")
    full_page_screenshot(driver, "console-builder-ahp-inconsistent-desktop.png")
    click(driver, driver.find_element(By.ID, "save-questionnaire"))
    wait(driver, lambda d: "is-visible" in (d.find_element(By.ID, "toast").get_attribute("class") or ""), "no message on save")
    assert api(server, "GET", f"/api/questionnaires/{QUESTIONNAIRE_ID}")[0] == 404
    # The server's error, with the same triple, is shown at the judgments.
    issues = driver.find_element(By.ID, "issue-summary").get_attribute("textContent")
    assert "most inconsistent triple is preparation, conduct, results" in issues or "最不一致" in issues, issues[:400]

    # Back to a consistent set (preparation : results = 1): saved, with the editor's weights.
    move_to(driver, slider(driver, "preparation", "results"), 0)
    assert driver.find_elements(By.ID, "ahp-triple") == []
    shown, shown_cr = weights(driver), cr(driver)
    assert shown_cr <= 0.10
    wait_check(driver, "valid")
    click(driver, driver.find_element(By.ID, "save-questionnaire"))
    wait(driver, lambda d: api(server, "GET", f"/api/questionnaires/{QUESTIONNAIRE_ID}")[0] == 200, "not saved")
    stored = api(server, "GET", f"/api/questionnaires/{QUESTIONNAIRE_ID}")[1]["definition"]
    assert {d["id"]: d["weight"] for d in stored["dimensions"]} == shown
    assert stored["ahp"]["cr"] == shown_cr
    assert {(c["a"], c["b"], c["value"]) for c in stored["weighting"]["comparisons"]} == {
        ("preparation", "conduct", 3), ("preparation", "results", 1), ("conduct", "results", "1/5")}


def test_the_shipped_ahp_questionnaire_opens_with_its_judgments(server, desktop):
    driver = desktop
    status, stored = api(server, "GET", "/api/questionnaires/plenary-session-ahp")
    assert status == 200
    definition = stored["definition"]
    open_view(driver, server, "/questionnaires/plenary-session-ahp/edit", "builder")
    wait_check(driver, "valid")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#ahp-pairs .pair-row"), "the pairwise editor did not appear")
    assert len(driver.find_elements(By.CSS_SELECTOR, "#ahp-pairs .pair-row")) == 10
    assert weights(driver) == {d["id"]: d["weight"] for d in definition["dimensions"] if "weight" in d}
    assert cr(driver) == definition["ahp"]["cr"]
    # The YAML the builder writes keeps both sets of judgments, and no typed weight on what
    # they weigh: the dimensions, and the deliberation dimension's questions.
    text = yaml_text(driver)
    assert "questionWeighting:" in text and text.count('method: "ahp"') == 2, text[:1200]
    assert not re.search(r"^    weight:", text, re.M)
    start = text.index('  - id: "deliberation"')
    deliberation = text[start:text.index('\n  - id: "', start + 1)]
    assert "questionWeighting:" in deliberation and "weight:" not in deliberation.replace("questionWeighting:", "")
