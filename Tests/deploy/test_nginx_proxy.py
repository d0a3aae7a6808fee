"""deploy/nginx/meeting-eval.conf for real: Debian's nginx with a self-signed certificate in
front of `meeting-eval serve` on loopback, started with the settings the site names
(--public-url, --behind-tls, --trust-forwarded-for). Pages load over HTTPS, the session
cookie is Secure, plain HTTP is sent to HTTPS, and the rate limiter counts each client's
own address (nginx's X-Forwarded-For), not the proxy's.

Clients come from different loopback addresses (127.0.0.2, 127.0.0.3: all of 127/8 is
loopback on Linux), so nginx sees two clients while the server sees one peer, nginx."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import ssl
import subprocess
import time
from pathlib import Path

import pytest

from live_server import REPO_ROOT, free_port

SITE = REPO_ROOT / "deploy" / "nginx" / "meeting-eval.conf"
ADMIN_TOKEN = "nginx-test-admin-token-71c2e4"
PASSWORD = "nginx-test-password-5d8b"


def _self_signed(folder: Path) -> tuple[Path, Path]:
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(certificate)], check=True, capture_output=True)
    return certificate, key


def _site_for_test(app_port: int, http_port: int, https_port: int, certificate: Path, key: Path) -> str:
    """The shipped site with only its addresses and certificate paths changed."""
    site = SITE.read_text()
    replacements = [
        (r"server 127\.0\.0\.1:8080;", f"server 127.0.0.1:{app_port};"),
        (r"listen 80;", f"listen 127.0.0.1:{http_port};"),
        (r"listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        (r"\n\s*listen \[::\]:(80|443)[^;]*;", ""),
        (r"ssl_certificate\s+\S+;", f"ssl_certificate {certificate};"),
        (r"ssl_certificate_key\s+\S+;", f"ssl_certificate_key {key};"),
    ]
    for pattern, replacement in replacements:
        site, count = re.subn(pattern, replacement, site)
        assert count >= 1, f"the site no longer has {pattern!r}"
    return site


@pytest.fixture(scope="module")
def proxied(module_live_server, tmp_path_factory):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.fail("nginx is missing: scripts/install-test-deps installs Debian's nginx")
    folder = tmp_path_factory.mktemp("nginx")
    folder.chmod(0o755)
    certificate, key = _self_signed(folder)
    http_port, https_port = free_port(), free_port()
    public_url = f"https://127.0.0.1:{https_port}"
    server = module_live_server("--public-url", public_url, "--behind-tls", "--trust-forwarded-for",
                                "--logins-per-minute", "1", folder=folder, admin_token=ADMIN_TOKEN)
    (folder / "site.conf").write_text(_site_for_test(server.port, http_port, https_port, certificate, key))
    temp = folder / "temp"
    temp.mkdir(mode=0o777)
    temp.chmod(0o777)
    (folder / "nginx.conf").write_text(f"""
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {folder}/site.conf;
}}
""")
    checked = subprocess.run([nginx, "-t", "-c", str(folder / "nginx.conf")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([nginx, "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    context = ssl.create_default_context(cafile=str(certificate))
    proxy = {"server": server, "https_port": https_port, "http_port": http_port, "context": context,
             "public_url": public_url, "folder": folder}
    deadline = time.monotonic() + 20
    while True:
        try:
            if _https(proxy, "GET", "/healthz")[0] == 200:
                break
        except OSError:
            pass
        assert process.poll() is None and time.monotonic() < deadline, (folder / "error.log").read_text()
        time.sleep(0.2)
    yield proxy
    process.terminate()
    process.wait(timeout=10)


def _https(proxy, method: str, path: str, body: object | None = None, headers: dict | None = None,
           source: str = "127.0.0.2") -> tuple[int, http.client.HTTPMessage, bytes]:
    """One request through nginx over verified TLS, from the loopback address `source`."""
    connection = http.client.HTTPSConnection("127.0.0.1", proxy["https_port"], context=proxy["context"],
                                             source_address=(source, 0), timeout=60)
    data = None if body is None else json.dumps(body).encode()
    sent = {"Content-Type": "application/json"} if data is not None else {}
    connection.request(method, path, body=data, headers={**sent, **(headers or {})})
    response = connection.getresponse()
    result = response.status, response.headers, response.read()
    connection.close()
    return result


def test_pages_and_their_assets_load_over_https(proxied):
    server = proxied["server"]
    evaluation = server.open_evaluation("HTTPS 测试")
    for path in ("/", "/login", "/console", "/evaluate", f"/e/{evaluation['slug']}"):
        status, headers, page = _https(proxied, "GET", path)
        assert status == 200 and headers["Content-Type"].startswith("text/html"), (path, status)
        assert headers["Strict-Transport-Security"] == "max-age=31536000"
        assets = re.findall(r'(?:src|href)="(/assets/[^"]+)"', page.decode())
        assert assets, path
        for asset in assets:
            assert _https(proxied, "GET", asset)[0] == 200, asset
    # The distribution links name the public HTTPS address, not the loopback upstream.
    status, _, body = server.request("GET", f"/api/evaluations/{evaluation['id']}/distribution")
    assert status == 200 and f"{proxied['public_url']}/e/{evaluation['slug']}" in body.decode(), body[:400]


def test_plain_http_is_sent_to_https(proxied):
    connection = http.client.HTTPConnection("127.0.0.1", proxied["http_port"], timeout=10)
    connection.request("GET", "/console?x=1")
    response = connection.getresponse()
    assert response.status == 301
    assert response.headers["Location"] == "https://127.0.0.1/console?x=1"


def test_the_session_cookie_is_secure_over_the_proxy(proxied):
    server = proxied["server"]
    assert server.request("POST", "/api/users", {"name": "tls-organizer", "role": "organizer",
                                                 "password": PASSWORD})[0] == 201
    status, headers, body = _https(proxied, "POST", "/api/session", {"name": "tls-organizer", "password": PASSWORD},
                                   headers={"Origin": proxied["public_url"]}, source="127.0.0.4")
    assert status == 200, body
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("meeting_eval_session=")
    assert {"Secure", "HttpOnly", "SameSite=Strict"} <= {part.strip() for part in cookie.split(";")}, cookie
    session = cookie.split(";")[0]
    status, _, body = _https(proxied, "GET", "/api/session", headers={"Cookie": session}, source="127.0.0.4")
    assert status == 200 and json.loads(body)["name"] == "tls-organizer", body


def test_the_rate_limiter_counts_the_forwarded_address(proxied):
    """One failed sign-in a minute per client (--logins-per-minute 1, so that the refill over
    slow password checks cannot blur the count): the second from 127.0.0.2 is refused, while
    127.0.0.3, through the same nginx, is still heard. An X-Forwarded-For the client sends
    itself does not move it to another bucket."""
    wrong = {"name": "nobody-here", "password": "wrong-password-123"}
    statuses = [_https(proxied, "POST", "/api/session", wrong, source="127.0.0.2")[0] for _ in range(2)]
    assert statuses == [401, 429], statuses
    forged = _https(proxied, "POST", "/api/session", wrong, headers={"X-Forwarded-For": "198.51.100.7"},
                    source="127.0.0.2")
    assert forged[0] == 429 and forged[1]["Retry-After"], forged[:2]
    assert _https(proxied, "POST", "/api/session", wrong, source="127.0.0.3")[0] == 401
