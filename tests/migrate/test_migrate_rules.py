"""The rule catalog: every rule has its evidence, the versions it applies to, and a before/after
example that it finds (before) and leaves alone (after); `--explain` renders each; preview rules
(deprecations, uncertain facts, style) run only with --preview; modern code from the official
SDK and the API's own docs is clean by default."""

from __future__ import annotations

import json
import re

import pytest
from migrate_support import FIXTURES, OLD, check, codes

from cartesia_cli.facts import DEFAULT_VERSION, resolve_version
from cartesia_cli.migrate import engine
from cartesia_cli.migrate.rules import CONFIRMED, RULES, TENTATIVE, select_rules
from cartesia_cli.migrate.source import LANGUAGES, Document

GOLDEN_CLEAN = FIXTURES / "golden_clean"
PREVIEW = sorted(code for code, rule in RULES.items() if rule.preview)


def _found(code: str, text: str, language: str, target: str) -> list[str]:
    options = engine.Options(resolve_version(target), select_rules(preview=True))
    return [f.code for f in engine.check_document(Document("x", text, language), options)]


@pytest.mark.parametrize("code", list(RULES))
def test_every_rule_has_evidence_and_a_working_example(code):
    rule = RULES[code]
    assert re.match(r"^§\d", rule.evidence.source), rule.evidence.source
    assert rule.evidence.status in CONFIRMED + TENTATIVE
    assert rule.evidence.says and rule.why and rule.hint
    assert rule.preview == (rule.evidence.status in TENTATIVE)
    assert rule.example.language in LANGUAGES
    target = max(DEFAULT_VERSION, rule.since or DEFAULT_VERSION)
    assert code in _found(code, rule.example.before, rule.example.language, target)
    assert code not in _found(code, rule.example.after, rule.example.language, target)


@pytest.mark.parametrize("code", [c for c, r in RULES.items() if r.since])
def test_a_rule_is_silent_before_the_version_it_applies_from(code):
    rule = RULES[code]
    earlier = max(v for v in ("2024-06-10", "2024-11-13", "2025-04-16", "2025-11-04",
                              "2026-03-01") if v < rule.since)  # type: ignore[operator]
    assert code not in _found(code, rule.example.before, rule.example.language, earlier)


@pytest.mark.parametrize("code", list(RULES))
def test_explain_renders_every_rule(code):
    rule = RULES[code]
    run = check("--explain", code.lower(), expect=0)
    text = run.text
    assert text.startswith(f"# {rule.name} ({code})\n")
    for heading in ("## What it finds", "## Why", "## Evidence", "## How to fix", "## Example"):
        assert f"\n{heading}\n" in text
    assert rule.evidence.source in text and rule.evidence.status in text
    assert ("preview (reported with `--preview` only)" in text) == rule.preview
    assert "Before (" in text and "After:" in text
    if code != "CAR302":  # its example key is redacted, as everywhere
        assert "    " + rule.example.before.splitlines()[-1] in text


def test_explain_an_unknown_rule_is_a_usage_error():
    run = check("--explain", "CAR999", expect=2)
    assert "unknown rule `CAR999`" in run.stderr and "--list-rules" in run.stderr


def test_list_rules_shows_default_or_preview():
    rows = [line.split() for line in check("--list-rules", expect=0).text.splitlines()]
    assert {row[0]: row[2] for row in rows} == {
        code: "preview" if rule.preview else "default" for code, rule in RULES.items()}


def test_default_run_reports_only_default_rules():
    """The old fixtures by default: the preview run's findings of default rules, nothing else."""
    default = json.loads(check(str(OLD), "--output-format", "json", expect=1, preview=False).text)
    everything = json.loads(check(str(OLD), "--output-format", "json", expect=1).text)
    assert default == [item for item in everything if not RULES[item["code"]].preview]
    assert {item["code"] for item in everything} - {item["code"] for item in default} \
        == set(PREVIEW)


def test_a_preview_rule_named_without_preview_is_a_warning():
    run = check(str(OLD), "--select", "CAR508", expect=0, preview=False)
    assert run.text == ""
    assert "warning: CAR508 is a preview rule: add --preview to run it" in run.stderr
    assert set(codes(check(str(OLD), "--select", "CAR508", "--output-format", "json"))) \
        == {"CAR508"}


def test_sdk_and_docs_examples_are_clean_by_default():
    run = check(str(GOLDEN_CLEAN), expect=0, preview=False)
    assert run.text == "" and run.stderr == "All checks passed.\n"
    files = sorted(p.name for p in GOLDEN_CLEAN.rglob("*") if p.is_file())
    assert len(files) > 10  # every language: md, py, json, yaml, sh, ts


def test_sdk_and_docs_examples_speak_only_in_preview():
    """What --preview says about them: deprecated aliases, older pins, the `mode: "id"` shape
    of the docs' bodies (uncertain at 2026-08-14) - preview rules, and the same everywhere."""
    found = codes(check(str(GOLDEN_CLEAN), "--output-format", "json", expect=1))
    assert set(found) == {"CAR202", "CAR204", "CAR508", "CAR601"}
    assert all(RULES[code].preview for code in found)


def test_docs_requests_are_clean_at_their_own_version_even_in_preview():
    run = check(str(GOLDEN_CLEAN / "docs_requests"), str(GOLDEN_CLEAN / "docs_requests.yaml"),
                str(GOLDEN_CLEAN / "docs_requests.sh"), str(GOLDEN_CLEAN / "docs_requests.py"),
                str(GOLDEN_CLEAN / "docs_requests.ts"), str(GOLDEN_CLEAN / "docs_requests.md"),
                "--target-version", "2025-04-16", expect=0)
    assert run.text == ""
