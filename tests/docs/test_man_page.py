"""man/cartesia.1: renders cleanly, documents every command, option, variable and exit code,
and its examples run."""

import re
import shutil
import subprocess

import numpy as np
import pytest
from shell_blocks import (
    Block,
    check_block,
    command_text,
    markdown_blocks,
    plays_audio,
    prepare,
    require_tools,
    run_block,
)

from audio_card import capture, require_audio
from helpers import REPO

MAN = REPO / "man" / "cartesia.1"
PACKAGE = REPO / "cartesia_cli"


def man_examples() -> list[Block]:
    import sys

    sys.path.insert(0, str(REPO / "scripts"))
    from man_page import EXAMPLES

    return [Block(f"man EXAMPLES #{i}", text, commands)
            for i, (text, commands) in enumerate(EXAMPLES, start=1)]


def section(name: str) -> str:
    text = MAN.read_text()
    found = re.search(rf"^\.SH {re.escape(name)}\n(.*?)(?=^\.SH |\Z)", text, re.S | re.M)
    assert found, f"no {name} section"
    return found.group(1)


def roff(text: str) -> str:
    return text.replace("-", "\\-")


def test_renders_without_warnings():
    if shutil.which("groff") is None:
        pytest.skip("groff is not installed (Debian package groff-base)")
    result = subprocess.run(["groff", "-man", "-ww", "-Tutf8", str(MAN)], capture_output=True,
                            timeout=60)
    assert result.returncode == 0 and result.stderr == b"", result.stderr.decode()
    assert b"migrate-check" in result.stdout.replace(b"\xe2\x80\x90", b"-")


def test_every_command_and_option_is_documented():
    from typer.main import get_command

    from cartesia_cli.cli.app import app
    from cartesia_cli.completions.tree import build

    commands = section("COMMANDS")
    documented = re.split(r"^\.SS ", commands, flags=re.M)
    for command in build(get_command(app)).walk():
        if not command.path:
            text = section("GLOBAL OPTIONS")
        else:
            title = roff("cartesia " + command.key) + " "
            matches = [d for d in documented if d.startswith(f'"{title}')]
            assert matches, f"no section for `cartesia {command.key}`"
            text = matches[0]
        for option in command.options:
            if option.long != "--help" or not command.path:
                assert f"\\fB{roff(option.long)}\\fR" in text, (command.key, option.long)
        for argument in command.arguments:
            assert f"\\fI{roff(argument.label)}" in text, (command.key, argument.label)


def test_every_environment_variable_the_code_reads_is_documented():
    names = set()
    for path in PACKAGE.rglob("*.py"):
        names |= set(re.findall(r'"((?:CARTESIA|XDG)_[A-Z_]+|NO_COLOR|FORCE_COLOR)"',
                                path.read_text()))
    from cartesia_cli.config import SETTINGS

    names |= {s.env for s in SETTINGS.values() if s.env}
    documented = set(re.findall(r"^\\fB([A-Z_\\-]+)\\fR$", section("ENVIRONMENT"), re.M))
    assert names - {n.replace("\\-", "-") for n in documented} == set()
    assert len(names) >= 20


def test_exit_status_is_the_programs():
    from cartesia_cli.errors import EXIT_CODE_HELP

    codes = re.findall(r"^\.TP\n\\fB(\d+)\\fR$", section("EXIT STATUS"), re.M)
    assert [int(c) for c in codes] == [int(c) for c in EXIT_CODE_HELP]


def test_files_and_recipes_are_there():
    files = section("FILES")
    for name in ("config.toml", "voices\\-*.json", "NAME.part"):
        assert name in files
    examples = section("EXAMPLES")
    assert "| ffmpeg" in examples and "| aplay" in examples


def test_examples_run(emulator, tmp_path):
    """Examples that are also README commands run there; any other one runs here."""
    readme = {command_text(c) for b in markdown_blocks(REPO / "README.md") for c in b.commands}
    examples = man_examples()
    others = [b for b in examples if not {command_text(c) for c in b.commands} <= readme]
    assert len(examples) >= 10
    for number, block in enumerate(others):
        require_tools(block)
        workdir = tmp_path / f"work{number}"
        workdir.mkdir()
        env = prepare(workdir)
        if any(plays_audio(c) for c in block.commands):
            require_audio()
            with capture() as played:
                result = run_block(block, workdir, env)
            assert np.any(played.samples), f"{block.where}: nothing was heard"
        else:
            result = run_block(block, workdir, env)
        check_block(block, workdir, result)
