"""A JSON parser that remembers where every key and value is, so that a payload problem can be
reported at its line and column and fixed with a precise edit. Strict JSON (RFC 8259)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from cartesia_cli.migrate.lexer import blank_line_start
from cartesia_cli.migrate.model import Edit

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_LITERALS = {"true": True, "false": False, "null": None}
_DECODER = json.JSONDecoder()


class JsonPosError(ValueError):
    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.pos = pos


class JsonTooDeep(JsonPosError):
    """Valid or not, nested deeper than any request body: not worth checking."""


# Request bodies are a few levels deep; this bounds the work and the recursion of callers that
# walk the tree (the parser itself keeps an explicit stack).
MAX_DEPTH = 256


@dataclass
class JNode:
    kind: str  # "object", "array", "string", "number", "bool" or "null"
    start: int
    end: int
    value: Any = None  # the Python value of a scalar
    members: list[JMember] = field(default_factory=list)
    items: list[JNode] = field(default_factory=list)
    # Built on first use, once parsing is done: checks look members up by key (and removals
    # by position) for every member they report, which must not rescan a large object.
    _by_key: dict[str, JMember] | None = field(default=None, repr=False, compare=False)
    _index: dict[int, int] | None = field(default=None, repr=False, compare=False)

    def member(self, key: str) -> JMember | None:
        if self._by_key is None:
            # The last duplicate wins, as in json.loads.
            self._by_key = {m.key: m for m in self.members}
        return self._by_key.get(key)

    def index(self, member: JMember) -> int:
        if self._index is None:
            self._index = {id(m): i for i, m in enumerate(self.members)}
        return self._index[id(member)]

    def get(self, key: str) -> JNode | None:
        member = self.member(key)
        return member.value if member else None

    def plain(self) -> Any:
        if self.kind == "object":
            return {m.key: m.value.plain() for m in self.members}
        if self.kind == "array":
            return [item.plain() for item in self.items]
        return self.value

    def is_number(self) -> bool:
        return self.kind == "number"


@dataclass
class JMember:
    key: str
    key_start: int  # the opening quote of the key
    key_end: int
    value: JNode


def parse(text: str, start: int = 0, end: int | None = None) -> JNode:
    """Parse text[start:end] as one JSON value.

    Raises:
        JsonTooDeep: nested deeper than MAX_DEPTH.
        JsonPosError: not valid JSON; `pos` is the offset of the problem.
    """
    end = len(text) if end is None else end
    parser = _Parser(text, end)
    if text.startswith("\ufeff", start):  # a byte order mark some editors write
        start += 1
    node = parser.value(parser.skip(start))
    rest = parser.skip(node.end)
    if rest != end:
        raise JsonPosError("extra data after the JSON value", rest)
    return node


class _Pairs(list[tuple[str, Any]]):
    """An object's members as the C decoder read them, duplicates and order kept."""


class _Unsure(Exception):
    """The C decoder read something `parse` may read otherwise."""


def _refuse_constant(name: str) -> Any:
    raise _Unsure(name)  # NaN, Infinity: not JSON, which `parse` refuses


def _integer(literal: str) -> Any:
    return float(literal) if len(literal) > 300 else int(literal)  # as _number does


_PLAIN = json.JSONDecoder(object_pairs_hook=_Pairs, parse_int=_integer,
                          parse_constant=_refuse_constant)


def parse_unplaced(text: str, start: int = 0, end: int | None = None) -> JNode | None:
    """The tree `parse` builds for text[start:end], read by the C decoder, every position 0:
    for checks whose findings are only wanted when there are some (then `parse` places them).
    None when the text is not JSON or `parse` could read it otherwise (a byte order mark, NaN,
    nesting near MAX_DEPTH)."""
    try:
        data = _PLAIN.decode(text[start:end])
        return _unplaced(data, 0)
    except (ValueError, RecursionError, _Unsure):
        return None


def _unplaced(data: Any, depth: int) -> JNode:
    if isinstance(data, _Pairs):
        if depth >= MAX_DEPTH - 1:
            raise _Unsure("deep")
        return JNode("object", 0, 0, members=[JMember(k, 0, 0, _unplaced(v, depth + 1))
                                              for k, v in data])
    if isinstance(data, list):
        if depth >= MAX_DEPTH - 1:
            raise _Unsure("deep")
        return JNode("array", 0, 0, items=[_unplaced(v, depth + 1) for v in data])
    if isinstance(data, str):
        return JNode("string", 0, 0, data)
    if data is None:
        return JNode("null", 0, 0, None)
    if isinstance(data, bool):
        return JNode("bool", 0, 0, data)
    return JNode("number", 0, 0, data)


@dataclass
class _Open:
    """A container being parsed, and the key its next value belongs to (objects)."""

    node: JNode
    key: str = ""
    key_start: int = 0
    key_end: int = 0


