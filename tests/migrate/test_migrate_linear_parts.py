"""The pieces that keep migrate-check linear give the answers the simple scans gave: bracket
lookups, expression ends, curl commands and their bodies, fix selection, line diffs."""

from __future__ import annotations

import difflib
import random

import pytest

from cartesia_cli.facts import resolve_version
from cartesia_cli.migrate import engine, fixes, linediff
from cartesia_cli.migrate.expression import MAX_LENGTH, Expressions
from cartesia_cli.migrate.lexer import Lexed, lex
from cartesia_cli.migrate.model import Applicability, Edit, Finding, Fix
from cartesia_cli.migrate.rules import select_rules
from cartesia_cli.migrate.shell import curl_commands
from cartesia_cli.migrate.source import Document

OPTIONS = engine.Options(resolve_version("2026-08-14"), select_rules(preview=True))


def _enclosing_by_trying_all(lexed: Lexed, pos: int,
                             opener: str | None) -> tuple[int, int] | None:
    """The innermost bracket around `pos`, found by trying every bracket."""
    around = [(o, c) for o, c in zip(lexed.opens, lexed.closes, strict=True)
              if o < pos <= c and (opener is None or lexed.text[o] == opener)]
    return max(around) if around else None


def test_bracket_lookups_match_trying_every_bracket():
    rng = random.Random(1)
    for _ in range(300):
        code = "".join(rng.choice("([{}])x\n'") for _ in range(40))
        lexed = lex(code, 0, len(code), "javascript")
        for pos in range(len(code) + 1):
            for opener in (None, "(", "[", "{"):
                assert lexed.enclosing(pos, opener) == _enclosing_by_trying_all(lexed, pos, opener)


def test_a_closer_closes_its_opener_and_everything_left_open_inside():
    code = "f([{x)]y"
    lexed = lex(code, 0, len(code), "javascript")
    assert lexed.enclosing(code.index("x"), "(") == (1, code.index(")"))
    assert lexed.enclosing(code.index("x"), "[") == (2, code.index(")"))
    assert lexed.enclosing(code.index("y")) is None  # the stray `]` is ignored


@pytest.mark.parametrize("code, start_after, expected", [
    ('h = {"X-API-Key": key, "a": 1}', ": ", "key"),
    ('h = {"X-API-Key": get(a, [b, c]) , "a": 1}', ": ", "get(a, [b, c])"),
    ('h = {"X-API-Key": f"{x}, y"}\n', ": ", 'f"{x}, y"'),
    ("x = value   \nnext", "= ", "value"),
    ("call(a, b)", "(", "a"),
    ("x = 'never closed, at all", "= ", "'never closed, at all"),
])
def test_expression_ends(code, start_after, expected):
    start = code.index(start_after) + len(start_after)
    end = Expressions(code, 0, len(code)).end_of(start)
    assert code[start:end] == expected


def test_expression_inside_a_string_is_scanned_with_its_own_quotes():
    code = "s = '{\"X-API-Key\": key, \"b\": 2}'"
    start = code.index(": ") + 2
    end = Expressions(code, 0, len(code)).end_of(start)
    assert code[start:end] == "key"


def test_expressions_too_long_to_rewrite():
    code = "x = [" + "1 " * MAX_LENGTH + "]\n"
    assert Expressions(code, 0, len(code)).end_of(4) is None


def _commands(text: str) -> list[tuple[str, bool, list[str]]]:
    return [(text[c.start:c.start + 12], c.calls_cartesia(), [text[s:e] for s, e in c.bodies()])
            for c in curl_commands(text, 0, len(text))]


def test_a_body_belongs_to_the_nearest_command_that_calls_the_api():
    text = ("curl -s https://x.example/a && curl https://api.cartesia.ai/tts/sse -d '{\"a\": 1}'"
            " && curl https://api.cartesia.ai/tts/bytes -d '{\"b\": 2}'\n")
    assert [bodies for _, _, bodies in _commands(text)] == [[], ['{"a": 1}'], ['{"b": 2}']]


