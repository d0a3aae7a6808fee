"""End-to-end tests of signed JSON scorecards: `meeting-eval scorecard --format json` and the
API sign with the data folder's key, `GET /api/signing-key` publishes it, and
`meeting-eval verify` checks a file offline, naming the part that changed. One test
recomputes the canonical form and the signature independently, in Python."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import stat
import subprocess
import urllib.request
from pathlib import Path

import pytest

from test_cli import serve, workdir  # noqa: F401  (fixtures)
from test_scorecard_cli import demo, run

ADMIN_TOKEN = "verify-test-admin-token-0123456789"


def fetch(port: int, path: str, token: str | None = None) -> bytes:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def change_one_digit_of_venue_score(text: str, venue: str) -> str:
    """The text with the first digit of `venue`'s score changed, nothing else."""
    start = text.index(f'"id": "{venue}"')
    match = re.compile(r'"score": (-?\d)').search(text, start)
    assert match, "the venue has no score"
    position = match.start(1) + (1 if match.group(1).startswith("-") else 0)
    digit = text[position]
    return text[:position] + ("2" if digit == "1" else "1") + text[position + 1 :]


def scored_venue(card: dict) -> str:
    return next(venue["id"] for venue in card["venues"] if venue["score"] is not None)


def verify(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    result = run(cwd, "verify", *args)
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "Fatal error" not in output, output
    return result


def test_cli_scorecard_is_signed_and_verify_names_the_changed_part(workdir: Path):
    evaluation = demo(workdir, responses=60)
    card_file = workdir / "card.json"
    made = run(workdir, "scorecard", evaluation, "--format", "json", "--output", str(card_file))
    assert made.returncode == 0, made.stderr
    key_file = workdir / "data" / "signing-key.pem"
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "PRIVATE KEY" not in made.stderr

    text = card_file.read_text(encoding="utf-8")
    card = json.loads(text)
    signature = card["signature"]
    assert signature["algorithm"] == "Ed25519"
    assert list(card)[-1] == "signature"

    valid = verify(workdir, str(card_file))
    assert valid.returncode == 0, valid.stderr
    assert "signature valid" in valid.stdout
    assert signature["keyFingerprint"] in valid.stdout
    assert "GET /api/signing-key" in valid.stdout
    against_folder = verify(workdir, str(card_file), "--database", str(workdir / "data" / "meeting-eval.sqlite"))
    assert against_folder.returncode == 0, against_folder.stderr

    venue = scored_venue(card)
    tampered = workdir / "tampered.json"
    tampered.write_text(change_one_digit_of_venue_score(text, venue), encoding="utf-8")
    failed = verify(workdir, str(tampered))
    assert failed.returncode == 1
    assert "INVALID" in failed.stderr
    assert f"changed: venues[{venue}]" in failed.stderr, failed.stderr

    # The same content, reformatted by another program, still verifies (canonical form).
    reformatted = workdir / "reformatted.json"
    reformatted.write_text(json.dumps(card, ensure_ascii=True, sort_keys=True), encoding="utf-8")
    assert verify(workdir, str(reformatted)).returncode == 0

    unsigned = workdir / "unsigned.json"
    unsigned.write_text(json.dumps({k: v for k, v in card.items() if k != "signature"}), encoding="utf-8")
    result = verify(workdir, str(unsigned))
    assert result.returncode == 1 and "no signature" in result.stderr

    garbled = dict(card, signature=dict(signature, value="AAAA"))
    (workdir / "garbled.json").write_text(json.dumps(garbled), encoding="utf-8")
    result = verify(workdir, str(workdir / "garbled.json"))
    assert result.returncode == 1 and "signature" in result.stderr

    for name, content in [("empty.json", b""), ("broken.json", b'{"a": [1,'), ("binary.json", b"\xff\xfe\x00")]:
        (workdir / name).write_bytes(content)
        result = verify(workdir, str(workdir / name))
        assert result.returncode == 1 and "not a JSON scorecard" in result.stderr, result.stderr
    result = verify(workdir, str(workdir / "missing.json"))
    assert result.returncode == 1 and "cannot read" in result.stderr


def test_verify_escapes_control_characters_from_the_file(workdir: Path):
    """A tampered scorecard whose part names hold terminal escape sequences (erase the line,
    go back to its start, print a fake verdict) is printed with them escaped, as is its name."""
    evaluation = demo(workdir, responses=30)
    card_file = workdir / "card.json"
    assert run(workdir, "scorecard", evaluation, "--format", "json", "--output", str(card_file)).returncode == 0
    card = json.loads(card_file.read_text(encoding="utf-8"))
    fake = "\x1b[2K\r\x1b[1A\x1b[32msignature valid\x1b[0m\u202e"
    card["venues"][0]["id"] = "hefei" + fake
    card = {("overall" + fake if key == "overall" else key): value for key, value in card.items()}
    tampered = workdir / ("tampered\x1b[2K\r.json")
    tampered.write_text(json.dumps(card), encoding="utf-8")
    result = verify(workdir, str(tampered))
    assert result.returncode == 1
    output = result.stdout + result.stderr
    for character in ("\x1b", "\r", "\u202e"):
        assert character not in output, repr(output)
    assert "INVALID" in result.stderr
    assert "\\u{1B}[2K\\u{D}" in result.stderr, result.stderr
    assert "\\u{202E}" in result.stderr, result.stderr


def test_served_scorecard_verifies_with_the_published_key(workdir: Path, serve):
    evaluation = demo(workdir, responses=40)
    server = serve(env={"MEETING_EVAL_ADMIN_TOKEN": ADMIN_TOKEN})
    try:
        published = json.loads(fetch(server.port, "/api/signing-key"))  # no credentials
        downloaded = fetch(server.port, f"/api/evaluations/{evaluation}/scorecard.json", token=ADMIN_TOKEN)
    finally:
        server.stop()
    assert "BEGIN PRIVATE KEY" not in server.log()
    assert published["algorithm"] == "Ed25519"
    assert published["publicKeyPEM"].startswith("-----BEGIN PUBLIC KEY-----")
    key_file = workdir / "signing-key.json"
    key_file.write_text(json.dumps(published), encoding="utf-8")
    card_file = workdir / "from-api.json"
    card_file.write_bytes(downloaded)
    assert json.loads(downloaded)["signature"]["keyFingerprint"] == published["keyFingerprint"]

    result = verify(workdir, str(card_file), "--public-key", str(key_file))
    assert result.returncode == 0, result.stderr
    assert published["keyFingerprint"] in result.stdout
    for form in (published["publicKey"], published["keyFingerprint"]):
        assert verify(workdir, str(card_file), "--public-key", form).returncode == 0

    # The command line signs with the same key: the data folder's.
    cli_card = workdir / "from-cli.json"
    assert run(workdir, "scorecard", evaluation, "--output", str(cli_card)).returncode == 0
    assert verify(workdir, str(cli_card), "--public-key", str(key_file)).returncode == 0

    # Another key: refused on the fingerprint.
    other = workdir / "other.pem"
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(other)], check=True)
    result = verify(workdir, str(card_file), "--public-key", str(other))
    assert result.returncode == 1 and "another key" in result.stderr


