"""Applying fixes: pick non-overlapping edits, splice them in, and show changes as a diff."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from cartesia_cli.migrate.model import Edit, Finding


def _conflict(a: Edit, b: Edit) -> bool:
    # Two insertions at one point, or any overlap, cannot both be applied in one pass.
    return a.start == b.start or (a.start < b.end and b.start < a.end)


def choose(findings: Iterable[Finding], unsafe: bool) -> list[Finding]:
    """Findings whose fixes can be applied together, in file order. The rest wait for the next
    pass, when their positions have been recomputed (ruff does the same)."""
    chosen: list[Finding] = []
    taken: list[Edit] = []
    for finding in sorted((f for f in findings if f.fixable(unsafe)),
                          key=lambda f: (min(e.start for e in f.fix.edits), f.code)):  # type: ignore[union-attr]
        edits = finding.fix.edits  # type: ignore[union-attr]
        if any(_conflict(e, t) for e in edits for t in taken):
            if all(e in taken for e in edits):
                chosen.append(finding)  # the very same edits: fixed along with the other finding
            continue
        taken.extend(edits)
        chosen.append(finding)
    return chosen


def apply(text: str, findings: Iterable[Finding]) -> str:
    edits = {e for f in findings if f.fix for e in f.fix.edits}
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[:edit.start] + edit.content + text[edit.end:]
    return text


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
