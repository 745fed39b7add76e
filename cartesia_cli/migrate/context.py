"""What a check sees (one region of one file, the target version) and how it reports."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from cartesia_cli.facts import ResolvedVersion
from cartesia_cli.migrate.anchored import Anchored
from cartesia_cli.migrate.expression import Expressions
from cartesia_cli.migrate.lexer import Lexed, key_before, lex
from cartesia_cli.migrate.model import Finding, Fix
from cartesia_cli.migrate.shell import CurlCommand, curl_commands
from cartesia_cli.migrate.source import LANGUAGES, Document, Region
from cartesia_cli.migrate.yamlblock import YamlBlocks

_COMMENTED = frozenset({"python", "javascript", "shell", "yaml"})


@dataclass
class CheckContext:
    doc: Document
    region: Region
    target: ResolvedVersion
    findings: list[Finding] = field(default_factory=list)
    # Spans already checked structurally as JSON payloads: text rules about request fields
    # skip them, so one problem is reported once. Added in text order, so sorted.
    payload_spans: list[tuple[int, int]] = field(default_factory=list)
    _occurrences: dict[re.Pattern[str], tuple[list[int], list[int]]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def language(self) -> str:
        return self.region.language

    @cached_property
    def lexed(self) -> Lexed:
        return lex(self.doc.text, self.region.start, self.region.end, self.region.language)

    def finditer(self, pattern: re.Pattern[str] | Anchored) -> Iterator[re.Match[str]]:
        """Matches inside this region, outside comments (as ruff, old code in comments is fine)."""
        text, start, end = self.doc.text, self.region.start, self.region.end
        matches: Iterator[re.Match[str]]
        if isinstance(pattern, Anchored):
            lowered = self.doc.lowered
            if not pattern.may_match(text, start, end, lowered):
                return iter(())
            matches = pattern.finditer(text, start, end, lowered)
        else:
            matches = pattern.finditer(text, start, end)
        return self._outside_comments(matches) if self._may_have_comments else matches

    def _outside_comments(self, matches: Iterator[re.Match[str]]) -> Iterator[re.Match[str]]:
        lexed = self.lexed
        for match in matches:
            if not lexed.in_comment(match.start()):
                yield match

    @cached_property
    def _may_have_comments(self) -> bool:
        """Whether a comment can start in this region: without its marker character there is
        none, and no lexing is needed just to tell."""
        if self.language not in _COMMENTED:
            return False
        marker = "/" if self.language == "javascript" else "#"
        return self.doc.text.find(marker, self.region.start, self.region.end) >= 0

    @cached_property
    def _expressions(self) -> Expressions:
        return Expressions(self.doc.text, self.region.start, self.region.end)

    def expression_end(self, pos: int) -> int | None:
        """Where the value or argument that starts at `pos` ends (at a `,`, `;`, newline or
        closing bracket at its own level); None when it is too long to rewrite."""
        return self._expressions.end_of(pos)

    @cached_property
    def curl(self) -> list[CurlCommand]:
        """The curl commands of a shell or text region (read once, used by several checks)."""
        return list(curl_commands(self.doc.text, self.region.start, self.region.end))

    @cached_property
    def yaml(self) -> YamlBlocks:
        return YamlBlocks(self.doc.text, self.region.start, self.region.end)

    def object_key(self, pos: int) -> str:
        """The key the object around `pos` is the value of: `voice` in `"voice": {..pos..}`,
        `voice={..pos..}` and in a YAML `voice:` block; "" when there is none."""
        brace = self.lexed.enclosing(pos, "{")
        if brace is not None:
            return key_before(self.text, brace[0])
        return self.yaml.owner_key(pos) if self.language == "yaml" else ""

    def object_span(self, pos: int) -> tuple[int, int] | None:
        """The object or argument list around `pos` (brackets included), or the YAML block
        holding it (the region at the top level); None when there is none."""
        inner = self.lexed.enclosing(pos)
        if inner is not None and self.text[inner[0]] in "{(":
            return inner
        if self.language != "yaml" or inner is not None:
            return None
        owner = self.yaml.owner(pos)
        return self.yaml.children_span(owner) if owner >= 0 else (self.region.start,
                                                                  self.region.end)

    def occurs(self, pattern: re.Pattern[str], start: int, end: int) -> bool:
        """Whether `pattern` matches inside text[start:end]. Checks ask this of spans that can
        nest; one scan of the region answers all of them. Only for patterns of plain words,
        whose matches cannot overlap."""
        if pattern not in self._occurrences:
            found = list(pattern.finditer(self.doc.text, self.region.start, self.region.end))
            self._occurrences[pattern] = ([m.start() for m in found], [m.end() for m in found])
        starts, ends = self._occurrences[pattern]
        i = bisect.bisect_left(starts, start)  # the first match from `start` on ends first
        return i < len(starts) and ends[i] <= end

    def in_payload(self, pos: int) -> bool:
        i = bisect.bisect_right(self.payload_spans, (pos, float("inf"))) - 1
        return i >= 0 and self.payload_spans[i][0] <= pos < self.payload_spans[i][1]

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