def test_the_signature_can_be_checked_without_meeting_eval(workdir: Path):
    """RFC 8785 and Ed25519 from their specifications, not from this program's code."""
    evaluation = demo(workdir, responses=30)
    result = run(workdir, "scorecard", evaluation, "--format", "json")
    assert result.returncode == 0, result.stderr
    card = json.loads(result.stdout)
    signature = card.pop("signature")

    assert hashlib.sha256(canonical(card)).hexdigest() == signature["documentDigest"]
    for name, value in card.items():
        if isinstance(value, list) and 1 <= len(value) <= 1000:
            ids = [item.get("id") if isinstance(item, dict) else None for item in value]
            by_id = all(isinstance(i, str) for i in ids) and len(set(ids)) == len(ids)
            for position, item in enumerate(value):
                part = f"{name}[{ids[position] if by_id else position}]"
                assert hashlib.sha256(canonical(item)).hexdigest() == signature["parts"][part], part
        else:
            assert hashlib.sha256(canonical(value)).hexdigest() == signature["parts"][name], name

    raw_key = base64.b64decode(signature["publicKey"])
    assert signature["keyFingerprint"] == "SHA256:" + hashlib.sha256(raw_key).hexdigest()
    ed25519 = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.ed25519")
    key = ed25519.Ed25519PublicKey.from_public_bytes(raw_key)
    statement = {k: v for k, v in signature.items() if k != "value"}
    key.verify(base64.b64decode(signature["value"]), canonical(statement))  # raises when invalid


def test_a_corrupt_key_file_stops_serve_and_is_kept(workdir: Path, serve):
    (workdir / "data").mkdir()
    key_file = workdir / "data" / "signing-key.pem"
    key_file.write_text("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n", encoding="utf-8")
    server = serve(wait=False)
    code = server.exit_status()
    assert code != 0
    assert "signing key" in server.log() and str(key_file) in server.log(), server.log()
    assert "not a key" in key_file.read_text(encoding="utf-8")


# RFC 8785 (JSON Canonicalization Scheme), enough for scorecards.


def canonical(value) -> bytes:
    return _canonical(value).encode("utf-8")


def _canonical(value) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return _number(float(value))
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ",".join(_canonical(item) for item in value) + "]"
    items = sorted(value.items(), key=lambda item: item[0].encode("utf-16-be"))
    return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + _canonical(v) for k, v in items) + "}"


def _number(value: float) -> str:
    """ECMAScript Number.prototype.toString from Python's shortest round-trip digits."""
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    mantissa, _, exponent = repr(abs(value)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    n = len(whole) + int(exponent or 0) - (len(whole + fraction) - len((whole + fraction).lstrip("0")))
    digits = digits.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * -n + digits
    power = n - 1
    tail = "e" + ("-" if power < 0 else "+") + str(abs(power))
    return sign + digits[0] + ("." + digits[1:] if k > 1 else "") + tail


@pytest.mark.parametrize(
    "value, text",
    [(0.0, "0"), (100.0, "100"), (75.57, "75.57"), (1e-05, "0.00001"), (1e-07, "1e-7"), (1e21, "1e+21"), (1e16, "10000000000000000")],
)
def test_the_python_canonical_numbers_follow_ecmascript(value: float, text: str):
    assert _number(value) == text
