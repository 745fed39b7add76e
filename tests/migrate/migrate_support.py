"""Paths and helpers shared by the migrate-check tests."""

from __future__ import annotations

import json
import os
from pathlib import Path

from helpers import Run, run_cli

FIXTURES = Path(__file__).parent / "fixtures"
OLD = FIXTURES / "old"
MODERN = FIXTURES / "modern"
EXPECTED = FIXTURES / "expected"
# The fake key written into fixtures/old/v0_tts.sh: no output may ever contain it.
FIXTURE_KEY = "sk_car_sRrXvBqOmNmyL9isEOxiGI5r"


def update_golden() -> bool:
    return os.environ.get("UPDATE_GOLDEN") not in (None, "", "0")


def tree(root: Path) -> dict[str, str]:
    """Every file below root, by relative POSIX path."""
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file()}


def check(*args: str, expect: int | None = None, input: str | None = None,
          preview: bool = True) -> Run:
    """`cartesia migrate-check ARGS` in-process; asserts the fixture key never leaks.

    With `preview` (the default here: the fixtures exercise every rule) `--preview` is added;
    tests of what runs by default pass preview=False."""
    if preview and not {"--list-rules", "--explain"} & set(args):
        args = ("--preview", *args)
    run = run_cli("migrate-check", *args, expect=expect, input=input)
    assert FIXTURE_KEY not in run.text and FIXTURE_KEY not in run.stderr
    assert FIXTURE_KEY[7:] not in run.text and FIXTURE_KEY[7:] not in run.stderr
    return run


def codes(run: Run) -> list[str]:
    """Rule codes of a JSON report, in report order."""
    return [item["code"] for item in json.loads(run.text)]