def test_a_curl_word_inside_a_command_does_not_take_its_body():
    text = ("curl https://api.cartesia.ai/tts/bytes -d '{\"transcript\": \"run curl now\"}' "
            "-d '{\"b\": 2}'\n")
    assert _commands(text)[0][2] == ['{"transcript": "run curl now"}', '{"b": 2}']


def test_each_curl_body_is_checked_for_its_own_endpoint():
    sse = ('{"model_id": "sonic-3", "transcript": "hi", "voice": {"id": "v"}, "output_format": '
           '{"container": "raw", "encoding": "pcm_s16le", "sample_rate": 24000}, '
           '"add_timestamps": true}')
    code = ("# Cartesia\ncurl https://api.cartesia.ai/tts/bytes -H 'Cartesia-Version: 2026-08-14' "
            f"-d '{{}}' && curl https://api.cartesia.ai/tts/sse -H 'Cartesia-Version: 2026-08-14'"
            f" -d '{sse}'\n")
    found = [f.code for f in engine.check_document(Document("x.sh", code, "shell"), OPTIONS)]
    assert "CAR702" not in found  # add_timestamps is an SSE field, unknown to /tts/bytes


def _choose_by_comparing_all(findings: list[Finding]) -> list[Finding]:
    """Fix selection as it was written first: every edit against every edit taken."""
    chosen: list[Finding] = []
    taken: list[Edit] = []
    for finding in sorted(findings, key=lambda f: (min(e.start for e in f.fix.edits), f.code)):
        edits = finding.fix.edits
        if any(e.start == t.start or (e.start < t.end and t.start < e.end)
               for e in edits for t in taken):
            if all(e in taken for e in edits):
                chosen.append(finding)
            continue
        taken.extend(edits)
        chosen.append(finding)
    return chosen


def test_fix_selection_matches_comparing_every_pair():
    rng = random.Random(2)
    for _ in range(500):
        findings = []
        for i in range(rng.randrange(1, 12)):
            edits = []
            for _ in range(rng.choice((1, 1, 2))):
                start = rng.randrange(30)
                edits.append(Edit(start, start + rng.randrange(4), rng.choice("xy")))
            edits.sort(key=lambda e: e.start)
            if len(edits) == 2 and (edits[0].start == edits[1].start
                                    or edits[0].end > edits[1].start):
                edits = edits[:1]  # the edits of one fix never conflict
            findings.append(Finding(f"CAR{100 + i}", "m", "f", edits[0].start, edits[0].end,
                                    Fix(tuple(edits), Applicability.SAFE, "d")))
        chosen = fixes.choose(findings, unsafe=False)
        assert chosen == _choose_by_comparing_all(findings)
        text = "abcdefghijklmnopqrstuvwxyz0123456789"
        slow = text
        for edit in sorted({e for f in chosen for e in f.fix.edits},
                           key=lambda e: (e.start, e.end), reverse=True):
            slow = slow[:edit.start] + edit.content + slow[edit.end:]
        assert fixes.apply(text, chosen) == slow


@pytest.mark.parametrize("size", [30, 3 * linediff.SHORT])
def test_line_diffs_are_valid_and_short_ones_are_difflibs(size):
    rng = random.Random(3)
    for _ in range(300 if size < linediff.SHORT else 10):
        alphabet = [f"line {k}\n" for k in range(rng.randrange(1, 8))] + [
            f"unique {k}\n" for k in range(size)]
        before = [rng.choice(alphabet) for _ in range(rng.randrange(size))]
        after = list(before)
        for _ in range(rng.randrange(size // 5)):
            if after and rng.random() < 0.5:
                del after[rng.randrange(len(after))]
            else:
                after.insert(rng.randrange(len(after) + 1), rng.choice([*alphabet, "new\n"]))
        blocks = linediff.matching_blocks(before, after)
        assert blocks[-1] == (len(before), len(after), 0)
        i_end = j_end = 0
        for i, j, n in blocks[:-1]:
            assert n > 0 and i >= i_end and j >= j_end
            assert before[i:i + n] == after[j:j + n]
            i_end, j_end = i + n, j + n
        if size < linediff.SHORT:
            assert list(linediff.unified_diff(before, after, "a", "b")) == list(
                difflib.unified_diff(before, after, "a", "b"))
