"""Unified diffs of a file before and after its fixes, in difflib's format.

difflib's matcher looks for the longest common run of lines and recurses on both sides of it.
When fixes change many lines spread through a file, every common run is short and each step
peels one of them off the front: quadratic (20,000 lines, every other one fixed, took 40 s).
So in a long stretch, the lines that occur exactly once on both sides are matched first, as
patience diff does (or, where there are none, the lines that occur equally often on both
sides); they cut it into short stretches, and only those go through difflib's matcher. A short
file is all difflib's, so its diff reads exactly as before.
"""

from __future__ import annotations

import bisect
import difflib
from collections import Counter
from collections.abc import Iterator, Sequence

Block = tuple[int, int, int]  # a[i:i+n] == b[j:j+n]
# Lines (both sides together) up to which difflib's matcher is used as it is: its cost is at
# worst about the square of this, a few hundredths of a second.
SHORT = 1000


def _anchors(a: Sequence[str], alo: int, ahi: int, b: Sequence[str], blo: int, bhi: int,
             unique: bool) -> list[tuple[int, int]]:
    """Lines to match first, as (i, j) pairs, both increasing. With `unique`, the lines found
    exactly once on each side (patience diff); otherwise every line found as often on one side
    as on the other, its k-th occurrences paired (a stretch of repeated lines, such as many
    copies of one fixed statement between copies of another, has no unique line)."""
    count_a = Counter(a[alo:ahi])
    count_b = Counter(b[blo:bhi])

    def wanted(line: str) -> bool:
        return count_a[line] == count_b[line] and (count_a[line] == 1 or not unique)

    where_b: dict[str, list[int]] = {}
    for j in range(blo, bhi):
        if wanted(b[j]):
            where_b.setdefault(b[j], []).append(j)
    seen: Counter[str] = Counter()
    pairs = []
    for i in range(alo, ahi):
        if wanted(a[i]):
            pairs.append((i, where_b[a[i]][seen[a[i]]]))
            seen[a[i]] += 1
    return _increasing(pairs)


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of pairs (sorted by i) whose j increases too: patience sorting, in
    O(k log k)."""
    tails: list[int] = []  # tails[k]: smallest j ending an increasing run of length k + 1
    tail_at: list[int] = []  # index into pairs of that run's last pair
    before = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        before[index] = tail_at[k - 1] if k else -1
        if k == len(tails):
            tails.append(j)
            tail_at.append(index)
        else:
            tails[k] = j
            tail_at[k] = index
    chain = []
    index = tail_at[-1] if tail_at else -1
    while index >= 0:
        chain.append(pairs[index])
        index = before[index]
    return chain[::-1]


def matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[Block]:
    """Blocks of equal lines, sorted, adjacent ones merged, ending with (len a, len b, 0)."""
    found: list[Block] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        if (ahi - alo) + (bhi - blo) <= SHORT:
            _difflib_blocks(a, alo, ahi, b, blo, bhi, found)
            continue
        while alo < ahi and blo < bhi and a[alo] == b[blo]:  # common head
            found.append((alo, blo, 1))
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:  # common tail
            ahi, bhi = ahi - 1, bhi - 1
            found.append((ahi, bhi, 1))
        if alo == ahi or blo == bhi:
            continue
        anchors = _anchors(a, alo, ahi, b, blo, bhi, unique=True) \
            or _anchors(a, alo, ahi, b, blo, bhi, unique=False)
        if not anchors:  # nothing to cut on: this stretch is difflib's
            _difflib_blocks(a, alo, ahi, b, blo, bhi, found)
            continue
        for i, j in anchors:
            found.append((i, j, 1))
            stack.append((alo, i, blo, j))
            alo, blo = i + 1, j + 1
        stack.append((alo, ahi, blo, bhi))
    merged: list[Block] = []
    for i, j, n in sorted(found):
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + n)
        else:
            merged.append((i, j, n))
    merged.append((len(a), len(b), 0))
    return merged


def _difflib_blocks(a: Sequence[str], alo: int, ahi: int, b: Sequence[str], blo: int, bhi: int,
                    found: list[Block]) -> None:
    matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi])
    found.extend((alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n)


class _Matcher(difflib.SequenceMatcher[str]):
    """difflib's opcode grouping, on our matching blocks."""

    def __init__(self, a: Sequence[str], b: Sequence[str]) -> None:
        super().__init__(None, a, b, autojunk=False)
        self._blocks = [difflib.Match(i, j, n) for i, j, n in matching_blocks(a, b)]

    def get_matching_blocks(self) -> list[difflib.Match]:
        return self._blocks


def _range(start: int, stop: int) -> str:
    # As difflib writes hunk ranges: `3` for one line, `3,0` after line 3 for none.
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def unified_diff(a: Sequence[str], b: Sequence[str], fromfile: str,
                 tofile: str) -> Iterator[str]:
    """difflib.unified_diff(a, b, fromfile, tofile) with three lines of context."""
    started = False
    for group in _Matcher(a, b).get_grouped_opcodes(3):
        if not started:
            started = True
            yield f"--- {fromfile}\n"
            yield f"+++ {tofile}\n"
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                yield from (" " + line for line in a[i1:i2])
                continue
            if tag in ("replace", "delete"):
                yield from ("-" + line for line in a[i1:i2])
            if tag in ("replace", "insert"):
                yield from ("+" + line for line in b[j1:j2])
