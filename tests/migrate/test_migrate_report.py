"""migrate-check reports on the golden fixtures: every format, statistics, exit codes, noqa,
--select/--ignore, --target-version, stdin, and no false positives on modern clients."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from migrate_support import EXPECTED, FIXTURE_KEY, MODERN, OLD, check, codes

from cartesia_cli import __version__
from cartesia_cli.migrate.rules import RULES

pytestmark = pytest.mark.usefixtures("in_old")


def test_text_report_matches_golden(golden):
    run = check(".", expect=1)
    golden("report.txt", run.text)
    golden("summary.txt", run.stderr)
    assert run.text.splitlines()[0].count(":") >= 3  # path:line:col: CODE message


@pytest.mark.parametrize("fmt, name", [("json", "report.json"), ("sarif", "report.sarif"),
                                       ("github", "report.github")])
def test_machine_formats_match_golden(golden, fmt, name):
    run = check(".", "--output-format", fmt, expect=1)
    # The CLI's own version appears in SARIF; keep the golden file valid across releases.
    golden(name, run.text.replace(f'"version": "{__version__}"', '"version": "<cli version>"'))
    assert run.stderr == ""  # machine formats keep stderr quiet


@pytest.mark.parametrize("fmt, name", [("text", "statistics.txt"), ("json", "statistics.json")])
def test_statistics_match_golden(golden, fmt, name):
    run = check(".", "--statistics", "--output-format", fmt, expect=1)
    golden(name, run.text)


def test_statistics_count_the_report():
    listed = codes(check(".", "--output-format", "json"))
    rows = json.loads(check(".", "--statistics", "--output-format", "json").text)
    assert {row["code"]: row["count"] for row in rows} == {c: listed.count(c) for c in listed}


def test_every_rule_has_a_fixture():
    seen = set(codes(check(".", "--output-format", "json")))
    assert seen == set(RULES), f"rules without a fixture: {sorted(set(RULES) - seen)}"


def test_every_finding_is_located_on_its_evidence():
    """Each finding's column points at text the rule is about (spot checks per rule family)."""
    report = json.loads(check(".", "--output-format", "json").text)
    evidence = {"CAR101": "/v0", "CAR301": "X-API-Key", "CAR302": "sk_car_", "CAR501": "chunk_time",
                "CAR502": "lookahead", "CAR601": "bytes", "CAR602": "sse", "CAR604": "voice_id"}
    for item in report:
        if item["code"] in evidence:
            line = (OLD / item["filename"]).read_text().splitlines()[item["location"]["row"] - 1]
            # Quoted keys are reported from their opening quote.
            at = line[item["location"]["column"] - 1:].lstrip("\"'")
            assert at.startswith(evidence[item["code"]]), item


def test_hard_coded_key_is_reported_redacted():
    run = check("v0_tts.sh", expect=1)
    assert "CAR302 hard-coded Cartesia API key `sk_car_…GI5r`" in run.text
    for fmt in ("json", "sarif", "github"):
        assert "sk_car_…GI5r" in check("v0_tts.sh", "--output-format", fmt).text
    assert "sk_car_…GI5r" in check("v0_tts.sh", "--diff").text  # diff context lines too


def test_modern_clients_have_no_findings():
    run = check(str(MODERN), expect=0)
    assert run.text == ""
    assert run.stderr == "All checks passed.\n"
    sarif = json.loads(check(str(MODERN), "--output-format", "sarif", expect=0).text)
    assert sarif["runs"][0]["results"] == []


def test_noqa_suppresses_only_the_named_codes(tmp_path):
    run = check("noqa_cases.py", "noqa_cases.js", "README.md", "--output-format", "json")
    found = {(item["filename"], item["location"]["row"], item["code"])
             for item in json.loads(run.text)}
    assert ("noqa_cases.py", 8, "CAR204") in found  # its comment names another tool's code
    assert ("noqa_cases.js", 3, "CAR101") in found
    assert not {f for f in found if f[0] == "noqa_cases.py" and f[1] in (5, 6, 7)}
    assert not {f for f in found if f[0] == "noqa_cases.js" and f[1] == 2}
    assert not {f for f in found if f[0] == "README.md" and f[2] == "CAR204" and f[1] > 50}
    # Without the comments, the same lines are reported: the suppression did the work.
    for name in ("noqa_cases.py", "noqa_cases.js"):
        text = (OLD / name).read_text()
        stripped = re.sub(r"\s+(?:#|//) noqa.*", "", text)
        (tmp_path / name).write_text(stripped)
    bare = codes(check(str(tmp_path), "--output-format", "json"))
    assert {"CAR101", "CAR102", "CAR103", "CAR204"} <= set(bare)
    assert bare.count("CAR101") == 3  # line 5 of the .py file, lines 2 and 3 of the .js file


