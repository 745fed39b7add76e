"""What every suite gets: the plan, the programs, the emulator's URL, and a way to repeat runs."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from harness.model import Measurement, SuiteResult
from harness.plan import Plan
from harness.procs import Run, RunFailed, run
from harness.tools import Tools, child_env


@dataclass
class Bench:
    plan: Plan
    tools: Tools
    base_url: str = ""  # the shared emulator (tone engine, no added latency)
    sdk_reason: str = ""  # why the SDK is not in use, when it is not
    done: dict[str, SuiteResult] = field(default_factory=dict)  # suites finished so far

    def env(self, base_url: str | None = None, **extra: str) -> dict[str, str]:
        return child_env(self.tools, base_url or self.base_url, **extra)

    def log(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    def repeat(self, commands: Mapping[str, Sequence[str] | None], runs: int, *,
               metric: Callable[[Run], float] | Mapping[str, Callable[[Run], float]], unit: str, env: Mapping[str, str] | None = None,
               read_stdout: bool = True, check: Callable[[str, Run], None] | None = None,
               also: Mapping[str, tuple[str, Callable[[Run], float]]] | None = None,
               ) -> dict[str, Measurement]:
        """Run every command `runs` times (after warm-up), interleaved, rotating the order each
        round so no command always runs first. `metric` turns a run into the sample (one for
        all, or one per label). A command that fails, or is None (a peer that is not available),
        becomes a Measurement with its error instead of samples. `also` names more figures
        taken from the same runs ({suffix: (unit, metric)}), labelled "<label> <suffix>"."""
        env = env or self.env()
        results = {label: Measurement(label, unit, []) for label in commands}
        extra = {(label, suffix): Measurement(f"{label} {suffix}", extra_unit, [])
                 for label in commands for suffix, (extra_unit, _) in (also or {}).items()}
        live = [label for label, argv in commands.items() if argv is not None]
        for label, argv in commands.items():
            if argv is None:
                results[label].error = self.sdk_reason or "not available"
        rounds = self.plan.warmup_runs + runs
        for round_no in range(rounds):
            shift = round_no % len(live) if live else 0
            for label in live[shift:] + live[:shift]:
                if results[label].error:
                    continue
                try:
                    measured = run(commands[label], env, read_stdout=read_stdout)  # type: ignore[arg-type]
                    if check is not None:
                        check(label, measured)
                except (RunFailed, AssertionError) as exc:
                    results[label].error = str(exc)
                    self.log(f"  {label}: FAILED: {exc}")
                    continue
                if round_no >= self.plan.warmup_runs:
                    pick = metric[label] if isinstance(metric, Mapping) else metric
                    results[label].samples.append(pick(measured))
                    for suffix, (_, extra_metric) in (also or {}).items():
                        extra[label, suffix].samples.append(extra_metric(measured))
        for (label, _), measurement in extra.items():
            measurement.error = results[label].error
        return {**results, **{m.label: m for m in extra.values()}}


def describe_command(argv: Sequence[str] | None) -> str | None:
    """A command line for the report, without this machine's directories."""
    if argv is None:
        return None
    import os

    shown = []
    for arg in argv:
        if os.sep in arg and os.path.isabs(arg):
            name = os.path.basename(arg)
            if "benchmarks" in arg.split(os.sep):
                name = arg[arg.rindex("benchmarks"):]
            shown.append("python" if name.startswith("python") else name)
        else:
            shown.append(arg if " " not in arg else repr(arg))
    return " ".join(shown)


def to_dict(value: Any) -> Any:
    return value.to_json() if hasattr(value, "to_json") else value
