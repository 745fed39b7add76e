"""SARIF 2.1.0 output, for code-scanning dashboards. Columns count Unicode code points
(declared in `columnKind`), matching the text and JSON reports."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from cartesia_cli import __version__
from cartesia_cli.migrate.model import Finding, Position
from cartesia_cli.migrate.rules import RULES

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning"}


def _region(start: Position, end: Position) -> dict[str, int]:
    return {"startLine": start.line, "startColumn": start.column,
            "endLine": end.line, "endColumn": end.column}


def _artifact(path: str) -> dict[str, str]:
    return {"uri": quote(path, safe="/")}


def _rule(code: str) -> dict[str, Any]:
    rule = RULES[code]
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "help": {"text": rule.hint},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
    }
    if rule.tags:
        descriptor["properties"] = {"tags": list(rule.tags)}
    return descriptor


def _result(f: Finding, index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": index,
        "level": _LEVELS[RULES[f.code].severity],
        "message": {"text": f"{f.message}. Hint: {RULES[f.code].hint}"},
        "locations": [{"physicalLocation": {
            "artifactLocation": _artifact(f.path),
            "region": _region(f.location, f.end_location),
        }}],
    }
    if f.fix is not None:
        result["fixes"] = [{
            "description": {"text": f.fix.description},
            "artifactChanges": [{
                "artifactLocation": _artifact(f.path),
                "replacements": [{"deletedRegion": _region(start, end),
                                  "insertedContent": {"text": edit.content}}
                                 for edit, start, end in f.located_edits()],
            }],
            "properties": {"applicability": f.fix.applicability.value},
        }]
    return result


def sarif(findings: Iterable[Finding]) -> str:
    codes = list(RULES)
    index = {code: i for i, code in enumerate(codes)}
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "cartesia migrate-check",
                "version": __version__,
                "rules": [_rule(code) for code in codes],
            }},
            "columnKind": "unicodeCodePoints",
            "results": [_result(f, index[f.code]) for f in findings],
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
