"""What every suite gets: the plan, the programs, the emulator's URL, and a way to repeat runs."""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from harness.model import Measurement, SuiteResult
from harness.plan import Plan
from harness.procs import Run, RunFailed, run
from harness.tools import Tools, child_env, scrub_paths


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
               metric: Callable[[Run], float] | Mapping[str, Callable[[Run], float]],
               unit: str, env: Mapping[str, str] | None = None,
               read_stdout: bool = True, check: Callable[[str, Run], None] | None = None,
               also: Mapping[str, tuple[str, Callable[[Run], float]]] | None = None,
               warmup: int | None = None) -> dict[str, Measurement]:
        """Run every command `runs` times, interleaved, rotating the order each round so no
        command always runs first; `warmup` unmeasured rounds come first (default: the plan's).

        `metric` turns a run into the sample (one for all, or one per label); `also` takes more
        figures from the same runs ({suffix: (unit, metric)}), labelled "<label> <suffix>". A
        command that fails, or is None (a peer that is not available), becomes a Measurement
        with its error instead of samples."""
        env = env or self.env()
        results = {label: Measurement(label, unit, []) for label in commands}
        extra = {(label, suffix): Measurement(f"{label} {suffix}", extra_unit, [])
                 for label in commands for suffix, (extra_unit, _) in (also or {}).items()}
        live = {label: argv for label, argv in commands.items() if argv is not None}
        for label in commands.keys() - live.keys():
            results[label].error = self.sdk_reason or "not available"
        warmup = self.plan.warmup_runs if warmup is None else warmup
        rounds = warmup + runs
        for round_no in range(rounds):
            order = list(live)
            shift = round_no % len(order) if order else 0
            for label in order[shift:] + order[:shift]:
                if results[label].error:
                    continue
                try:
                    measured = run(live[label], env, read_stdout=read_stdout)
                    if check is not None:
                        check(label, measured)
                except (RunFailed, AssertionError) as exc:
                    results[label].error = scrub_paths(str(exc), self.tools)
                    self.log(f"  {label}: FAILED: {exc}")
                    continue
                if round_no >= warmup:
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
    shown = []
    for arg in argv:
        if os.sep in arg and os.path.isabs(arg):
            name = os.path.basename(arg)
            if "benchmarks" in arg.split(os.sep):
                name = arg[arg.rindex("benchmarks"):]
            shown.append("python" if name.startswith("python") else name)
        else:
            shown.append(shlex.quote(arg))
    return " ".join(shown)
