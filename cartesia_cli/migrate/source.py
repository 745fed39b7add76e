"""A scanned file: its text, the regions that hold code (all of it, or Markdown's fenced blocks),
the language of each region, line/column arithmetic and `noqa` comments."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from functools import cached_property

from cartesia_cli.migrate.anchored import Anchored, anchored
from cartesia_cli.migrate.model import Position

LANGUAGES = ("python", "javascript", "shell", "json", "yaml", "text")  # of regions

_EXTENSIONS = {
    ".py": "python", ".pyi": "python", ".pyw": "python",
    ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascript",
    ".ts": "javascript", ".tsx": "javascript", ".mts": "javascript", ".cts": "javascript",
    ".sh": "shell", ".bash": "shell", ".zsh": "shell", ".ksh": "shell",
    ".json": "json", ".jsonc": "json",
    ".yaml": "yaml", ".yml": "yaml",
    ".md": "markdown", ".markdown": "markdown", ".mdx": "markdown",
    ".txt": "text", ".http": "text", ".rest": "text",
}
_FENCE_LANGUAGES = {
    "python": "python", "py": "python", "python3": "python", "pycon": "python",
    "javascript": "javascript", "js": "javascript", "jsx": "javascript", "node": "javascript",
    "typescript": "javascript", "ts": "javascript", "tsx": "javascript", "mjs": "javascript",
    "bash": "shell", "sh": "shell", "shell": "shell", "zsh": "shell", "console": "shell",
    "shell-session": "shell", "curl": "shell",
    "json": "json", "jsonc": "json", "json5": "json",
    "yaml": "yaml", "yml": "yaml",
}
_SHEBANG = re.compile(r"#![^\n]*\b(?P<prog>python[\d.]*|node|deno|bun|bash|sh|zsh|ksh|dash)\b")
# Possessive fence: backing off a long run of `~` only to let the info string retake it would
# rescan the line once per character.
_FENCE_OPEN = re.compile(
    r"^(?P<indent>[ ]{0,3})(?P<fence>`{3,}+|~{3,}+)[ \t]*(?P<info>[^\n`]*)$", re.MULTILINE)
_NOQA = re.compile(r"(?:#|//)\s*noqa\b(?::\s*(?P<codes>[A-Za-z]+\d+(?:[\s,]+[A-Za-z]+\d+)*))?",
                   re.IGNORECASE)
_CARTESIA_MARKERS = re.compile(r"cartesia|sk_car_", re.IGNORECASE)
# `^[^\S\n]*`, not `^\s*`: from every line start, `\s*` would run on through all the blank
# lines that follow (quadratic in a run of blank lines).
_PY_SDK = re.compile(r"^[^\S\n]*(?:from\s+cartesia[\w.]*\s+import|import\s+cartesia\b)|"
                     r"\b(?:Async)?Cartesia\s*\(", re.MULTILINE)
# Every match holds one of these: the pattern is not run over files without them.
_PY_SDK_SCAN = anchored(_PY_SDK, needles=("cartesia", "Cartesia"))


def language_for(name: str, head: str = "") -> str | None:
    """The language of a file from its name, or from a shebang line; None if not scanned."""
    base = name.lower().replace("\\", "/").rsplit("/", 1)[-1]
    if base == ".env" or base.startswith(".env."):
        return "shell"  # dotenv files: KEY=value lines, read like shell assignments
    dot = base.rfind(".")
    if dot > 0 and base[dot:] in _EXTENSIONS:
        return _EXTENSIONS[base[dot:]]
    match = _SHEBANG.match(head)
    if match:
        prog = match.group("prog")
        if prog.startswith("python"):
            return "python"
        return "javascript" if prog in ("node", "deno", "bun") else "shell"
    return None


def sniff_language(text: str) -> str:
    """Best guess for text without a name (stdin)."""
    stripped = text.lstrip()
    by_shebang = language_for("-", stripped)
    if by_shebang:
        return by_shebang
    if stripped.startswith(("{", "[")):
        return "json"
    if _FENCE_OPEN.search(text):
        return "markdown"
    if re.search(r"^[^\S\n]*(?:from\s+\w[\w.]*\s+import|import\s+\w|def\s+\w)", text,
                 re.MULTILINE):
        return "python"
    if re.search(r"\b(?:const|let|require\(|=>|new WebSocket)\b", text):
        return "javascript"
    if re.search(r"^[^\S\n]*curl\b", text, re.MULTILINE):
        return "shell"
    return "text"


@dataclass(frozen=True)
class Region:
    start: int
    end: int
    language: str


@dataclass
class Document:
    path: str  # display path
    text: str
    language: str  # the file's language; "markdown" files hold regions of other languages
    regions: list[Region] = field(default_factory=list)
    _continued_to: dict[int, int] = field(default_factory=dict, init=False, repr=False)
    _noqa: dict[int, frozenset[str] | None] = field(default_factory=dict, init=False, repr=False)
    _contains: dict[re.Pattern[str] | Anchored, bool] = field(default_factory=dict, init=False,
                                                              repr=False)

    def __post_init__(self) -> None:
        if not self.regions:
            self.regions = (markdown_regions(self.text) if self.language == "markdown"
                            else [Region(0, len(self.text), self.language)])

    @cached_property
    def line_starts(self) -> list[int]:
        # After each newline: the running sum of the line lengths, each plus its newline.
        lengths = map(len, self.text.split("\n")[:-1])
        return [0, *itertools.accumulate(map((1).__add__, lengths))]

    def position(self, offset: int) -> Position:
        line = self.line_of(offset)
        return Position(line, offset - self.line_starts[line - 1] + 1)

    def line_of(self, offset: int) -> int:
        """The 1-based line number of an offset."""
        return bisect.bisect_right(self.line_starts, offset)

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end < 0 else self.text[start:end]

    @cached_property
    def lowered(self) -> str | None:
        """The text in lower case, when that keeps every offset (ASCII text): case-insensitive
        patterns are scanned around literals found in it."""
        return self.text.lower() if self.text.isascii() else None

    @cached_property
    def mentions_cartesia(self) -> bool:
        """Generic patterns (field names, response keys) only count in files about Cartesia."""
        return bool(_CARTESIA_MARKERS.search(self.text))

    @cached_property
    def uses_python_sdk(self) -> bool:
        return self.contains(_PY_SDK_SCAN)

    def contains(self, pattern: re.Pattern[str] | Anchored) -> bool:
        """Whether the whole file matches `pattern`; remembered, as checks ask it once per
        region and a Markdown file can have thousands of code blocks."""
        if pattern not in self._contains:
            if isinstance(pattern, Anchored):
                matches = pattern.finditer(self.text, 0, len(self.text), self.lowered)
                self._contains[pattern] = next(matches, None) is not None
            else:
                self._contains[pattern] = pattern.search(self.text) is not None
        return self._contains[pattern]

    def noqa_line(self, offset: int, language: str) -> int:
        """The line whose `noqa` comment covers `offset`: in shell, a command continued with
        backslashes can only carry a comment on its last line."""
        line = self.line_of(offset)
        if language != "shell":
            return line
        # Remembered for every line walked over: findings on each line of a long continued
        # command would otherwise walk to its end again and again.
        walked = []
        while line not in self._continued_to and line < len(self.line_starts) \
                and self.line_text(line).rstrip().endswith("\\"):
            walked.append(line)
            line += 1
        last = self._continued_to.get(line, line)
        for seen in walked:
            self._continued_to[seen] = last
        return last

    def _noqa_codes(self, line: int) -> frozenset[str] | None:
        """The codes a line's `noqa` comment names (empty: all codes), None without one. Parsed
        once per line: a long line with many findings must not be searched for each."""
        if line not in self._noqa:
            match = _NOQA.search(self.line_text(line))
            codes = match and match.group("codes")
            self._noqa[line] = None if match is None else frozenset(
                re.split(r"[\s,]+", codes.upper()) if codes else ())
        return self._noqa[line]

    def suppressed(self, code: str, offset: int, language: str) -> bool:
        line = self.line_of(offset)
        last = self.noqa_line(offset, language)
        for candidate in (line,) if last == line else (line, last):
            codes = self._noqa_codes(candidate)
            if codes is not None and (not codes or code in codes):
                return True
        return False


def markdown_regions(text: str) -> list[Region]:
    """Fenced code blocks (``` or ~~~), each with the language named in its info string."""
    regions: list[Region] = []
    pos = 0
    while True:
        opening = _FENCE_OPEN.search(text, pos)
        if opening is None:
            return regions
        fence = opening.group("fence")
        closing = re.compile(rf"^[ ]{{0,3}}{fence[0]}{{{len(fence)},}}[ \t]*$", re.MULTILINE)
        body_start = min(opening.end() + 1, len(text))
        close = closing.search(text, body_start)
        body_end = close.start() if close else len(text)
        info = opening.group("info").strip().split(maxsplit=1)
        language = _FENCE_LANGUAGES.get(info[0].lower().strip("{}."), "text") if info else "text"
        regions.append(Region(body_start, body_end, language))
        if close is None:
            return regions
        pos = close.end()
