"""Run every benchmark and write benchmarks/RESULTS.md and benchmarks/results.json.

    python benchmarks/run.py            # the full run (about 7 minutes on 2 cores)
    python benchmarks/run.py --quick    # a smoke run: tiny sizes, the SDK only if installed

Run it with the Python that has cartesia-cli installed. The official SDK is installed on first use
into its own venv under benchmarks/.work/ (needs the package index once). See README.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import sys
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import machine, report  # noqa: E402
from harness.bench import Bench, describe_command  # noqa: E402
from harness.emulator import emulator  # noqa: E402
from harness.model import SuiteResult  # noqa: E402
from harness.plan import FULL, QUICK  # noqa: E402
from harness.sdk import SDK_REQUIREMENT, ensure_sdk  # noqa: E402
from harness.suites import (  # noqa: E402
    batch,
    latency,
    memory,
    migrate,
    startup,
    throughput,
    transport_options,
    ttfa,
    typer_options,
)
from harness.tools import BENCH_DIR, find_tools, scrub_paths  # noqa: E402

# Suites that share one emulator, then suites that start their own (traced, or slowed down).
SHARED = {"startup": startup, "ttfa": ttfa, "throughput": throughput, "memory": memory}
OWN_EMULATOR = {"latency": latency, "batch": batch}
OFFLINE = {"migrate": migrate}  # no emulator: files on disk
SUITES = {**SHARED, **OWN_EMULATOR, **OFFLINE}
# Run only when named in --only (they answer a design question, not a goal); shared emulator.
ON_REQUEST = {"typer": typer_options, "transport": transport_options}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmarks of cartesia-cli against its peers.")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: every suite, tiny sizes, a few repeats")
    parser.add_argument("--sdk", choices=("install", "auto", "skip"),
                        help="install: create the SDK venv if missing (default for a full run); "
                        "auto: use it only if already installed (default for --quick); skip")
    parser.add_argument("--only", help="comma-separated suites: " + ",".join(SUITES)
                        + " (and, only when named: " + ",".join(ON_REQUEST) + ")")
    parser.add_argument("--out", type=Path, default=BENCH_DIR,
                        help="where RESULTS.md and results.json go (default: benchmarks/)")
    parser.add_argument("--work", type=Path, default=BENCH_DIR / ".work" / "run",
                        help="scratch directory (default: benchmarks/.work/run)")
    parser.add_argument("--merge", action="store_true",
                        help="keep the other suites of the results.json in --out: re-run only "
                        "the --only suites and rewrite RESULTS.md with all of them")
    args = parser.parse_args(argv)
    unknown = set((args.only or "").split(",")) - set(SUITES) - set(ON_REQUEST) - {""}
    if unknown:
        parser.error(f"unknown suite(s): {', '.join(sorted(unknown))}")
    return args


def run_suite(bench: Bench, name: str, module: Any) -> SuiteResult:
    bench.log(f"== {name}")
    started = time.perf_counter()
    try:
        result: SuiteResult = module.run(bench)
    except Exception as exc:  # noqa: BLE001 - one broken suite must not lose the others
        bench.log(traceback.format_exc())
        error = scrub_paths(f"{type(exc).__name__}: {exc}", bench.tools)
        result = SuiteResult(name, name, error=error)
    result.seconds = time.perf_counter() - started
    for figure in result.figures:
        shown = "n/a" if figure.value is None else f"{figure.value:.3g}{figure.unit}"
        verdict = "" if figure.target is None else f" (target {figure.target}: " + (
            "holds" if figure.holds else "does not hold" if figure.holds is False else "n/a") + ")"
        bench.log(f"  {figure.title}: {shown}{verdict}")
    bench.done[name] = result
    return result


def sdk_notes(bench: Bench, versions: dict[str, str]) -> list[str]:
    """Whether the official SDK could talk to the emulator, transport by transport."""
    if bench.tools.sdk_python is None:
        return [f"The official SDK was not measured: {bench.sdk_reason}."]
    failed: dict[str, str] = {}
    used = set()
    for suite in bench.done.values():
        for m in suite.measurements:
            if m.label.startswith("sdk "):
                transport = m.label.split()[1]
                used.add(transport)
                if m.error:
                    failed.setdefault(transport, m.error)
    if not used:
        return []
    version = versions.get("cartesia", "?")
    notes = [f"The official SDK (cartesia {version}) failed on {t}: {report.one_line(e)}"
             for t, e in sorted(failed.items())]
    fine = sorted(used - set(failed))
    if fine:
        notes.append(f"The official SDK (cartesia {version}) worked against the emulator on: "
                     + ", ".join(fine) + ".")
    return notes


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = QUICK if args.quick else FULL
    selected = [s for s in SUITES if not args.only or s in args.only.split(",")]
    selected += [s for s in ON_REQUEST if args.only and s in args.only.split(",")]
    shared = {**SHARED, **ON_REQUEST}
    args.work.mkdir(parents=True, exist_ok=True)
    tools = find_tools(args.work)
    sdk_python, sdk_versions, sdk_reason = ensure_sdk(
        BENCH_DIR / ".work", args.sdk or ("auto" if args.quick else "install"))
    tools = dataclasses.replace(tools, sdk_python=str(sdk_python) if sdk_python else None)
    bench = Bench(plan, tools, sdk_reason=scrub_paths(sdk_reason, tools))
    started = datetime.datetime.now(datetime.UTC)
    clock = time.perf_counter()
    info = machine.describe(tools.curl)
    with emulator(tools) as base_url:
        bench.base_url = base_url
        for name in (s for s in selected if s in shared):
            run_suite(bench, name, shared[name])
    for name in (s for s in selected if s in OWN_EMULATOR):
        run_suite(bench, name, OWN_EMULATOR[name])
    for name in (s for s in selected if s in OFFLINE):
        run_suite(bench, name, OFFLINE[name])
    shown_argv = list(argv if argv is not None else sys.argv[1:])
    data = {
        "schema": report.SCHEMA,
        "command": describe_command([sys.executable, "benchmarks/run.py", *shown_argv]),
        "mode": "quick" if args.quick else "full",
        "started": started.strftime("%Y-%m-%d %H:%M UTC"),
        "seconds": round(time.perf_counter() - clock, 1),
        "machine": info,
        "sdk": {"requirement": SDK_REQUIREMENT, "versions": sdk_versions,
                "status": "in use" if sdk_python else sdk_reason},
        "plan": plan.to_json(),
        "suites": {name: result.to_json() for name, result in bench.done.items()},
        "notes": sdk_notes(bench, sdk_versions),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    if args.merge and (args.out / "results.json").is_file():
        data = report.merge(report.read_json(args.out / "results.json"), data)
    report.write_json(args.out / "results.json", data)
    report.write_markdown(args.out / "RESULTS.md", data)
    bench.log(f"wrote {args.out / 'RESULTS.md'} and results.json in "
              f"{time.perf_counter() - clock:.0f} s")
    failed = [name for name, result in bench.done.items() if result.error]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
