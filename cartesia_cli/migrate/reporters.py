"""Reports in ruff's shapes: `path:line:col: CODE message` text, JSON, GitHub annotations, and
per-rule statistics. SARIF lives in sarif.py. Every function returns the text to print."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from cartesia_cli.migrate.model import Finding, Position
from cartesia_cli.migrate.rules import RULES, Rule

FORMATS = ("text", "json", "sarif", "github")


def _position(pos: Position) -> dict[str, int]:
    return {"row": pos.line, "column": pos.column}


def text(findings: Iterable[Finding], unsafe: bool) -> str:
    lines = []
    for f in findings:
        marker = " [*]" if f.fixable(unsafe) else ""
        lines.append(f"{f.path}:{f.location.line}:{f.location.column}: {f.code}{marker} "
                     f"{f.message}")
        lines.append(f"  hint: {RULES[f.code].hint}")
    return "".join(line + "\n" for line in lines)


def as_json(findings: Iterable[Finding]) -> str:
    items: list[dict[str, Any]] = []
    for f in findings:
        rule = RULES[f.code]
        fix = None
        if f.fix is not None:
            fix = {
                "applicability": f.fix.applicability.value,
                "message": f.fix.description,
                "edits": [{"content": edit.content, "location": _position(start),
                           "end_location": _position(end)}
                          for edit, start, end in f.located_edits()],
            }
        items.append({
            "code": f.code, "name": rule.name, "severity": rule.severity, "message": f.message,
            "hint": rule.hint, "filename": f.path, "location": _position(f.location),
            "end_location": _position(f.end_location), "fix": fix,
        })
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(findings: Iterable[Finding]) -> str:
    """GitHub Actions workflow commands: one annotation per finding."""
    lines = []
    for f in findings:
        rule = RULES[f.code]
        props = ",".join(f"{key}={_escape_property(str(value))}" for key, value in (
            ("title", f"cartesia migrate-check ({f.code})"), ("file", f.path),
            ("line", f.location.line), ("col", f.location.column),
            ("endLine", f.end_location.line), ("endColumn", f.end_location.column)))
        body = _escape_data(f"{f.code} {f.message}\nhint: {rule.hint}")
        lines.append(f"::{rule.severity} {props}::{body}")
    return "".join(line + "\n" for line in lines)


def statistics(findings: Iterable[Finding], unsafe: bool) -> list[dict[str, Any]]:
    found = list(findings)
    counts = Counter(f.code for f in found)
    fixable = {f.code for f in found if f.fixable(unsafe)}
    return [{"code": code, "name": RULES[code].name, "count": counts[code],
             "fixable": code in fixable, "summary": RULES[code].summary}
            for code in sorted(counts, key=lambda c: (-counts[c], c))]


def statistics_text(rows: list[dict[str, Any]]) -> str:
    width = max((len(str(r["count"])) for r in rows), default=1)
    return "".join(f"{r['count']:>{width}}  {r['code']}  {'[*]' if r['fixable'] else '   '} "
                   f"{r['name']}: {r['summary']}\n" for r in rows)


def statistics_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def render(output_format: str, findings: list[Finding], unsafe: bool,
           with_statistics: bool = False) -> str:
    """The report in one of FORMATS (statistics: text or json only)."""
    from cartesia_cli.migrate.sarif import sarif

    if with_statistics:
        rows = statistics(findings, unsafe)
        return statistics_text(rows) if output_format == "text" else statistics_json(rows)
    if output_format == "text":
        return text(findings, unsafe)
    if output_format == "json":
        return as_json(findings)
    return sarif(findings) if output_format == "sarif" else github(findings)


_FIXES = {"safe": "fix", "sometimes": "fix", "unsafe": "unsafe fix", "none": ""}
_FIX_WORDS = {"safe": "safe (`--fix`)", "sometimes": "safe in some cases (`--fix`)",
              "unsafe": "unsafe (`--fix --unsafe-fixes`)", "none": "none: needs a person"}


def rule_table() -> str:
    """Every rule, for --list-rules: preview rules run only with --preview."""
    return "".join(f"{r.code}  {r.name:<26} {'preview' if r.preview else 'default':<8}"
                   f"{r.severity:<8}{_FIXES[r.fix]:<11}{r.summary}\n" for r in RULES.values())


def _indented(code: str) -> str:
    return "".join(f"    {line}\n" if line else "\n" for line in code.rstrip("\n").split("\n"))


def explain(rule: Rule) -> str:
    """What a rule finds, why, its evidence, its fix and an example, as Markdown (`ruff rule`)."""
    group = "preview (reported with `--preview` only)" if rule.preview else "default"
    evidence = rule.evidence
    return (
        f"# {rule.name} ({rule.code})\n\n"
        f"Rule set: {group}. Severity: {rule.severity}. Applies to {rule.versions}.\n\n"
        f"## What it finds\n\n{rule.summary[0].upper()}{rule.summary[1:]}.\n\n"
        f"## Why\n\n{rule.why}\n\n"
        f"## Evidence\n\n- Source: the API notes, {evidence.source}\n"
        f"- Status: {evidence.status}\n- The notes say: {evidence.says}\n\n"
        f"## How to fix\n\n{rule.hint[0].upper()}{rule.hint[1:]}. "
        f"Automatic fix: {_FIX_WORDS[rule.fix]}.\n\n"
        f"## Example\n\nBefore ({rule.example.language}):\n\n{_indented(rule.example.before)}"
        f"\nAfter:\n\n{_indented(rule.example.after)}"
    )
