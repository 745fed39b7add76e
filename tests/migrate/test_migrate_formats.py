"""Report formats: SARIF against the official 2.1.0 schema, JSON shape, GitHub escaping."""

from __future__ import annotations

import json

import jsonschema
import pytest
from migrate_support import FIXTURES, check

from cartesia_cli.migrate.model import Applicability, Finding, Fix, Position
from cartesia_cli.migrate.reporters import github
from cartesia_cli.migrate.rules import RULES


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.usefixtures("in_old")
@pytest.mark.parametrize("extra", [[], ["--unsafe-fixes"], ["--select", "CAR302"]])
def test_sarif_is_valid_against_the_schema(sarif_validator, extra):
    log = json.loads(check(".", "--output-format", "sarif", *extra).text)
    errors = sorted(sarif_validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_the_validator_rejects_a_broken_log(sarif_validator):
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": [
        {"message": {"text": "x"}, "level": "fatal"}]}]}
    messages = {e.message for e in sarif_validator.iter_errors(broken)}
    assert any("'name' is a required property" in m for m in messages)
    assert any("'fatal' is not one of" in m for m in messages)


@pytest.mark.usefixtures("in_old")
def test_json_report_shape():
    report = json.loads(check("narrator.py", "--output-format", "json").text)
    assert set(report[0]) == {"code", "name", "severity", "message", "hint", "filename",
                              "location", "end_location", "fix"}
    fixes = [item["fix"] for item in report if item["fix"]]
    assert {fix["applicability"] for fix in fixes} == {"safe", "unsafe"}
    for fix in fixes:
        for edit in fix["edits"]:
            assert set(edit) == {"content", "location", "end_location"}


def test_github_annotations_escape_their_syntax():
    finding = Finding("CAR301", "line one\nline 100%: done", "dir,with:odd/file.py", 0, 3,
                      Fix.replace(0, 3, "x", "fix", Applicability.SAFE),
                      Position(2, 5), Position(2, 8))
    line = github([finding])
    assert line.startswith("::error title=cartesia migrate-check (CAR301),"
                           "file=dir%2Cwith%3Aodd/file.py,line=2,col=5,endLine=2,endColumn=8::")
    assert "line one%0Aline 100%25: done%0Ahint: " in line
    assert line.count("\n") == 1
