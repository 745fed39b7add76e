"""The README is a guide that cannot rot: its commands run here, against the emulator (the
network installs are checked, not run)."""

import os
import re
import subprocess
import sys
import tomllib

import numpy as np
import pytest
from shell_blocks import (
    background_port,
    check_block,
    markdown_blocks,
    plays_audio,
    port_in_use,
    prepare,
    require_tools,
    run_block,
)

from audio_card import capture, require_audio
from helpers import REPO

README = REPO / "README.md"
SETUP = ("pip install '.[offline]' && cartesia --offline say \"Hello from Cartesia\" -o hello.wav",
         "bash scripts/test.sh")
# Installing from the network is not something a test may do; the setup test below checks
# what these lines rely on instead.
INSTALLS = re.compile(r"^pip install '(?:cartesia-cli|\.)\[offline\]'(?:\s+#.*)?$")

BLOCKS = markdown_blocks(README)
GUIDE = [b for b in BLOCKS if b.commands not in ((SETUP[0],), (SETUP[1],))
         and not all(INSTALLS.match(c) for c in b.commands)]


def test_the_fresh_machine_commands_come_first_and_are_what_ci_runs():
    assert [b.commands for b in BLOCKS[:2]] == [(SETUP[0],), (SETUP[1],)]
    ci = (REPO / ".ci" / "run").read_text().strip().splitlines()
    assert ci[-1] == SETUP[1]
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["name"] == "cartesia-cli"
    assert "espeakng-loader" in " ".join(project["optional-dependencies"]["offline"])
    assert set(project["scripts"]) == {"cartesia", "cartesia-tts"}


def test_every_block_is_run():
    skipped = [c for b in BLOCKS if b not in GUIDE for c in b.commands]
    assert all(c in SETUP or INSTALLS.match(c) for c in skipped), skipped
    assert len(GUIDE) >= 10


def test_first_speech_on_a_fresh_machine(tmp_path):
    """The first command, after its `pip install` part (the project is installed here)."""
    workdir = tmp_path / "work"
    workdir.mkdir()
    env = prepare(workdir)
    _, speech = SETUP[0].split(" && ")
    result = subprocess.run(["bash", "-c", speech], cwd=workdir, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (workdir / "hello.wav").read_bytes()[:4] == b"RIFF"


@pytest.mark.parametrize("block", GUIDE, ids=lambda b: f"{b.where} {b.title}")
def test_readme_block(block, emulator, tmp_path):
    for command in block.commands:
        port = background_port(command)
        if port and port_in_use(port):
            pytest.skip(f"port {port} is taken; the README's emulator example needs it")
    require_tools(block)
    workdir = tmp_path / "work"
    workdir.mkdir()
    env = prepare(workdir)
    if any(plays_audio(c) for c in block.commands):
        require_audio()
        with capture() as played:
            result = run_block(block, workdir, env)
        check_block(block, workdir, result)
        assert np.any(played.samples), f"{block.where}: nothing was heard on the sound card"
    else:
        result = run_block(block, workdir, env)
        check_block(block, workdir, result)


def test_exit_code_table_is_the_programs():
    from cartesia_cli.errors import EXIT_CODE_HELP

    rows = re.findall(r"^\| (\d+) \| (.+) \|$", README.read_text(), re.MULTILINE)
    assert [(int(code), text) for code, text in rows] == [
        (int(code), text) for code, text in EXIT_CODE_HELP.items()]


def test_commands_named_in_the_prose_exist():
    """Inline `cartesia ...` spans parse (their --help works), and every --option is real."""
    prose = re.sub(r"```.*?```", "", README.read_text(), flags=re.DOTALL)
    spans = set(re.findall(r"`(cartesia [^`]+)`", prose))
    assert spans, "the prose names no commands"
    for span in spans:
        words = span.split()[1:]
        result = subprocess.run([sys.executable, "-m", "cartesia_cli", *words, "--help"],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, f"`{span}`: {result.stderr}"
    from typer.main import get_command

    from cartesia_cli.cli.app import app
    from cartesia_cli.completions.tree import build

    known = {n for c in build(get_command(app)).walk() for o in c.options for n in o.names}
    mentioned = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", prose))
    assert mentioned - known == set()


def test_environment_list_names_every_setting():
    from cartesia_cli.config import SETTINGS

    text = README.read_text()
    missing = [s.env for s in SETTINGS.values() if s.env and f"`{s.env}`" not in text]
    assert missing == []



def test_the_emulator_recipe_waits_for_it_under_cpu_load(tmp_path):
    """The recipe waits for --ready-file instead of racing the server's start: with every core
    busy, its first request is still answered the first time (no refusal, no retry warning)."""
    block = next(b for b in GUIDE if any(c.startswith("cartesia emulator") for c in b.commands))
    workdir = tmp_path / "work"
    workdir.mkdir()
    env = prepare(workdir)
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
            for _ in range(min(os.cpu_count() or 2, 4))]
    try:
        result = run_block(block, workdir, env)
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    check_block(block, workdir, result)  # exit 0, the file written, no "; retry " warning
    assert re.search(r"emulator \(\w+ engine\) on http://127\.0\.0\.1:[1-9]\d*;", result.stderr)
    assert not (workdir / "emulator.url").exists()  # removed when the emulator stopped
