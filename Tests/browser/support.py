"""Shared helpers of the browser tests: paths, sizes, a small JSON API client (with the
server's admin token), accounts and signing in through the sign-in page."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from sample_answers import teleconference_answers  # noqa: F401 (the suites import it from here)

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
PHONE = (390, 844)
DESKTOP = (1280, 900)

# The admin API token the test server is started with (`MEETING_EVAL_ADMIN_TOKEN`); `api()` and
# `fetch_raw()` send it unless told otherwise.
ADMIN_TOKEN = "browser-tests-admin-token-5f1c9e27"
# The password of the accounts the tests make (`create_user`).
TEST_PASSWORD = "browser-tests-pass-7310"


def set_viewport(driver, size: tuple[int, int], mobile: bool) -> None:
    """Gives the page an exact CSS viewport (headless windows have a minimum width)."""
    width, height = size
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


def start_chromium(size: tuple[int, int] = PHONE, mobile: bool = True):
    """A new headless Chromium (new profile, empty storage) showing `size`; the caller quits it."""
    import shutil

    from selenium import webdriver  # installed by scripts/install-test-deps; a missing one is a failure
    from selenium.webdriver.chrome.service import Service

    binary = next(
        (p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()),
        shutil.which("chromium") or shutil.which("chromium-browser"),
    )
    driver_path = "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else shutil.which("chromedriver")
    options = webdriver.ChromeOptions()
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--hide-scrollbars",
        "--lang=zh-CN",
        f"--window-size={size[0]},{size[1]}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if binary:
        options.binary_location = binary
    service = Service(executable_path=driver_path) if driver_path else Service()
    driver = webdriver.Chrome(service=service, options=options)
    try:
        set_viewport(driver, size, mobile=mobile)
    except Exception:
        driver.quit()
        raise
    return driver


def api(base_url: str, method: str, path: str, body: object | None = None, token: str | None = ADMIN_TOKEN) -> tuple[int, object]:
    """One JSON request (as the admin token unless `token` says otherwise; None: no credentials);
    returns (status, parsed body or None)."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(f"{base_url}{path}", data=data, method=method)
    request.add_header("Accept", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, None


# ---------------------------------------------------------------- accounts and signing in


def create_user(base_url: str, name: str, role: str, password: str | None = TEST_PASSWORD) -> str:
    """Makes an account through the API with the admin token; returns its password
    (the generated one when `password` is None). An existing account keeps its password."""
    body = {"name": name, "role": role}
    if password is not None:
        body["password"] = password
    status, created = api(base_url, "POST", "/api/users", body)
    if status == 409 and password is not None:
        return password
    assert status == 201, (status, created)
    return created.get("password") or password


def sign_in(driver, base_url: str, name: str, password: str, next_path: str = "/console") -> None:
    """Signs in through the sign-in page the way a person does, and waits until the browser left it."""
    import urllib.parse

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{base_url}/login?next={urllib.parse.quote(next_path, safe='')}")
    field = WebDriverWait(driver, 15).until(lambda d: d.find_element(By.ID, "login-name"))
    field.clear()
    field.send_keys(name)
    secret = driver.find_element(By.ID, "login-password")
    secret.clear()
    secret.send_keys(password)
    driver.find_element(By.ID, "login-submit").click()
    WebDriverWait(driver, 15).until(
        lambda d: urllib.parse.urlparse(d.current_url).path != "/login",
        message=f"signing in as {name} did not leave the sign-in page",
    )


# ---------------------------------------------------------------- evaluator pages (test_evaluate.py)


def create_bilingual_evaluation(
    base_url: str, title: str, date: str, *, expected: int = 20, min_seconds: float = 30,
    access: str | None = None, open_it: bool = True,
) -> dict:
    """Creates a teleconference evaluation with two venues and two rater groups named in both
    languages (opened unless asked otherwise); returns it as created."""
    body = {
        "questionnaire": {"id": "teleconference"},
        "title": title,
        "meetingDate": date,
        "venues": [{"id": "hefei", "name": {"zh": "合肥分会场", "en": "Hefei branch venue"}},
                   {"id": "wuhu", "name": {"zh": "芜湖分会场", "en": "Wuhu branch venue"}}],
        "raterGroups": [{"id": "leaders", "name": {"zh": "领导", "en": "Leaders"}, "weight": 1},
                        {"id": "attendees", "name": {"zh": "参会人员", "en": "Attendees"}, "weight": 2}],
        "expectedRespondents": expected,
        "screening": {"minSeconds": min_seconds, "excludeFlagged": False},
    }
    if access is not None:
        body["access"] = access
    return create_evaluation(base_url, body, open_it=open_it)


def create_evaluation(base_url: str, body: dict, *, open_it: bool = True) -> dict:
    """Creates an evaluation from `body` through the API (opened unless asked otherwise); returns it."""
    status, created = api(base_url, "POST", "/api/evaluations", body)
    assert status == 201, (status, created)
    if open_it:
        status, opened = api(base_url, "POST", f"/api/evaluations/{created['id']}/open")
        assert status == 200, (status, opened)
    return created


def submit_response(base_url: str, slug: str, venue: str, group: str, answers: dict, seconds: float) -> str:
    """Submits one response that took `seconds` from start to submit; returns its id."""
    import datetime
    import uuid

    response_id = str(uuid.uuid4())
    started = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=seconds)
    body = {
        "id": response_id, "venue": venue, "raterGroup": group, "locale": "zh",
        "startedAt": started.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "answers": answers,
    }
    status, receipt = api(base_url, "POST", f"/api/public/evaluations/{slug}/responses", body)
    assert status == 201, (status, receipt)
    return response_id


