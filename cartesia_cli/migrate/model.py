"""What a check produces: findings with positions, and the text edits that would fix them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Applicability(StrEnum):
    """How sure a fix is: ruff's split between behaviour-preserving and behaviour-changing."""

    SAFE = "safe"  # applied by --fix
    UNSAFE = "unsafe"  # applied only with --fix --unsafe-fixes


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] (offsets into the whole file) with `content`."""

    start: int
    end: int
    content: str


@dataclass(frozen=True)
class Fix:
    edits: tuple[Edit, ...]
    applicability: Applicability
    description: str

    @staticmethod
    def replace(start: int, end: int, content: str, description: str,
                applicability: Applicability = Applicability.SAFE) -> Fix:
        return Fix((Edit(start, end, content),), applicability, description)


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based, in characters


@dataclass
class Finding:
    code: str
    message: str
    path: str  # as displayed: relative to the working directory when possible
    start: int  # offsets into the file text
    end: int
    fix: Fix | None = None
    location: Position = field(default=Position(1, 1))
    end_location: Position = field(default=Position(1, 1))
    edit_locations: tuple[tuple[Position, Position], ...] = ()  # of fix.edits, same order

    def fixable(self, unsafe: bool) -> bool:
        if self.fix is None:
            return False
        return unsafe or self.fix.applicability is Applicability.SAFE

    def located_edits(self) -> list[tuple[Edit, Position, Position]]:
        if self.fix is None:
            return []
        return [(edit, start, end)
                for edit, (start, end) in zip(self.fix.edits, self.edit_locations, strict=True)]

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.location.line, self.location.column, self.code)
