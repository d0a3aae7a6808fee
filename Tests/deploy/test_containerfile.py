"""deploy/container/Containerfile, read as its instructions (no container runtime can build
it in the test environment): a Swift build stage and a slim runtime stage, the binary and
the front end copied from the build, a non-root user, the data on a volume, settings that
the server reads, and a build context that leaves local build output and data out."""

from __future__ import annotations

import re

from live_server import REPO_ROOT

CONTAINERFILE = REPO_ROOT / "deploy" / "container" / "Containerfile"


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments), with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", "\n".join(
        line for line in CONTAINERFILE.read_text().splitlines() if not line.lstrip().startswith("#")))
    result = []
    for line in text.splitlines():
        if line.strip():
            instruction, _, arguments = line.strip().partition(" ")
            result.append((instruction.upper(), " ".join(arguments.split())))
    return result


def _stages() -> dict[str, list[tuple[str, str]]]:
    stages: dict[str, list[tuple[str, str]]] = {}
    current = None
    for instruction, arguments in _instructions():
        if instruction == "FROM":
            current = stages.setdefault(arguments.split(" AS ")[-1].strip(), [])
        elif current is not None:
            current.append((instruction, arguments))
    return stages


def test_every_instruction_is_known():
    known = {"FROM", "RUN", "COPY", "ADD", "ENV", "ARG", "WORKDIR", "USER", "VOLUME", "EXPOSE", "ENTRYPOINT",
             "CMD", "STOPSIGNAL", "LABEL", "HEALTHCHECK", "SHELL"}
    assert {instruction for instruction, _ in _instructions()} <= known


def test_two_stages_swift_build_then_slim_runtime():
    arguments = dict((a.split("=")[0], a.split("=")[1]) for i, a in _instructions() if i == "ARG")
    assert re.match(r"docker\.io/library/swift:6\.\d+-bookworm$", arguments["SWIFT_IMAGE"])
    assert arguments["RUNTIME_IMAGE"].endswith("-slim")
    froms = [a for i, a in _instructions() if i == "FROM"]
    assert froms == ["${SWIFT_IMAGE} AS build", "${RUNTIME_IMAGE} AS runtime"]
    build = _stages()["build"]
    assert any(i == "RUN" and "swift build -c release --product meeting-eval --static-swift-stdlib" in a
               for i, a in build)
    runtime = _stages()["runtime"]
    assert ("COPY", "--from=build /staging/ /") in runtime
    # Nothing of the toolchain in the runtime: only what the binary links and needs.
    installs = " ".join(a for i, a in runtime if i == "RUN")
    assert "libsqlite3-0" in installs and "swift" not in installs


def test_the_build_stage_copies_what_exists():
    for instruction, arguments in _stages()["build"]:
        if instruction == "COPY" and not arguments.startswith("--from"):
            *sources, _ = arguments.split()
            for source in sources:
                assert (REPO_ROOT / source).exists(), source


def test_it_runs_as_a_user_that_is_not_root_with_its_data_on_a_volume():
    runtime = _stages()["runtime"]
    users = [a for i, a in runtime if i == "USER"]
    assert users and users[-1].split(":")[0] not in ("0", "root")
    volumes = [a for i, a in runtime if i == "VOLUME"]
    assert volumes == ['["/var/lib/meeting-eval"]']
    environment = " ".join(a for i, a in runtime if i == "ENV")
    assert "MEETING_EVAL_DATABASE=/var/lib/meeting-eval/" in environment
    assert "MEETING_EVAL_SIGNING_KEY=/var/lib/meeting-eval/" in environment
    assert "MEETING_EVAL_HOST=0.0.0.0" in environment
    setup = " ".join(a for i, a in runtime if i == "RUN")
    assert "useradd --system --uid 10001" in setup and "-o meeting-eval" in setup
    assert ("ENTRYPOINT", '["/usr/local/bin/meeting-eval"]') in runtime and ("CMD", '["serve"]') in runtime


def test_its_settings_are_settings_of_the_server():
    sources = "\n".join(p.read_text() for p in (REPO_ROOT / "Sources" / "MeetingEvalCLI").glob("*.swift"))
    environment = " ".join(a for i, a in _instructions() if i == "ENV")
    names = set(re.findall(r"(MEETING_EVAL_[A-Z_]+)=", environment))
    assert names and names <= set(re.findall(r"MEETING_EVAL_[A-Z_]+", sources)), names


def test_the_build_context_leaves_out_build_output_and_data():
    ignored = {line.strip() for line in (REPO_ROOT / ".containerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")}
    assert {".build", ".git", "data", ".cache", "**/*.sqlite"} <= ignored
