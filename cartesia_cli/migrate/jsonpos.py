"""A JSON parser that remembers where every key and value is, so that a payload problem can be
reported at its line and column and fixed with a precise edit. Strict JSON (RFC 8259)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from cartesia_cli.migrate.model import Edit

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_LITERALS = {"true": True, "false": False, "null": None}
_DECODER = json.JSONDecoder()


class JsonPosError(ValueError):
    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.pos = pos


@dataclass
class JNode:
    kind: str  # "object", "array", "string", "number", "bool" or "null"
    start: int
    end: int
    value: Any = None  # the Python value of a scalar
    members: list[JMember] = field(default_factory=list)
    items: list[JNode] = field(default_factory=list)

    def member(self, key: str) -> JMember | None:
        for member in reversed(self.members):  # the last duplicate wins, as in json.loads
            if member.key == key:
                return member
        return None

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


class _Parser:
    def __init__(self, text: str, end: int) -> None:
        self.text = text
        self.end = end

    def skip(self, pos: int) -> int:
        return min(_WHITESPACE.match(self.text, pos).end(), self.end)  # type: ignore[union-attr]

    def value(self, pos: int) -> JNode:
        if pos >= self.end:
            raise JsonPosError("expected a value", pos)
        ch = self.text[pos]
        if ch == "{":
            return self.object(pos)
        if ch == "[":
            return self.array(pos)
        if ch == '"':
            value, close = self.string(pos)
            return JNode("string", pos, close, value)
        number = _NUMBER.match(self.text, pos, self.end)
        if number:
            return JNode("number", pos, number.end(), json.loads(number.group()))
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

    def object(self, pos: int) -> JNode:
        node = JNode("object", pos, pos)
        pos = self.skip(pos + 1)
        if self.text.startswith("}", pos):
            node.end = pos + 1
            return node
        while True:
            if not self.text.startswith('"', pos):
                raise JsonPosError("expected a quoted key", pos)
            key, key_end = self.string(pos)
            colon = self.skip(key_end)
            if not self.text.startswith(":", colon):
                raise JsonPosError("expected `:`", colon)
            value = self.value(self.skip(colon + 1))
            node.members.append(JMember(key, pos, key_end, value))
            pos = self.skip(value.end)
            if self.text.startswith("}", pos) and pos < self.end:
                node.end = pos + 1
                return node
            if not self.text.startswith(",", pos) or pos >= self.end:
                raise JsonPosError("expected `,` or `}`", pos)
            pos = self.skip(pos + 1)

    def array(self, pos: int) -> JNode:
        node = JNode("array", pos, pos)
        pos = self.skip(pos + 1)
        if self.text.startswith("]", pos):
            node.end = pos + 1
            return node
        while True:
            item = self.value(pos)
            node.items.append(item)
            pos = self.skip(item.end)
            if self.text.startswith("]", pos) and pos < self.end:
                node.end = pos + 1
                return node
            if not self.text.startswith(",", pos) or pos >= self.end:
                raise JsonPosError("expected `,` or `]`", pos)
            pos = self.skip(pos + 1)


def remove_member(text: str, obj: JNode, member: JMember) -> Edit:
    """The edit that deletes one member with its comma, leaving valid JSON and tidy lines."""
    index = obj.members.index(member)
    if index + 1 < len(obj.members):
        following = obj.members[index + 1]
        # Deleting up to the next key keeps that key's indentation only if we start at this
        # member's line start; so take the whole line span when the member sits on its own lines.
        line_start = text.rfind("\n", 0, member.key_start) + 1
        if text[line_start:member.key_start].strip() == "":
            next_line_start = text.rfind("\n", 0, following.key_start) + 1
            if text[next_line_start:following.key_start].strip() == "":
                return Edit(line_start, next_line_start, "")
        return Edit(member.key_start, following.key_start, "")
    if index > 0:
        previous = obj.members[index - 1]
        return Edit(previous.value.end, member.value.end, "")
    return Edit(member.key_start, member.value.end, "")
