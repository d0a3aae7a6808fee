"""The HTTP connection against the real `meeting-eval serve`, over raw sockets:

- a malformed chunked body is 400 `malformed` (not 500), and a client that closes in the middle
  of its body is counted as `client_disconnected`, not as a server error;
- a declared Content-Length above the limit is refused before any body is sent;
- a bounded slowloris (connections that trickle their head or their body) is dropped after the
  read timeouts, while /healthz stays fast;
- a control character in a path is refused, and TRACE on an existing path is 405 with Allow.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import uuid

import pytest

from test_abuse_limits import ADMIN_TOKEN, ANSWERS, Server


@pytest.fixture
def server(live_server):
    return live_server("--read-header-timeout", "2", "--read-body-timeout", "2", "--idle-timeout", "5", cls=Server)


def raw(server: Server, data: bytes, timeout: float = 10) -> bytes:
    """Sends bytes on a connection of their own and reads until the server closes or answers."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(data)
        received = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                received += chunk
                if b"\r\n\r\n" in received:
                    head, _, rest = received.partition(b"\r\n\r\n")
                    length = re.search(rb"(?i)content-length: *(\d+)", head)
                    if length and len(rest) >= int(length.group(1)):
                        break
        except (ConnectionResetError, socket.timeout):
            pass
        return received


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else 0


def rejections(server: Server) -> dict[str, float]:
    status, _, body = server.call("GET", "/metrics")
    assert status == 200
    found = {}
    for line in body.decode().splitlines():
        match = re.match(r'meeting_eval_submission_rejections_total\{reason="([a-z_]+)"\} (\S+)', line)
        if match:
            found[match.group(1)] = float(match.group(2))
    return found


def body() -> bytes:
    return json.dumps({"id": str(uuid.uuid4()), "venue": "hefei", "raterGroup": "attendees",
                       "answers": ANSWERS}).encode()


def test_a_malformed_chunked_body_is_400_and_a_disconnect_is_its_own_reason(server):
    head = (f"POST {server.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n").encode()
    answer = raw(server, head + b"zz\r\n{}\r\n0\r\n\r\n")
    assert status_of(answer) == 400, answer[:300]
    assert b'"malformed"' in answer
    # The body ends in the middle: the client goes away.
    partial = (f"POST {server.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               "Content-Length: 5000\r\n\r\n").encode() + body()[:40]
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(partial)
        time.sleep(0.3)
    deadline = time.monotonic() + 10
    while "client_disconnected" not in rejections(server) and time.monotonic() < deadline:
        time.sleep(0.2)
    counts = rejections(server)
    assert counts.get("malformed", 0) >= 1, counts
    assert counts.get("client_disconnected", 0) == 1, counts
    assert "internal" not in counts, counts
    assert "unexpected error" not in server.log_path.read_text()


def test_an_oversized_content_length_is_refused_before_the_body(server):
    start = time.monotonic()
    head = (f"POST {server.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Content-Length: 1073741824\r\n\r\n").encode()
    answer = raw(server, head)
    assert status_of(answer) == 413, answer[:300]
    assert time.monotonic() - start < 1.5


def test_a_slowloris_is_dropped_and_the_server_stays_responsive(server):
    sockets: list[socket.socket] = []
    for index in range(50):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        if index % 2:
            # A head that never ends.
            sock.sendall(f"POST {server.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
        else:
            # A whole head, then a body that never ends.
            sock.sendall((f"POST {server.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                          "Content-Length: 100000\r\n\r\n{").encode())
        sockets.append(sock)
    stop = threading.Event()

    def trickle():
        while not stop.is_set():
            for sock in sockets:
                try:
                    sock.sendall(b"X-Slow: 1\r\n" if sockets.index(sock) % 2 else b" ")
                except OSError:
                    pass
            time.sleep(0.5)

    trickler = threading.Thread(target=trickle, daemon=True)
    trickler.start()
    try:
        slowest = 0.0
        for _ in range(10):
            start = time.monotonic()
            assert server.call("GET", "/healthz")[0] == 200
            slowest = max(slowest, time.monotonic() - start)
            time.sleep(0.2)
        assert slowest < 0.5, slowest
        time.sleep(3)
        closed = 0
        for sock in sockets:
            sock.settimeout(2)
            try:
                data = b""
                while True:
                    chunk = sock.recv(4096)
                    if not chunk:
                        closed += 1
                        break
                    data += chunk
            except ConnectionResetError:
                closed += 1
            except socket.timeout:
                pass
        assert closed == 50, f"{closed} of 50 slow connections were closed"
    finally:
        stop.set()
        trickler.join(timeout=5)
        for sock in sockets:
            sock.close()
    assert server.call("GET", "/healthz")[0] == 200


def test_control_characters_in_paths_and_trace(server):
    for path in ("/assets/js/attendee.js%00.html", "/assets/%00", "/e/x%00y"):
        answer = raw(server, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        assert status_of(answer) in (400, 404), (path, answer[:300])
        assert b"text/html" not in answer.split(b"\r\n\r\n")[0].lower(), (path, answer[:300])
        assert b"location:" not in answer.lower(), (path, answer[:300])
    answer = raw(server, b"TRACE /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    assert status_of(answer) == 405, answer[:300]
    assert re.search(rb"(?i)\r\nallow: GET, HEAD\r\n", answer), answer[:300]
