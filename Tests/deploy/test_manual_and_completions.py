"""The manual page and the shell completions in deploy/ are generated from the command's
ArgumentParser definitions (scripts/generate-manual) and must stay in step with the binary:
the completions are byte for byte what it generates now, and the manual names every command
and every option the binary has."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest

from live_server import REPO_ROOT, server_binary

MANUAL = REPO_ROOT / "deploy" / "man" / "meeting-eval.1"
COMPLETIONS = {"bash": "meeting-eval.bash", "zsh": "_meeting-eval", "fish": "meeting-eval.fish"}


@pytest.mark.parametrize("shell", sorted(COMPLETIONS))
def test_the_completions_are_what_the_binary_generates(shell):
    generated = subprocess.run([str(server_binary()), "--generate-completion-script", shell],
                               capture_output=True, text=True, check=True).stdout
    shipped = (REPO_ROOT / "deploy" / "completions" / COMPLETIONS[shell]).read_text()
    assert shipped == generated, f"deploy/completions/{COMPLETIONS[shell]} is stale: run scripts/generate-manual"


def _commands(command: dict, prefix: str = ""):
    name = f"{prefix} {command['commandName']}".strip()
    yield name, command
    for sub in command.get("subcommands", []):
        yield from _commands(sub, name)


def test_the_manual_names_every_command_and_option():
    dump = json.loads(subprocess.run([str(server_binary()), "--experimental-dump-help"],
                                     capture_output=True, text=True, check=True).stdout)
    manual = MANUAL.read_text()
    commands = list(_commands(dump["command"]))
    assert len(commands) > 8
    for name, command in commands:
        assert name.split(" ")[-1] in manual, name
        for argument in command.get("arguments", []):
            long_names = [n["name"] for n in argument.get("names", []) if n["kind"] == "long"]
            for long_name in long_names:
                if long_name in ("help", "version", "experimental-dump-help", "generate-completion-script"):
                    continue
                # mdoc writes an option as `Fl -name`.
                assert re.search(rf"Fl -{re.escape(long_name)}\b", manual), (name, long_name)


def test_the_manual_renders():
    if shutil.which("man") is None:
        pytest.fail("man is missing (Debian's man-db)")
    result = subprocess.run(["man", "-l", str(MANUAL)], capture_output=True, text=True,
                            env={**os.environ, "MANWIDTH": "100", "MANPAGER": "cat", "PAGER": "cat"})
    assert result.returncode == 0, result.stderr
    assert "meeting-eval" in result.stdout and "serve" in result.stdout