def fetch_raw(url: str, token: str | None = ADMIN_TOKEN) -> tuple[int, dict, bytes]:
    """GET a URL as it is (no JSON parsing): status, headers (lower-case names), body."""
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def full_page_screenshot(driver, name: str) -> None:
    """A screenshot of the whole page (not just the screen) into test-artifacts/."""
    import base64

    ARTIFACTS.mkdir(exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0);")
    width = driver.execute_script("return document.documentElement.scrollWidth")
    height = driver.execute_script("return document.documentElement.scrollHeight")
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
        },
    )
    (ARTIFACTS / name).write_bytes(base64.b64decode(shot["data"]))


def api_text(base_url: str, method: str, path: str, text: str, content_type: str) -> tuple[int, object]:
    """One request with a text body (such as YAML); returns (status, parsed JSON or None)."""
    request = urllib.request.Request(f"{base_url}{path}", data=text.encode("utf-8"), method=method)
    request.add_header("Accept", "application/json")
    request.add_header("Content-Type", content_type)
    request.add_header("Authorization", f"Bearer {ADMIN_TOKEN}")
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, None


# ---------------------------------------------------------------- the attendee page (test_attendee_page.py, test_console.py)
#
# Controls are found the way a person finds them: by the question's text and by the label
# (accessible name) of each choice, both read from the public questionnaire JSON.

WAIT = 15


def xpath_literal(text: str) -> str:
    """`text` as an XPath string literal, whatever quotes it holds."""
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    parts = text.split("'")
    return "concat(" + ", \"'\", ".join(f"'{part}'" for part in parts) + ")"


def localized(value, locale: str, default: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get(locale) or value.get(default) or next(iter(value.values()))


def wait_state(driver, state: str, timeout: float = WAIT):
    """Waits until the attendee page shows `state` (form, thanks, closed…); returns #app."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(
        lambda d: d.find_element(By.ID, "app").get_attribute("data-state") == state,
        message=f"page never reached state {state!r}",
    )
    return driver.find_element(By.ID, "app")


def click(driver, element) -> None:
    """Scrolls the element to the middle of the screen (clear of the sticky bar) and taps it."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});", element)
    element.click()


