"""The benchmark harness runs end to end (quick mode) and writes a complete, well-formed report.

No time is asserted: speed is what the benchmarks report, not what tests check. The SDK parts run
only if its venv is already installed (`--sdk auto`); they never reach the network from here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUITES = {"startup", "ttfa", "latency", "throughput", "memory", "batch", "migrate"}
GOALS = {"1. Startup", "2. Time to first audio", "3. Client-added latency", "4. Throughput",
         "5. Memory", "6. Batch", "7. Scan speed"}


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str, Path]:
    base = tmp_path_factory.mktemp("bench")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--sdk", "auto",
         "--out", str(base / "out"), "--work", str(base / "work")],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    data = json.loads((base / "out" / "results.json").read_text())
    return data, (base / "out" / "RESULTS.md").read_text(), base


@pytest.mark.slow
def test_every_suite_ran_and_measured_something(quick_run):
    data, _, _ = quick_run
    assert data["schema"] == 1 and data["mode"] == "quick"
    assert set(data["suites"]) == SUITES
    sdk_in_use = data["sdk"]["status"] == "in use"
    for name, suite in data["suites"].items():
        assert suite["error"] is None, (name, suite["error"])
        assert suite["figures"], name
        for m in suite["measurements"]:
            if m.get("error"):  # only the SDK may be missing, and only when it is not installed
                assert m["label"].startswith("sdk") and not sdk_in_use, (name, m)
            else:
                assert m["n"] > 0 and m["median"] >= 0, (name, m)


@pytest.mark.slow
def test_figures_are_ratios_against_a_reference_with_their_goals(quick_run):
    data, _, _ = quick_run
    figures = [f for suite in data["suites"].values() for f in suite["figures"]]
    assert {f["goal"] for f in figures if f["goal"]} == GOALS
    for f in figures:
        assert f["measured"] and f["reference"], f
        if f["value"] is None:
            assert "sdk" in f["reference"] and data["sdk"]["status"] != "in use", f
            assert f["holds"] is None
        else:
            assert f["value"] > 0 or f["unit"] == "ms", f
            if f["target"]:
                assert isinstance(f["holds"], bool), f


@pytest.mark.slow
def test_report_describes_the_machine_and_the_command(quick_run):
    data, markdown, base = quick_run
    machine = data["machine"]
    assert machine["cores"] >= 1 and machine["cpu"] and machine["python"].startswith("CPython")
    assert machine["packages"]["cartesia-cli"] and machine["packages"]["typer"]
    assert data["command"].startswith("python benchmarks/run.py --quick")
    assert f"`{data['command']}`" in markdown
    assert "## Goals" in markdown and "## Machine" in markdown
    for title in GOALS:
        assert f"| {title} |" in markdown
    # Reports never carry this machine's directories.
    for text in (markdown, json.dumps(data)):
        assert str(base) not in text and str(ROOT) not in text


@pytest.mark.slow
def test_merge_reruns_one_suite_and_keeps_the_others(quick_run):
    data, _, base = quick_run
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--sdk", "skip",
         "--only", "migrate", "--merge", "--out", str(base / "out"), "--work", str(base / "work")],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    merged = json.loads((base / "out" / "results.json").read_text())
    assert set(merged["suites"]) == SUITES
    assert merged["suites"]["startup"] == data["suites"]["startup"]
    assert [m["suites"] for m in merged["merged"]] == [["migrate"]]
    markdown = (base / "out" / "RESULTS.md").read_text()
    assert "Suite(s) migrate re-run by `python benchmarks/run.py --quick" in markdown
    assert "| 7. Scan speed |" in markdown and "| 1. Startup |" in markdown
