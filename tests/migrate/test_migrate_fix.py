"""--fix, --unsafe-fixes and --diff on a copy of the fixtures: results compared with expected
trees, a second run that finds nothing safe left to fix, and fixed code that still parses."""

from __future__ import annotations

import ast
import json
import shutil

import pytest
from migrate_support import EXPECTED, OLD, check, codes, tree, update_golden


def _compare_tree(project, name):
    expected_root = EXPECTED / name
    if update_golden():
        shutil.rmtree(expected_root, ignore_errors=True)
        shutil.copytree(project, expected_root)
        return
    assert tree(project) == tree(expected_root)


def test_fix_applies_safe_rewrites(old_copy, golden):
    run = check(".", "--fix", expect=1)
    _compare_tree(old_copy, "fixed")
    golden("after_fix.txt", run.text)
    assert run.stderr.startswith("Found 94 finding(s) (")
    # Only safe fixes were applied: nothing that needs --unsafe-fixes changed.
    assert "sonic-english" in (old_copy / "narrator.py").read_text()
    assert "client.tts.sse(" in (old_copy / "narrator.py").read_text()


def test_second_run_after_fix_is_clean_for_safe_rules(old_copy):
    check(".", "--fix")
    fixed = tree(old_copy)
    report = json.loads(check(".", "--output-format", "json", expect=1).text)
    assert [item for item in report if (item["fix"] or {}).get("applicability") == "safe"] == []
    assert not {"CAR101", "CAR103", "CAR204", "CAR301", "CAR401"} & set(codes(
        check(".", "--output-format", "json")))
    check(".", "--fix")
    assert tree(old_copy) == fixed  # idempotent


def test_unsafe_fixes_go_further(old_copy):
    check(".", "--fix", "--unsafe-fixes", expect=1)
    _compare_tree(old_copy, "fixed_unsafe")
    remaining = set(codes(check(".", "--output-format", "json")))
    assert not {"CAR501", "CAR502", "CAR503", "CAR508", "CAR509", "CAR601", "CAR602", "CAR604",
                "CAR606"} & remaining
    # What no tool can decide stays reported.
    assert {"CAR302", "CAR506", "CAR603", "CAR205"} <= remaining


@pytest.mark.parametrize("extra", [[], ["--unsafe-fixes"]])
def test_fixed_files_still_parse(old_copy, extra):
    check(".", "--fix", *extra)
    for path in old_copy.rglob("*.py"):
        ast.parse(path.read_text(), str(path))
    for path in old_copy.rglob("*.json"):
        json.loads(path.read_text())
    for line in (old_copy / "v0_tts.sh").read_text().splitlines():
        if line.lstrip().startswith("-d '"):
            json.loads(line.split("'")[1])


def test_diff_shows_fixes_without_writing(in_old, golden):
    before = tree(OLD)
    run = check(".", "--diff", expect=1)
    golden("diff.patch", run.text)
    assert run.text.startswith("--- a/")
    assert tree(OLD) == before
    assert run.stderr == "Would fix 27 finding(s); 67 would remain.\n"


def test_diff_with_unsafe_fixes_matches_the_unsafe_tree(old_copy):
    diff = check(".", "--diff", "--unsafe-fixes", expect=1).text
    touched = {line[len("+++ b/"):] for line in diff.splitlines() if line.startswith("+++ b/")}
    check(".", "--fix", "--unsafe-fixes")
    changed = {name for name, text in tree(old_copy).items() if text != (OLD / name).read_text()}
    assert touched == changed


def test_fix_keeps_file_mode(old_copy):
    script = old_copy / "v0_tts.sh"
    script.chmod(0o750)
    check("v0_tts.sh", "--fix")
    assert script.stat().st_mode & 0o777 == 0o750
