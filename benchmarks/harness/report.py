"""RESULTS.md and results.json from one run's data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA = 1


def read_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """An earlier run's data with the suites of a newer (partial) run put in: each suite keeps
    the figures of the run that measured it, and the report says which run that was."""
    merged = dict(old)
    merged["suites"] = {**old["suites"], **new["suites"]}
    earlier = [m for m in old.get("merged", []) if not set(m["suites"]) <= set(new["suites"])]
    merged["merged"] = [*earlier, {
        "suites": sorted(new["suites"]), "command": new["command"], "mode": new["mode"],
        "started": new["started"], "seconds": new["seconds"],
        "load_average_at_start": new["machine"]["load_average_at_start"]}]
    return merged


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n", encoding="utf-8")


def _value(figure: dict[str, Any]) -> str:
    value = figure["value"]
    if value is None:
        return "n/a"
    return f"{value:.2f}x" if figure["unit"] == "x" else f"{value:.3g} {figure['unit']}"


def _holds(figure: dict[str, Any]) -> str:
    if figure["target"] is None:
        return "(no target)"
    return {True: "**yes**", False: "**no**", None: "not measured"}[figure["holds"]]


def one_line(text: str, limit: int = 300) -> str:
    """Error text fit for a table cell or a list item."""
    text = " ".join(text.split()).replace("|", "/")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _number(value: float) -> str:
    return f"{value:.4g}" if abs(value) < 1e5 else f"{value:.0f}"


def _measurement_rows(measurements: list[dict[str, Any]]) -> list[str]:
    rows = ["| Measurement | median | p99 | min | max | n | unit |",
            "|---|---|---|---|---|---|---|"]
    for m in measurements:
        if "median" not in m:
            rows.append(f"| {m['label']} | n/a | | | | 0 | {m['unit']} |")
            continue
        rows.append(f"| {m['label']} | {_number(m['median'])} | {_number(m['p99'])} | "
                    f"{_number(m['min'])} | {_number(m['max'])} | {m['n']} | {m['unit']} |")
    return rows


def _machine(data: dict[str, Any]) -> list[str]:
    machine = data["machine"]
    packages = ", ".join(f"{k} {v}" for k, v in machine["packages"].items() if v)
    sdk = data.get("sdk") or {}
    sdk_text = (", ".join(f"{k} {v}" for k, v in sdk.get("versions", {}).items())
                or sdk.get("status", "not used"))
    return [
        "| | |", "|---|---|",
        f"| CPU | {machine['cpu']}, {machine['cores']} cores |",
        f"| Memory | {machine['memory_gib']} GiB |",
        f"| OS | {machine['os']} |",
        f"| Python | {machine['python']} |",
        f"| Load average at start | {', '.join(map(str, machine['load_average_at_start']))} |",
        f"| Packages (CLI venv) | {packages} |",
        f"| Official SDK (own venv) | {sdk_text} |",
        f"| curl | {machine['curl'] or 'not found'} |",
    ]


def _goals(data: dict[str, Any]) -> list[str]:
    rows = ["| Goal | Figure | Value | Target | Holds |", "|---|---|---|---|---|"]
    for suite in data["suites"].values():
        for f in suite["figures"]:
            if f["goal"] is None:
                continue
            target = f["target"] or ""
            note = " (not measured: see the details)" if f["value"] is None else ""
            rows.append(f"| {f['goal']} | {f['title']}{note} | {_value(f)} | {target} | "
                        f"{_holds(f)} |")
    return rows


def _suite(name: str, suite: dict[str, Any]) -> list[str]:
    lines = [f"### {suite['title']}", ""]
    if suite["error"]:
        lines += [f"**This suite failed:** {one_line(suite['error'])}", ""]
    setup = {k: v for k, v in suite["setup"].items() if k != "commands"}
    if setup:
        lines += ["Setup: " + "; ".join(f"{k} = {json.dumps(v)}" for k, v in setup.items()), ""]
    if suite["figures"]:
        lines += ["| Figure | Value | Measured | Reference | Target | Holds |",
                  "|---|---|---|---|---|---|"]
        for f in suite["figures"]:
            lines.append(f"| {f['title']} | {_value(f)} | {f['measured']} | {f['reference']} | "
                         f"{f['target'] or ''} | {_holds(f)} |")
        lines.append("")
    if suite["measurements"]:
        lines += _measurement_rows(suite["measurements"]) + [""]
    commands = suite["setup"].get("commands") or {}
    if commands:
        lines += ["Commands:", ""]
        lines += [f"- {label}: `{cmd}`" if cmd else f"- {label}: not run" for label, cmd
                  in commands.items()]
        lines.append("")
    problems = [f"- {m['label']}: {one_line(m['error'])}" for m in suite["measurements"]
                if m.get("error")]
    notes = [f"- {note}" for note in suite["notes"]]
    if notes or problems:
        lines += ["Notes:", ""] + notes + problems + [""]
    lines.append(f"({suite['seconds']} s)")
    return lines + [""]


def write_markdown(path: Path, data: dict[str, Any]) -> None:
    held = [f for s in data["suites"].values() for f in s["figures"] if f["target"] and f["goal"]]
    lines = [
        "# Benchmark results",
        "",
        f"Produced by `{data['command']}` ({data['mode']} run) on {data['started']}, "
        f"in {data['seconds']:.0f} s. Generated file: do not edit; re-run the command.",
        "",
        *[f"Suite(s) {', '.join(m['suites'])} re-run by `{m['command']}` ({m['mode']} run) on "
          f"{m['started']}, in {m['seconds']:.0f} s (load average at start "
          f"{', '.join(map(str, m['load_average_at_start']))}); the other figures are from the "
          "run above.\n" for m in data.get("merged", [])],
        "Every ratio compares medians of repeated runs measured in this same run, against the "
        "local emulator (tone engine, no added latency unless stated). What each figure means: "
        "benchmarks/README.md.",
        "",
        "## Machine",
        "",
        *_machine(data),
        "",
        f"## Goals ({sum(f['holds'] is True for f in held)} of {len(held)} hold)",
        "",
        *_goals(data),
        "",
        "## Details",
        "",
    ]
    for name, suite in data["suites"].items():
        lines += _suite(name, suite)
    if data.get("notes"):
        lines += ["## Notes", ""] + [f"- {n}" for n in data["notes"]] + [""]
    path.write_text("\n".join(lines), encoding="utf-8")
