"""What a benchmark run produces: measurements (repeated samples), figures (ratios with goals)."""

from __future__ import annotations

import math
import operator
import statistics
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt,
}


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def percentile(values: Iterable[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest value with at least `pct`% of samples at or below."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Measurement:
    """One quantity sampled over repeated runs (or over every chunk of several runs)."""

    label: str
    unit: str  # "s", "ms", "MiB", "cpu-s/h" ...
    samples: list[float]
    keep_samples: bool = True  # False for per-chunk data: only the summary goes in the report
    error: str | None = None  # why it could not be measured (e.g. the SDK failed)

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.samples)

    @property
    def median(self) -> float:
        return median(self.samples)

    @property
    def p99(self) -> float:
        return percentile(self.samples, 99)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"label": self.label, "unit": self.unit, "n": len(self.samples)}
        if self.error:
            data["error"] = self.error
        if self.samples:
            data["median"] = self.median
            data["p99"] = self.p99
            data["min"] = min(self.samples)
            data["max"] = max(self.samples)
        if self.keep_samples:
            data["samples"] = self.samples
        return data


@dataclass
class Figure:
    """A reported number: usually measured/reference, both from this run, with its goal."""

    key: str  # stable id, e.g. "startup.help"
    title: str
    value: float | None  # None when a side could not be measured
    unit: str  # "x" for ratios
    measured: str  # what the number is (labels of the measurements involved)
    reference: str  # what it is compared with
    target: str | None = None  # e.g. "<= 1.2"; None: reported without a goal
    goal: str | None = None  # which issue goal this figure answers, e.g. "1. Startup"
    note: str = ""
    holds: bool | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.target is not None and self.value is not None:
            op, limit = self.target.split()
            self.holds = _COMPARE[op](self.value, float(limit))

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def ratio(key: str, title: str, measured: Measurement, reference: Measurement | float | None,
          *, reference_label: str | None = None, target: str | None = None,
          goal: str | None = None, note: str = "", use: str = "median") -> Figure:
    """measured / reference (medians unless `use` says p99), or an unmeasured figure."""
    ref_value: float | None
    if isinstance(reference, Measurement):
        ref_value = getattr(reference, use) if reference.ok else None
        ref_label = reference_label or reference.label
        if not reference.ok:
            note = note or f"not measured: {reference.error or 'no samples'}"
    else:
        ref_value = reference
        ref_label = reference_label or "reference"
    value = None
    if measured.ok and ref_value:
        value = getattr(measured, use) / ref_value
    elif not measured.ok:
        note = note or f"not measured: {measured.error or 'no samples'}"
    return Figure(key, title, value, "x", f"{use} {measured.label}", f"{use} {ref_label}",
                  target, goal, note)


@dataclass
class SuiteResult:
    name: str
    title: str
    measurements: list[Measurement] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    setup: dict[str, Any] = field(default_factory=dict)  # what was run: texts, sizes, commands
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0

    def add(self, measurement: Measurement) -> Measurement:
        self.measurements.append(measurement)
        return measurement

    def find(self, label: str) -> Measurement:
        return next(m for m in self.measurements if m.label == label)

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title, "setup": self.setup, "seconds": round(self.seconds, 1),
            "error": self.error, "notes": self.notes,
            "measurements": [m.to_json() for m in self.measurements],
            "figures": [f.to_json() for f in self.figures],
        }
