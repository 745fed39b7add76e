"""The benchmark harness runs end to end (quick mode) and writes a complete, well-formed report.

No time is asserted: speed is what the benchmarks report, not what tests check. The SDK parts run
only if its venv is already installed (`--sdk auto`); they never reach the network from here.
"""

from __future__ import annotations

import importlib.util
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


@pytest.mark.slow
def test_transport_suite_runs_only_when_named_and_checks_every_stack(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--sdk", "skip",
         "--only", "transport", "--out", str(tmp_path / "out"), "--work", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    data = json.loads((tmp_path / "out" / "results.json").read_text())
    suite = data["suites"]["transport"]
    assert suite["error"] is None
    # Modules that are not dependencies of cartesia-cli: their rows run only where installed.
    optional = {"bytes: h11 + socket": "h11", "bytes: urllib3": "urllib3",
                "websocket: wsproto + socket": "wsproto", "parse: h11": "h11"}
    installed = {name for name in ("h11", "urllib3", "wsproto")
                 if importlib.util.find_spec(name) is not None}
    rows = {m["label"]: m for m in suite["measurements"]}
    assert {*optional, "bytes: httptools + socket", "websocket: websockets Sans-I/O + socket",
            "parse: httptools", "parse: http.client"} <= set(rows)
    for label, m in rows.items():
        needs = optional.get(label)
        if needs and needs not in installed:  # skipped, and says why
            assert m["n"] == 0 and f"{needs} is not installed" in m["error"], m
        else:  # every run was checked for the whole audio (the suite's check), or it would fail
            assert "error" not in m and m["n"] > 0 and m["median"] > 0, m
    figures = {f["key"]: f for f in suite["figures"]}
    ways = ["httpx", "httpx-noverify", "httptools", "http.client", "websockets",
            "websockets-sansio", *(["h11"] if "h11" in installed else [])]
    for way in ways:
        assert figures[f"transport.{way}.python"]["unit"] == "ms"
        for reference in ("curl", "floor"):
            assert figures[f"transport.{way}.{reference}"]["value"] > 0
    # The parse part: each parser's CPU ms, and the others against httptools (the CLI's).
    parsers = ["httptools", "http.client", *(["h11"] if "h11" in installed else [])]
    for parser in parsers:
        figure = figures[f"transport.parse.{parser}"]
        assert figure["unit"] == "cpu-ms" and figure["value"] > 0, figure
    for parser in parsers[1:]:
        assert figures[f"transport.parse.{parser}.httptools"]["value"] > 0
    parse = suite["setup"]["parse"]
    assert parse["chunk_bytes"] == 3528 and parse["http_chunks"] > parse["sentences"] > 0
    assert parse["audio_seconds"] >= data["plan"]["throughput_audio_s"]  # the throughput text
    # The imports the choice rests on: the CLI's stacks need no ssl; httpx brings ssl and certifi.
    notes = {n.split(": imports")[0]: n for n in suite["notes"] if ": imports " in n}
    watched = {label: note.split("among them: ")[1] for label, note in notes.items()}
    assert watched["bytes: httptools + socket"].startswith("none of ssl, ")
    if "h11" in installed:
        assert watched["bytes: h11 + socket"].startswith("none of ssl, ")
    named = {label: {name.split(" (from ")[0] for name in text.split(", ")}
             for label, text in watched.items()}
    assert "ssl" not in named["websocket: websockets Sans-I/O + socket"]
    assert {"ssl", "certifi"} <= named["bytes: httpx.Client()"]
    assert "ssl (from http.client)" in watched["bytes: http.client"]  # who imported it
    markdown = (tmp_path / "out" / "RESULTS.md").read_text()
    assert "### Transport stacks" in markdown and "## Goals (0 of 0 hold)" in markdown
    assert "parse: h11 vs httptools, CPU" in markdown or "h11" not in installed
