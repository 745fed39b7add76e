"""1. Startup: `cartesia --help` and `--version` against a bare Typer app (the framework floor)."""

from __future__ import annotations

from harness.bench import Bench, describe_command
from harness.model import SuiteResult, ratio
from harness.procs import Run

GOAL = "1. Startup"


def wall_ms(run: Run) -> float:
    return run.wall_s * 1000


def run(bench: Bench) -> SuiteResult:
    tools = bench.tools
    commands = {
        "cartesia --help": [*tools.cartesia, "--help"],
        "cartesia --version": [*tools.cartesia, "--version"],
        "floor --help": [*tools.floor, "--help"],
        "floor --version": [*tools.floor, "--version"],
    }
    result = SuiteResult("startup", "Startup (process start to exit)")
    result.setup["commands"] = {k: describe_command(v) for k, v in commands.items()}
    for m in bench.repeat(commands, bench.plan.startup_runs, metric=wall_ms, unit="ms").values():
        result.add(m)
    result.figures += [
        ratio("startup.help", "`cartesia --help` vs Typer floor `--help`",
              result.find("cartesia --help"), result.find("floor --help"),
              target="<= 1.2", goal=GOAL),
        ratio("startup.version", "`cartesia --version` vs Typer floor `--version`",
              result.find("cartesia --version"), result.find("floor --version"),
              target="<= 1.2", goal=GOAL),
    ]
    return result