def click_selector(driver, selector: str, timeout: float = 10) -> None:
    """Finds the element by CSS selector and taps it, finding it again if the view redrew it in
    between (a view redraws once more after a change is confirmed)."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def tapped(d) -> bool:
        try:
            click(d, d.find_element(By.CSS_SELECTOR, selector))
            return True
        except StaleElementReferenceException:
            return False

    WebDriverWait(driver, timeout).until(tapped, message=f"could not tap {selector}")


def public_evaluation(base_url: str, slug: str) -> dict:
    status, evaluation = api(base_url, "GET", f"/api/public/evaluations/{slug}")
    assert status == 200, (status, evaluation)
    return evaluation


def all_questions(evaluation: dict) -> list[dict]:
    return [q for d in evaluation["questionnaire"]["dimensions"] for q in d["questions"]]


def question_block(driver, question: dict, locale: str, default: str):
    """The question's fieldset (or block, for text) found by the question's visible text."""
    from selenium.webdriver.common.by import By

    text = localized(question["text"], locale, default)
    literal = xpath_literal(text)
    candidates = driver.find_elements(
        By.XPATH,
        f"//fieldset[legend[.//*[normalize-space(.)={literal}]]]"
        f" | //div[contains(@class,'question')][label[.//*[normalize-space(.)={literal}]]]",
    )
    assert len(candidates) == 1, f"expected one question titled {text!r}, found {len(candidates)}"
    return candidates[0]


def label_in(block, name: str):
    """The `<label>` in a question whose text (the control's accessible name) is `name`."""
    from selenium.webdriver.common.by import By

    labels = block.find_elements(By.XPATH, f".//label[normalize-space(.)={xpath_literal(name)}]")
    assert len(labels) == 1, f"expected one label {name!r}, found {len(labels)}"
    return labels[0]


def control_of(driver, label):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, label.get_attribute("for"))


def rating_name(question: dict, value: int, locale: str, default: str) -> str:
    caption = (question.get("scale", {}).get("labels") or {}).get(str(value))
    return f"{value} {localized(caption, locale, default)}" if caption else str(value)


