"""What a check sees (one region of one file, the target version) and how it reports."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from cartesia_cli.api.versions import ResolvedVersion
from cartesia_cli.migrate.lexer import Lexed, lex
from cartesia_cli.migrate.model import Finding, Fix
from cartesia_cli.migrate.source import LANGUAGES, Document, Region

_COMMENTED = frozenset({"python", "javascript", "shell", "yaml"})


@dataclass
class CheckContext:
    doc: Document
    region: Region
    target: ResolvedVersion
    findings: list[Finding] = field(default_factory=list)
    # Spans already checked structurally as JSON payloads: text rules about request fields
    # skip them, so one problem is reported once.
    payload_spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def language(self) -> str:
        return self.region.language

    @cached_property
    def lexed(self) -> Lexed:
        return lex(self.doc.text, self.region.start, self.region.end, self.region.language)

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Matches inside this region, outside comments (as ruff, old code in comments is fine)."""
        for match in pattern.finditer(self.doc.text, self.region.start, self.region.end):
            if self.language in _COMMENTED and self.lexed.in_comment(match.start()):
                continue
            yield match

    def in_payload(self, pos: int) -> bool:
        return any(start <= pos < end for start, end in self.payload_spans)

    def report(self, code: str, start: int, end: int, message: str,
               fix: Fix | None = None) -> None:
        self.findings.append(Finding(code, message, self.doc.path, start, end, fix))


CheckFn = Callable[[CheckContext], None]


@dataclass(frozen=True)
class Check:
    """One check function and where it applies."""

    fn: CheckFn
    languages: frozenset[str]
    # Generic patterns (field names, `["length"]`...) only mean something in files about Cartesia.
    cartesia_only: bool = True


def check(*languages: str, cartesia_only: bool = True) -> Callable[[CheckFn], Check]:
    def wrap(fn: CheckFn) -> Check:
        return Check(fn, frozenset(languages), cartesia_only)
    return wrap


ALL_LANGUAGES = LANGUAGES
CODE = ("python", "javascript")
