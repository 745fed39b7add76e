"""The suite `typer` (run only when named: `--only typer`): what running a Typer command costs, and
what the CLI's two startup measures save, to choose between the public routes with numbers.

Typer 0.29 converts every parameter value of the command it runs (the help flag's too) through a
pydantic TypeAdapter: the floor's `hello NAME` against its `--version` is that cost. The other
figures: the same command with `parser=`, with no parameter, with the CLI's pass-through of plain
values (`cls=PlainValuesGroup`) and on plain click; then the CLI as built against itself with the
pass-through off (Typer converts every value) and with every subcommand built up front (plain
Typer). No targets: the goals are in `startup` and `ttfa`.
"""

from __future__ import annotations

from harness.bench import Bench, describe_command
from harness.model import SuiteResult, ratio
from harness.procs import Run
from harness.texts import SHORT_TEXT
from harness.tools import PEERS

TRANSPORTS = (("bytes", "say -o -"), ("websocket", "stream -o -"),
              ("sse", "stream --transport sse -o -"))


def wall_ms(run: Run) -> float:
    return run.wall_s * 1000


def first_byte_ms(run: Run) -> float:
    assert run.first_byte_s is not None, "no audio on stdout"
    return run.first_byte_s * 1000


def run(bench: Bench) -> SuiteResult:
    tools = bench.tools
    options = [tools.python, str(PEERS / "typer_options.py")]
    variants = [tools.python, str(PEERS / "cli_variants.py")]
    commands: dict[str, list[str]] = {
        "floor --version": [*tools.floor, "--version"],
        "floor hello NAME": [*tools.floor, "hello", "World"],
        "typer parsed NAME": [*options, "typer", "parsed", "World"],
        "typer bare": [*options, "typer", "bare"],
        "pass-through hello NAME": [*options, "plain", "hello", "World"],
        "click hello NAME": [*options, "click", "hello", "World"],
        "cartesia --version": [*variants, "as-built", "--version"],
        "cartesia --version, eager": [*variants, "eager", "--version"],
    }
    for _, args in TRANSPORTS:
        for way, suffix in (("as-built", ""), ("typer-conversion", ", Typer converts"),
                            ("eager", ", eager")):
            commands[f"cartesia {args}{suffix}"] = [*variants, way, *args.split(), SHORT_TEXT]
    metric = {label: first_byte_ms if " -o -" in label else wall_ms for label in commands}
    result = SuiteResult("typer", "Typer: the cost of running a command, and the CLI's measures")
    result.setup["commands"] = {k: describe_command(v) for k, v in commands.items()}
    for m in bench.repeat(commands, bench.plan.startup_runs, metric=metric, unit="ms").values():
        result.add(m)

    def figure(key: str, title: str, measured: str, reference: str, note: str = "") -> None:
        ours, theirs = result.find(measured), result.find(reference)
        result.figures.append(ratio(key, title, ours, theirs,
                                    note=note if ours.ok and theirs.ok else ""))

    figure("typer.command", "Typer floor: `hello NAME` vs `--version`", "floor hello NAME",
           "floor --version", "what Typer's conversion of a command's values costs")
    figure("typer.parser", "Typer: `hello NAME` with `parser=` vs without", "typer parsed NAME",
           "floor hello NAME", "parser= still builds a pydantic adapter")
    figure("typer.bare", "Typer: a command with no parameter vs `hello NAME`", "typer bare",
           "floor hello NAME", "the help flag alone is converted")
    figure("typer.pass_through", "Typer with the pass-through: `hello NAME` vs floor `--version`",
           "pass-through hello NAME", "floor --version", "cls=PlainValuesGroup (lazy_coercion.py)")
    figure("typer.click", "plain click: `hello NAME` vs Typer floor `--version`",
           "click hello NAME", "floor --version")
    figure("cli.version", "`cartesia --version` as built vs every subcommand built first",
           "cartesia --version", "cartesia --version, eager", "lazy_commands.py")
    for transport, args in TRANSPORTS:
        figure(f"cli.conversion.{transport}",
               f"`{args}` as built vs Typer converting every value ({transport})",
               f"cartesia {args}", f"cartesia {args}, Typer converts", "time to first audio")
        figure(f"cli.eager.{transport}", f"`{args}` as built vs plain Typer ({transport})",
               f"cartesia {args}", f"cartesia {args}, eager",
               "time to first audio; plain Typer: every value converted, every subcommand built")
    return result