def test_select_and_ignore_take_codes_and_prefixes():
    selected = codes(check(".", "--select", "CAR3,CAR101", "--output-format", "json"))
    assert selected and set(selected) <= {"CAR301", "CAR302", "CAR101"}
    assert {"CAR301", "CAR302", "CAR101"} <= set(selected)
    ignored = codes(check(".", "--ignore", "CAR5", "--ignore", "CAR7", "--output-format", "json"))
    assert ignored and not [c for c in ignored if c.startswith(("CAR5", "CAR7"))]
    assert check(".", "--select", "CAR4", "--ignore", "CAR401,CAR402", expect=0).stderr \
        == "All checks passed.\n"


@pytest.mark.parametrize("args, message", [
    (["--select", "CAR9"], "unknown rule selector `CAR9`"),
    (["--ignore", "E501"], "unknown rule selector `E501`"),
    (["--target-version", "next-week"], "invalid API version `next-week`"),
    (["--target-version", "2023-01-01"], "predates the first stable version"),
    (["no/such/dir"], "no such file or directory: `no/such/dir`"),
    (["--statistics", "--output-format", "sarif"], "--statistics works with"),
])
def test_bad_input_exits_2(args, message):
    run = check(*args, expect=2)
    assert run.stderr.startswith("error: ") and message in run.stderr
    assert run.text == ""


def test_target_version_changes_what_is_outdated():
    old = codes(check(".", "--target-version", "2024-06-10", "--output-format", "json"))
    new = codes(check(".", "--output-format", "json"))
    # X-API-Key is right for 2024-06-10; pins of 2024-06-10 are current; errors are plain text.
    assert "CAR301" in new and "CAR301" not in old
    assert "CAR205" in new and "CAR205" not in old
    assert "CAR508" in new and "CAR508" not in old
    assert new.count("CAR204") > old.count("CAR204")
    # Removed-for-everyone things do not depend on the target.
    for code in ("CAR101", "CAR104", "CAR506", "CAR509"):
        assert old.count(code) == new.count(code)


def test_unknown_target_version_warns_and_behaves_as_the_newest_before_it():
    run = check("narrator.py", "--target-version", "2026-12-01", expect=1)
    assert "warning: unknown API version 2026-12-01: behaving as 2026-08-14" in run.stderr
    assert "older than the target version 2026-08-14" in run.text


def test_exit_zero_keeps_the_report():
    run = check(".", "--exit-zero", expect=0)
    assert "CAR101" in run.text


def test_stdin_with_a_filename(golden):
    source = (OLD / "speaker.js").read_text()
    run = check("-", "--stdin-filename", "widget/speaker.js", input=source, expect=1)
    assert run.text.startswith("widget/speaker.js:")
    assert run.text == check("speaker.js").text.replace("speaker.js:", "widget/speaker.js:")


def test_stdin_fix_prints_the_fixed_source():
    source = 'import requests\nrequests.get("http://api.cartesia.ai/v0/voices/x/embedding",' \
             ' headers={"Cartesia-Version": "2024-06-10"})\n'
    run = check("-", "--stdin-filename", "a.py", "--fix", input=source, expect=0)
    assert run.text == ('import requests\nrequests.get("https://api.cartesia.ai/voices/x",'
                        ' headers={"Cartesia-Version": "2026-08-14"})\n')
    assert "Fixed 4 finding(s); all checks passed." in run.stderr


def test_list_rules_names_every_code():
    run = check("--list-rules", expect=0)
    assert [line.split()[0] for line in run.text.splitlines()] == list(RULES)


def test_subprocess_entry_point_matches_golden():
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(Path(__file__).parents[2])}
    proc = subprocess.run([sys.executable, "-m", "cartesia_cli", "migrate-check", "--preview", "."],
                          cwd=OLD, env=env, capture_output=True, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.decode() == (EXPECTED / "report.txt").read_text()
    assert FIXTURE_KEY.encode() not in proc.stdout + proc.stderr
