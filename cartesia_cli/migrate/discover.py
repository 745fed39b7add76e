"""Which files a scan reads: explicit files always, directories walked without .git, virtualenvs,
node_modules, caches, binary files and whatever .gitignore ignores."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cartesia_cli.errors import UsageError
from cartesia_cli.migrate.gitignore import GitIgnore, repository_root
from cartesia_cli.migrate.source import language_for

SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", ".bzr", "node_modules", "__pycache__", ".venv", "venv",
    ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs", "site-packages",
    ".direnv",
})
MAX_BYTES = 2 * 1024 * 1024  # bigger text files are generated bundles, not hand-written clients


@dataclass
class SourceFile:
    display: str  # path as reported
    path: Path | None  # None for stdin
    text: str | None = None  # None when skipped
    language: str = "text"
    skipped: str | None = None  # why it was not read
    explicit: bool = False  # named on the command line (skips are worth a warning)


def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    return Path(rel).as_posix() if not rel.startswith("..") else path.as_posix()


def read_text(path: Path) -> tuple[str | None, str | None]:
    """(text, None) for a UTF-8 text file, (None, reason) otherwise."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, f"larger than {MAX_BYTES // (1024 * 1024)} MiB"
        data = path.read_bytes()
    except OSError as err:
        raise UsageError(f"cannot read `{path}`: {err.strerror or err}") from None
    if b"\0" in data[:8192]:
        return None, "binary file"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return None, "not UTF-8 text"


def _shebang(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return handle.read(200).decode("utf-8", "replace")
    except OSError:
        return ""


def _load(path: Path, explicit: bool) -> SourceFile | None:
    # Decide from the name (or the first line) before reading: most files in a tree are not code.
    language = language_for(path.name) or language_for(path.name, _shebang(path))
    if language is None and not explicit:
        return None
    text, reason = read_text(path)
    return SourceFile(display_path(path), path, text, language or "text", reason, explicit)


def _is_virtualenv(directory: Path) -> bool:
    return (directory / "pyvenv.cfg").is_file()


def _walk(top: Path) -> Iterator[SourceFile]:
    root = repository_root(top) or top
    ignore = GitIgnore(root)
    # Rules of the directories between the repository root and `top` apply below `top` too.
    for ancestor in reversed(top.parents):
        if (ancestor == root or root in ancestor.parents) and (ancestor / ".gitignore").is_file():
            ignore.add_file(ancestor / ".gitignore")
    for current, dirnames, filenames in os.walk(top):
        here = Path(current)
        if (here / ".gitignore").is_file():
            ignore.add_file(here / ".gitignore")
        dirnames[:] = sorted(
            d for d in dirnames
            if d not in SKIP_DIRS and not _is_virtualenv(here / d)
            and not ignore.ignored(here / d, is_dir=True)
        )
        for name in sorted(filenames):
            path = here / name
            if ignore.ignored(path, is_dir=False) or not path.is_file():
                continue
            loaded = _load(path, explicit=False)
            if loaded is not None and loaded.skipped is None:
                yield loaded


def discover(paths: list[str]) -> Iterator[SourceFile]:
    """Files to scan, in a stable order. `-` stands for stdin (read by the caller).

    Raises:
        UsageError: a path does not exist or cannot be read.
    """
    for raw in paths:
        if raw == "-":
            yield SourceFile("-", None, explicit=True)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(Path(os.path.abspath(path)))
        elif path.is_file():
            loaded = _load(path, explicit=True)
            if loaded is not None:
                yield loaded
        else:
            raise UsageError(f"no such file or directory: `{raw}`")
