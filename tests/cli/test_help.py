"""Every --help teaches: examples in each command's page, placeholders instead of type noise
(`<list[str]>`, `<int range>`), and the top-level command list never cut off."""

from __future__ import annotations

import re

import pytest
import typer.main

from cartesia_cli.cli.app import app

from helpers import run_cli, run_process

# Type names as Typer prints them (`<str>`, `<list[str]>`, `<int range>`, `<float>` ...), the
# braces it puts around required arguments, and a default of None.
NOISE = re.compile(r"<(?:list|int|float|str|bool|dict|tuple|path|datetime)(?:[^a-z|][^>]*)?>"
                   r"|\brange>|\{[A-Za-z_]+\}|\[default: None\]", re.IGNORECASE)
# Fields of `batch --name` templates, which its help documents in braces on purpose.
TEMPLATE_FIELDS = {"{n}", "{id}", "{slug}", "{voice}", "{ext}"}


def noise_in(page: str, path: tuple[str, ...]) -> list[str]:
    found = NOISE.findall(page)
    return [n for n in found if not (path[:1] == ("batch",) and n in TEMPLATE_FIELDS)]


def _paths(command, path=()):
    yield path
    for name, child in getattr(command, "commands", {}).items():
        if not getattr(child, "hidden", False):
            yield from _paths(child, (*path, name))


PATHS = list(_paths(typer.main.get_command(app)))


def test_the_tree_is_all_there():
    assert {"say", "stream", "voices", "token", "config", "emulator", "completion",
            "migrate-check"} <= {p[0] for p in PATHS if p}
    assert ("voices", "get") in PATHS and ("token", "inspect") in PATHS
    assert ("config", "set") in PATHS


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "cartesia")
@pytest.mark.parametrize("columns", ["80", "200"])
def test_every_help_has_examples_and_no_type_noise(monkeypatch, path, columns):
    monkeypatch.setenv("COLUMNS", columns)
    page = run_cli(*path, "--help").text
    assert page.startswith(f"Usage: cartesia {' '.join(path)}".rstrip() + " ")
    noise = noise_in(page, path)
    assert noise == [], f"`cartesia {' '.join(path)} --help` shows {noise}"
    assert "Examples" in page, f"`cartesia {' '.join(path)} --help` has no examples"
    for line in page.splitlines():
        assert len(line) <= max(int(columns), 100) or line.startswith("    "), line


def test_the_command_list_is_not_cut_off(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    page = run_cli("--help").text
    listed = page.split("\nCommands:\n", 1)[1].split("\n\n", 1)[0]
    rows = " ".join(listed.split())
    root = typer.main.get_command(app)
    for name in root.commands:
        summary = root.commands[name].get_short_help_str(limit=300)
        assert f"{name} {summary}" in rows, (name, summary)
    assert "..." not in listed


def test_help_also_works_in_a_real_process():
    run = run_process("say", "--help", env={"COLUMNS": "80"})
    assert "Examples:" in run.text and NOISE.findall(run.text) == []
    assert "  --list-devices" in run.text