class _Parser:
    def __init__(self, text: str, end: int) -> None:
        self.text = text
        self.end = end

    def skip(self, pos: int) -> int:
        return min(_WHITESPACE.match(self.text, pos).end(), self.end)  # type: ignore[union-attr]

    def value(self, pos: int) -> JNode:
        """One value. Containers are parsed with an explicit stack, not by recursion, so deep
        nesting is reported (JsonTooDeep) instead of overflowing Python's stack."""
        stack: list[_Open] = []
        while True:
            node = self.scalar_or_open(pos)
            if node.kind in ("object", "array") and node.end == node.start:
                if len(stack) >= MAX_DEPTH:
                    raise JsonTooDeep(f"nested deeper than {MAX_DEPTH} levels", pos)
                inside = self.skip(pos + 1)
                if self.text.startswith("}" if node.kind == "object" else "]", inside):
                    node.end = inside + 1  # empty
                else:
                    stack.append(_Open(node))
                    pos = self.first(stack[-1], inside)
                    continue
            # `node` is complete: add it to its container, and close every container it ends.
            while stack:
                top = stack[-1]
                after = self.add(top, node)
                if after is None:
                    stack.pop()
                    node = top.node
                    continue
                pos = after
                break
            else:
                return node

    def scalar_or_open(self, pos: int) -> JNode:
        """A scalar, or an empty container (end == start) to be filled."""
        if pos >= self.end:
            raise JsonPosError("expected a value", pos)
        ch = self.text[pos]
        if ch == "{":
            return JNode("object", pos, pos)
        if ch == "[":
            return JNode("array", pos, pos)
        if ch == '"':
            value, close = self.string(pos)
            return JNode("string", pos, close, value)
        number = _NUMBER.match(self.text, pos, self.end)
        if number:
            return JNode("number", pos, number.end(), _number(number.group()))
        for word, literal in _LITERALS.items():
            if self.text.startswith(word, pos) and pos + len(word) <= self.end:
                kind = "null" if literal is None else "bool"
                return JNode(kind, pos, pos + len(word), literal)
        raise JsonPosError("expected a value", pos)

    def string(self, pos: int) -> tuple[str, int]:
        try:
            value, close = _DECODER.raw_decode(self.text, pos)  # text[pos] is the quote
        except json.JSONDecodeError as err:
            raise JsonPosError(err.msg, err.pos) from None
        if close > self.end:
            raise JsonPosError("unterminated string", pos)
        return value, close

    def first(self, top: _Open, pos: int) -> int:
        """Start a non-empty container: where its first value begins."""
        return self.key(top, pos) if top.node.kind == "object" else pos

    def key(self, top: _Open, pos: int) -> int:
        """Read `"key":` at `pos` into `top`; return where the value begins."""
        if not self.text.startswith('"', pos):
            raise JsonPosError("expected a quoted key", pos)
        top.key, top.key_end = self.string(pos)
        top.key_start = pos
        colon = self.skip(top.key_end)
        if not self.text.startswith(":", colon):
            raise JsonPosError("expected `:`", colon)
        return self.skip(colon + 1)

    def add(self, top: _Open, value: JNode) -> int | None:
        """Add a finished value to the container on top; return where the next value begins,
        or None when the container is closed (then its `end` is set)."""
        node = top.node
        if node.kind == "object":
            node.members.append(JMember(top.key, top.key_start, top.key_end, value))
            closer = "}"
        else:
            node.items.append(value)
            closer = "]"
        pos = self.skip(value.end)
        if self.text.startswith(closer, pos) and pos < self.end:
            node.end = pos + 1
            return None
        if not self.text.startswith(",", pos) or pos >= self.end:
            raise JsonPosError(f"expected `,` or `{closer}`", pos)
        return self.first(top, self.skip(pos + 1))


def _number(literal: str) -> Any:
    # An integer beyond a float's range is kept as inf: checks compare and convert values with
    # float(), which would raise OverflowError (and int() refuses over 4300 digits).
    if len(literal) > 300 and not any(c in literal for c in ".eE"):
        return float(literal)
    return json.loads(literal)


def remove_member(text: str, obj: JNode, member: JMember) -> Edit:
    """The edit that deletes one member with its comma, leaving valid JSON and tidy lines."""
    index = obj.index(member)
    if index + 1 < len(obj.members):
        following = obj.members[index + 1]
        # Deleting up to the next key keeps that key's indentation only if we start at this
        # member's line start; so take the whole line span when the member sits on its own lines.
        line_start = blank_line_start(text, member.key_start)
        if line_start is not None:
            next_line_start = blank_line_start(text, following.key_start)
            if next_line_start is not None:
                return Edit(line_start, next_line_start, "")
        return Edit(member.key_start, following.key_start, "")
    if index > 0:
        previous = obj.members[index - 1]
        return Edit(previous.value.end, member.value.end, "")
    return Edit(member.key_start, member.value.end, "")
