"""The block structure of YAML by indentation: which mapping key a line sits under (`voice:`
for `  mode: id`), and where a key's block ends. Just enough to read request bodies written as
YAML the way the other languages' bodies are read through their brackets.

One pass over the lines builds every answer; a question is a binary search, so many questions
about a large file stay linear overall.
"""

from __future__ import annotations

import bisect
import re

_KEY = re.compile(r"[ ]*+(?:-[ ]+)?(?P<q>[\"']?)(?P<key>[\w$.-]+)(?P=q)[ \t]*:(?=[ \t\r]|$)")


class YamlBlocks:
    """Lines of text[start:end]: their indentation, their key and the key they sit under."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.starts: list[int] = []  # content lines only (blank and comment lines are skipped)
        self.ends: list[int] = []  # line end, without the newline
        self.keys: list[str] = []  # "" when the line is not `key:`
        self.parents: list[int] = []  # index of the line this one is nested under, -1 at top
        self.block_ends: list[int] = []  # where the block of a `key:` line ends (its last line)
        stack: list[tuple[int, int]] = []  # (indent, line index)
        last_end = start  # end of the last content line
        pos = start
        while pos < end:
            newline = text.find("\n", pos, end)
            line_end = end if newline < 0 else newline
            line = text[pos:line_end]
            stripped = line.lstrip(" ")
            if stripped.strip() and not stripped.startswith("#"):
                key = _KEY.match(text, pos, line_end)
                indent = len(line) - len(stripped)
                if key is not None and stripped.startswith("-"):
                    indent = key.start("q") - pos  # `- key:` opens a mapping at the key
                while stack and stack[-1][0] >= indent:
                    # A block ends with the last content line before the line that closes it.
                    self.block_ends[stack.pop()[1]] = last_end
                index = len(self.starts)
                self.starts.append(pos)
                self.ends.append(line_end)
                self.keys.append(key.group("key") if key else "")
                self.parents.append(stack[-1][1] if stack else -1)
                self.block_ends.append(line_end)
                stack.append((indent, index))
                last_end = line_end
            pos = line_end + 1
        for _, open_line in stack:
            self.block_ends[open_line] = last_end

    def _line(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1

    def owner(self, pos: int) -> int:
        """The `key:` line whose block holds `pos` (the parent of pos's line), or -1."""
        line = self._line(pos)
        return self.parents[line] if line >= 0 else -1

    def owner_key(self, pos: int) -> str:
        owner = self.owner(pos)
        return self.keys[owner] if owner >= 0 else ""

    def block(self, line: int) -> tuple[int, int]:
        """The span of a `key:` line and everything nested under it."""
        return self.starts[line], self.block_ends[line]

    def children_span(self, line: int) -> tuple[int, int]:
        """The span of what is nested under a line (empty when nothing is)."""
        return self.ends[line], self.block_ends[line]