def choose_picker(driver, label_text: str, option_text: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    label = driver.find_element(By.XPATH, f"//label[contains(normalize-space(.), {xpath_literal(label_text)})]")
    select = control_of(driver, label)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", select)
    Select(select).select_by_visible_text(option_text)


def answer(driver, question: dict, locale: str, default: str, choice: str | None = None) -> object:
    """Answers one visible question through its labels; returns the value chosen."""
    from selenium.webdriver.common.by import By

    block = question_block(driver, question, locale, default)
    kind = question["type"]
    if kind == "rating":
        scale = question["scale"]
        value = scale["max"] - 1 if scale["max"] - 1 >= scale["min"] else scale["max"]
        name = rating_name(question, value, locale, default)
        label = label_in(block, name)
        radio = control_of(driver, label)
        assert radio.accessible_name == name
        click(driver, label)
        assert radio.is_selected()
        return value
    if kind == "single":
        option = next(o for o in question["options"] if o["id"] == choice) if choice else question["options"][0]
        label = label_in(block, localized(option["text"], locale, default))
        click(driver, label)
        assert control_of(driver, label).is_selected()
        return option["id"]
    if kind == "multiple":
        count = min(question.get("maxSelections") or 2, len(question["options"]))
        chosen = question["options"][:count]
        for option in chosen:
            click(driver, label_in(block, localized(option["text"], locale, default)))
        if question.get("maxSelections") and len(question["options"]) > count:
            rest = question["options"][count]
            box = control_of(driver, label_in(block, localized(rest["text"], locale, default)))
            assert not box.is_enabled(), "boxes past maxSelections should be disabled"
        return [o["id"] for o in chosen]
    if kind == "text":
        label = block.find_element(By.XPATH, "./label")
        area = control_of(driver, label)
        assert area.tag_name == "textarea"
        words = "会议材料可以更早下发。" if locale == "zh" else "Send the papers earlier."
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", area)
        area.send_keys(words)
        counter = block.find_element(By.CSS_SELECTOR, ".counter")
        assert counter.text == f"{len(words)}/{question.get('maxLength', 2000)}"
        return words
    raise AssertionError(f"unknown question type {kind}")


def is_shown(driver, question: dict, locale: str, default: str) -> bool:
    try:
        return question_block(driver, question, locale, default).is_displayed()
    except AssertionError:
        return False


def wait(driver, condition, message: str, timeout: float = WAIT):
    """Waits for `condition`; parts of a view drawn again meanwhile are simply looked up again."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(
        driver, timeout, poll_frequency=0.1, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)
    ).until(condition, message=message)


def console_view(driver, view: str):
    """Waits until the console shows `view` with its data drawn (no loading block); returns #main."""
    from selenium.webdriver.common.by import By

    def ready(d):
        main = d.find_element(By.ID, "main")
        if main.get_attribute("data-view") != view or main.get_attribute("aria-busy") == "true":
            return None
        return None if d.find_elements(By.CSS_SELECTOR, "#main .loading-block") else main

    return wait(driver, ready, f"the console never showed the {view} view")


def script_errors(driver) -> list[str]:
    """Severe messages of the browser's console, apart from failed loads (expected 4xx answers)."""
    try:
        entries = driver.get_log("browser")
    except Exception:
        return []
    return [e["message"] for e in entries if e.get("level") == "SEVERE" and "Failed to load resource" not in e["message"]]


# ---------------------------------------------------------------- a network that can go away (test_offline.py, the benchmark)


class NetworkProxy:
    """A TCP proxy in front of the server: the browser reaches the server through it, so that
    taking it down (`set_online(False)`: open connections cut, new ones refused) is no network
    at all, for the page and for its service worker alike. It counts the bytes the server sends
    (headers and bodies: what DevTools calls transferred) and the HTTP/1.1 requests in the
    browser's streams."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(256)
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.bytes = 0
        self.requests = 0
        self.last_activity = time.monotonic()
        self.online = True
        self.sockets: set[socket.socket] = set()
        threading.Thread(target=self._accept, daemon=True).start()

    def counters(self) -> tuple[int, int]:
        with self.lock:
            return self.bytes, self.requests

    def quiet_for(self) -> float:
        with self.lock:
            return time.monotonic() - self.last_activity

    def set_online(self, online: bool) -> None:
        with self.lock:
            self.online = online
            doomed = list(self.sockets) if not online else []
        for sock in doomed:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        """Stops listening and cuts every connection."""
        self.set_online(False)
        self.listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                online = self.online
            if not online:
                client.close()
                continue
            try:
                server = socket.create_connection(("127.0.0.1", self.upstream_port))
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets.update((client, server))
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, from_browser: bool) -> None:
        pending = b""
        body_left = 0
        try:
            while True:
                chunk = source.recv(65536)
                if not chunk:
                    break
                target.sendall(chunk)
                counted = 0
                if from_browser:
                    pending += chunk
                    while True:
                        if body_left:
                            taken = min(body_left, len(pending))
                            pending, body_left = pending[taken:], body_left - taken
                            if body_left:
                                break
                        end = pending.find(b"\r\n\r\n")
                        if end < 0:
                            break
                        head, pending = pending[:end], pending[end + 4:]
                        counted += 1
                        for line in head.split(b"\r\n")[1:]:
                            name, _, value = line.partition(b":")
                            if name.strip().lower() == b"content-length":
                                body_left = int(value.strip() or 0)
                with self.lock:
                    if not from_browser:
                        self.bytes += len(chunk)
                    self.requests += counted
                    self.last_activity = time.monotonic()
        except OSError:
            pass
        finally:
            for sock in (source, target):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
                with self.lock:
                    self.sockets.discard(sock)


def emulate_network(driver, network: dict | None = None, offline: bool = False) -> None:
    """DevTools network emulation for the page: `network` as {latency (ms), downloadThroughput,
    uploadThroughput (bytes/s)}, none for no limit; `offline` makes the page see no network
    (`navigator.onLine` false, the `offline` and `online` events)."""
    driver.execute_cdp_cmd("Network.enable", {})
    conditions = network or {"latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": offline, **conditions})


def wait_for_offline_copy(driver, timeout: float = 30) -> bool:
    """After a first visit: waits until a service worker keeps this page (False without one)."""
    script = """
      const done = arguments[arguments.length - 1];
      if (!('serviceWorker' in navigator) || !('caches' in self)) { done(false); return; }
      const deadline = Date.now() + %d;
      const look = async () => {
        const registration = await navigator.serviceWorker.getRegistration('/e/');
        const copy = registration && registration.active ? await caches.match(location.pathname) : null;
        if (copy) { done(true); return; }
        if (Date.now() > deadline) { done(false); return; }
        setTimeout(look, 100);
      };
      look();
    """ % int(timeout * 1000)
    driver.set_script_timeout(timeout + 5)
    return bool(driver.execute_async_script(script))


def run_node_checks(script: str, tmp_path: Path):
    """Runs a checks script of this folder with node over a copy of Web/js marked as ES modules
    (so node loads the pages' modules as they are); skips when node is missing."""
    import shutil
    import subprocess

    import pytest

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    shutil.copytree(REPO_ROOT / "Web" / "js", tmp_path / "js")
    (tmp_path / "js" / "package.json").write_text('{"type": "module"}\n', encoding="utf-8")
    return subprocess.run([node, str(Path(__file__).resolve().parent / script), str(tmp_path / "js")],
                          capture_output=True, text=True, timeout=60)
