"""The attendee page without a network, in a real browser against the real server.

The browser reaches the server through `NetworkProxy`; "offline" is DevTools' emulation for the
page (so it sees `navigator.onLine` false and the `online` event when the network returns)
together with the proxy refusing every connection (so the service worker, which the page's
emulation does not cover, cannot reach the server either).
"""

from __future__ import annotations

import urllib.parse

from selenium.webdriver.common.by import By

from support import (
    ARTIFACTS,
    NetworkProxy,
    all_questions,
    answer,
    api,
    click,
    emulate_network,
    full_page_screenshot,
    is_shown,
    public_evaluation,
    script_errors,
    wait,
    wait_for_offline_copy,
    wait_state,
)


def stored_responses(base_url: str, evaluation_id: str) -> int:
    status, evaluation = api(base_url, "GET", f"/api/evaluations/{evaluation_id}")
    assert status == 200, (status, evaluation)
    return evaluation["counts"]["responses"]


def stored_ids(base_url: str, evaluation_id: str) -> list[str]:
    """The response ids in the raw export (its first column)."""
    import urllib.request

    from support import ADMIN_TOKEN

    request = urllib.request.Request(f"{base_url}/api/evaluations/{evaluation_id}/responses.csv")
    request.add_header("Authorization", f"Bearer {ADMIN_TOKEN}")
    with urllib.request.urlopen(request, timeout=15) as response:
        lines = response.read().decode("utf-8-sig").splitlines()
    return [line.split(",")[0] for line in lines[1:] if line]


def answer_everything_shown(driver, evaluation: dict) -> None:
    default = evaluation["questionnaire"]["locales"][0]
    for question in all_questions(evaluation):
        if is_shown(driver, question, default, default):
            answer(driver, question, default, default)


def test_offline_round_trip(server, make_evaluation, browser):
    """Load once, go offline, reload, answer, submit (queued, said so), go online: stored once."""
    created = make_evaluation()
    slug = created["slug"]
    evaluation = public_evaluation(server, slug)
    proxy = NetworkProxy(urllib.parse.urlparse(server).port)
    try:
        address = f"{proxy.base_url}/e/{slug}?venue=hefei&group=attendees"
        browser.get(address)
        wait_state(browser, "form")
        assert wait_for_offline_copy(browser), "the service worker did not keep the page after the first visit"

        # No network at all: the page and its service worker.
        proxy.set_online(False)
        emulate_network(browser, offline=True)
        browser.get(address)
        wait_state(browser, "form")
        assert browser.execute_script("return navigator.onLine") is False
        assert browser.find_element(By.ID, "meeting-title").text == evaluation["title"]
        answer_everything_shown(browser, evaluation)
        click(browser, browser.find_element(By.XPATH, "//button[@type='submit']"))

        status = wait(
            browser,
            lambda d: d.find_element(By.ID, "app").get_attribute("data-send") == "queued"
            and d.find_element(By.ID, "send-status"),
            "the page did not queue the answer",
        )
        assert "尚未提交成功" in status.text and "网络恢复后将自动提交" in status.text, status.text
        full_page_screenshot(browser, "attendee-phone-queued.png")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", status)
        status.screenshot(str(ARTIFACTS / "attendee-phone-queued-notice.png"))
        draft = browser.execute_script(
            "return JSON.parse(localStorage.getItem('meeting-eval:draft:' + arguments[0]))", slug)
        assert draft["pending"]["id"] == draft["id"], "the queued answer keeps its response id"
        assert stored_responses(server, created["id"]) == 0

        # A reload while still offline keeps the queued answer and says so again.
        browser.refresh()
        wait(
            browser,
            lambda d: d.find_element(By.ID, "app").get_attribute("data-send") == "queued",
            "a reload while offline lost the queued answer",
        )
        assert stored_responses(server, created["id"]) == 0

        # The network returns: the page sends the queued answer by itself, once.
        proxy.set_online(True)
        emulate_network(browser, offline=False)
        app = wait_state(browser, "thanks", timeout=30)
        assert "谢谢您的评价" in app.text
        assert stored_responses(server, created["id"]) == 1
        assert stored_ids(server, created["id"]) == [draft["id"]]

        # Opening the page again (online) sends nothing more.
        browser.get(address)
        wait_state(browser, "thanks")
        assert stored_responses(server, created["id"]) == 1
        assert script_errors(browser) == []
    finally:
        proxy.close()


def test_a_page_never_visited_needs_the_network(server, make_evaluation, browser):
    """The service worker keeps only what was visited: another evaluation's page is not there."""
    first = make_evaluation()
    second = make_evaluation()
    proxy = NetworkProxy(urllib.parse.urlparse(server).port)
    try:
        browser.get(f"{proxy.base_url}/e/{first['slug']}")
        wait_state(browser, "form")
        assert wait_for_offline_copy(browser)
        proxy.set_online(False)
        emulate_network(browser, offline=True)
        browser.get(f"{proxy.base_url}/e/{second['slug']}")
        # Chromium's own error page: no #app of ours.
        assert browser.find_elements(By.ID, "app") == []
        browser.get(f"{proxy.base_url}/e/{first['slug']}")
        wait_state(browser, "form")
    finally:
        proxy.close()


def test_a_page_kept_on_the_device_shows_a_state_changed_meanwhile(server, make_evaluation, browser):
    """The second visit opens from the device's copy at once; the page then asks the server and
    shows that the evaluation closed in between."""
    created = make_evaluation()
    address = f"{server}/e/{created['slug']}"
    browser.get(address)
    wait_state(browser, "form")
    assert wait_for_offline_copy(browser)
    status, closed = api(server, "POST", f"/api/evaluations/{created['id']}/close")
    assert status == 200, (status, closed)
    # Every state the page shows, from its first drawing on.
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
        window.__states = [];
        new MutationObserver(() => {
          const state = document.getElementById('app')?.dataset.state;
          if (state && window.__states[window.__states.length - 1] !== state) window.__states.push(state);
        }).observe(document, { subtree: true, attributes: true, childList: true });
    """})
    browser.get(address)
    app = wait_state(browser, "closed")
    assert "评价已结束" in app.text
    assert browser.execute_script("return Boolean(navigator.serviceWorker.controller)")
    states = browser.execute_script("return window.__states")
    assert "form" in states and states.index("form") < states.index("closed"), states
    assert script_errors(browser) == []
