"""The part of gitignore(5) a code scanner needs: comments, escapes, `!` negation, `/` anchoring,
trailing `/` for directories, `*`, `?`, `[...]` and `**`, nested .gitignore files (deeper files
win), `.git/info/exclude`; the last matching pattern decides. Callers walk top-down and prune
ignored directories, which gives git's rule that nothing inside an excluded directory can be
re-included."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    negated: bool
    dir_only: bool
    anchored: bool  # matched against the path below `base` rather than the last component
    base: str  # directory of the .gitignore, relative to the root ("" at the root)


def _translate(glob: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("/**", i) and i + 3 == len(glob):
            out.append("/.*")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        elif glob[i] == "[":
            close = glob.find("]", i + 2 if glob[i + 1:i + 2] in ("!", "^") else i + 1)
            if close < 0:
                out.append(re.escape("["))
                i += 1
                continue
            body = glob[i + 1:close]
            if body[:1] in ("!", "^"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = close + 1
        elif glob[i] == "\\" and i + 1 < len(glob):
            out.append(re.escape(glob[i + 1]))
            i += 2
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return "".join(out)


def parse_line(line: str, base: str) -> _Pattern | None:
    line = line.rstrip("\n").rstrip("\r")
    # Trailing spaces are ignored unless escaped with a backslash.
    stripped = line.rstrip(" ")
    if stripped.endswith("\\") and len(stripped) < len(line):
        stripped += " "
    line = stripped
    if not line or line.startswith("#"):
        return None
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    elif line.startswith(("\\!", "\\#")):
        line = line[1:]
    dir_only = line.endswith("/") and not line.endswith("\\/")
    line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    line = line.lstrip("/")
    return _Pattern(re.compile(_translate(line) + r"\Z", re.DOTALL), negated, dir_only,
                    anchored, base)


class GitIgnore:
    """Ignore rules below `root`, fed .gitignore files as a top-down walk reaches them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.patterns: list[_Pattern] = []
        exclude = root / ".git" / "info" / "exclude"
        if exclude.is_file():
            self.add_file(exclude, base="")

    def add_file(self, path: Path, base: str | None = None) -> None:
        if base is None:
            rel = path.parent.relative_to(self.root).as_posix()
            base = "" if rel == "." else rel
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return
        for line in lines:
            pattern = parse_line(line, base)
            if pattern is not None:
                self.patterns.append(pattern)

    def ignored(self, path: Path, is_dir: bool) -> bool:
        try:
            rel = path.relative_to(self.root).as_posix()
        except ValueError:
            return False
        verdict = False
        for pattern in self.patterns:
            if pattern.base:
                if not rel.startswith(pattern.base + "/"):
                    continue
                sub = rel[len(pattern.base) + 1:]
            else:
                sub = rel
            if pattern.dir_only and not is_dir:
                continue
            subject = sub if pattern.anchored else sub.rsplit("/", 1)[-1]
            if pattern.regex.match(subject):
                verdict = not pattern.negated
        return verdict


def repository_root(start: Path) -> Path | None:
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return directory
    return None
