"""Applying fixes: pick non-overlapping edits, splice them in, and show changes as a diff."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from cartesia_cli.migrate import linediff
from cartesia_cli.migrate.model import Edit, Finding


def _conflict(a: Edit, b: Edit) -> bool:
    # Two insertions at one point, or any overlap, cannot both be applied in one pass.
    return a.start == b.start or (a.start < b.end and b.start < a.end)


class _Taken:
    """Edits chosen so far, sorted by start. They never conflict with one another, so they are
    disjoint and an edit can only conflict with its neighbours: a binary search instead of a
    comparison with every edit taken (quadratic with tens of thousands of fixes)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.edits: list[Edit] = []
        self.members: set[Edit] = set()

    def conflicts(self, edit: Edit) -> bool:
        i = bisect.bisect_left(self.starts, edit.start)
        # Of those starting before it, only the last can reach it.
        if i > 0 and _conflict(edit, self.edits[i - 1]):
            return True
        # Of those starting at or after it, the first is the only one that can reach it.
        return i < len(self.edits) and _conflict(edit, self.edits[i])

    def add(self, edit: Edit) -> None:
        i = bisect.bisect_left(self.starts, edit.start)
        self.starts.insert(i, edit.start)
        self.edits.insert(i, edit)
        self.members.add(edit)


def choose(findings: Iterable[Finding], unsafe: bool) -> list[Finding]:
    """Findings whose fixes can be applied together, in file order. The rest wait for the next
    pass, when their positions have been recomputed (ruff does the same)."""
    chosen: list[Finding] = []
    taken = _Taken()
    for finding in sorted((f for f in findings if f.fixable(unsafe)),
                          key=lambda f: (min(e.start for e in f.fix.edits), f.code)):  # type: ignore[union-attr]
        edits = finding.fix.edits  # type: ignore[union-attr]
        if any(taken.conflicts(e) for e in edits) or _self_conflict(edits):
            if all(e in taken.members for e in edits):
                chosen.append(finding)  # the very same edits: fixed along with the other finding
            continue
        for edit in edits:
            taken.add(edit)
        chosen.append(finding)
    return chosen


def _self_conflict(edits: tuple[Edit, ...]) -> bool:
    return any(_conflict(a, b) for i, a in enumerate(edits) for b in edits[i + 1:])


def apply(text: str, findings: Iterable[Finding]) -> str:
    """Splice every edit in one pass (the edits do not overlap): re-slicing the whole text for
    each edit would be quadratic."""
    # Sorted, the same edit shared by findings fixed together sits next to itself: kept once.
    # (Chosen findings come in file order, so the sort has little to do.)
    edits = sorted((e for f in findings if f.fix for e in f.fix.edits),
                   key=lambda e: (e.start, e.end, e.content))
    pieces = []
    pos = 0
    previous = None
    for edit in edits:
        if edit == previous:
            continue
        previous = edit
        pieces.append(text[pos:edit.start])
        pieces.append(edit.content)
        pos = edit.end
    pieces.append(text[pos:])
    return "".join(pieces)


def unified_diff(path: str, before: str, after: str) -> str:
    lines = linediff.unified_diff(before.splitlines(keepends=True),
                                  after.splitlines(keepends=True), f"a/{path}", f"b/{path}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
