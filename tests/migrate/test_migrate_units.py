"""Building blocks of migrate-check: the position-keeping JSON parser, the lexer, Markdown
regions, legacy output format names and fix selection."""

from __future__ import annotations

import json

import pytest

from cartesia_cli.migrate import facts, fixes, jsonpos
from cartesia_cli.migrate.lexer import callee, key_before, lex
from cartesia_cli.migrate.model import Applicability, Edit, Finding, Fix
from cartesia_cli.migrate.source import Document, language_for, markdown_regions, sniff_language


def test_jsonpos_records_positions_and_values():
    text = '{\n  "a": [1, 2.5e1, "x"],\n  "b": {"c": null, "d": true}\n}'
    root = jsonpos.parse(text)
    assert root.plain() == json.loads(text)
    member = root.member("b")
    assert text[member.key_start:member.key_end] == '"b"'
    c = member.value.get("c")
    assert (c.kind, text[c.start:c.end]) == ("null", "null")
    assert root.get("a").items[1].value == 25.0


def test_jsonpos_parses_a_slice_of_a_larger_text():
    text = "curl -d '{\"k\": \"v\"}' x"
    start = text.index("{")
    root = jsonpos.parse(text, start, text.index("'", start))
    assert root.member("k").key_start == start + 1


@pytest.mark.parametrize("text", ['{"a": 1,}', "{'a': 1}", '{"a" 1}', "[1 2]", '"open', "tru",
                                  '{"a": 01}'])
def test_jsonpos_rejects_what_json_rejects(text):
    with pytest.raises(jsonpos.JsonPosError):
        jsonpos.parse(text)
    with pytest.raises(ValueError):
        json.loads(text)


@pytest.mark.parametrize("key", ["a", "b", "c"])
@pytest.mark.parametrize("layout", ['{"a": 1, "b": [2], "c": {"d": 3}}',
                                    '{\n  "a": 1,\n  "b": [2],\n  "c": {"d": 3}\n}'])
def test_remove_member_leaves_valid_json(layout, key):
    root = jsonpos.parse(layout)
    edit = jsonpos.remove_member(layout, root, root.member(key))
    result = layout[:edit.start] + edit.content + layout[edit.end:]
    expected = json.loads(layout)
    del expected[key]
    assert json.loads(result) == expected
    if "\n" in layout:
        assert "\n\n" not in result and ",\n}" not in result


def test_lexer_strings_comments_and_brackets():
    code = 'f(a, "x)", {"k": [1]})  # g(\nh = 1'
    lexed = lex(code, 0, len(code), "python")
    assert code[slice(*lexed.string_at(code.index("x)")))] == '"x)"'
    assert lexed.in_comment(code.index("g("))
    open_k = code.index("{")
    assert lexed.enclosing(code.index("[1]"), "{") == (open_k, code.index("}"))
    assert callee(code, code.index("(")) == "f"
    assert key_before('voice={"id": 1}', 6) == "voice"
    assert key_before('"voice": {"id": 1}', 9) == "voice"


def test_lexer_survives_unbalanced_code():
    code = 'call(x, {"a": 1]\nprint("done")'
    lexed = lex(code, 0, len(code), "javascript")
    assert lexed.enclosing(code.index("done"), "(") is not None


def test_markdown_regions_follow_fences():
    text = "# T\n```python\nimport x\n```\n\n~~~~bash\ncurl a\n```\nstill bash\n~~~~\n```\nplain\n"
    regions = markdown_regions(text)
    assert [(r.language, text[r.start:r.end]) for r in regions] == [
        ("python", "import x\n"), ("shell", "curl a\n```\nstill bash\n"), ("text", "plain\n")]


@pytest.mark.parametrize("name, head, language", [
    ("a.py", "", "python"), ("b.tsx", "", "javascript"), ("c.yml", "", "yaml"),
    (".env", "", "shell"), (".env.local", "", "shell"),
    ("run", "#!/usr/bin/env node\n", "javascript"),
    ("run", "#!/bin/bash\n", "shell"), ("run", "#!/usr/bin/python3\n", "python"),
    ("Makefile", "all:\n", None), ("photo.jpg", "", None),
])
def test_language_for(name, head, language):
    assert language_for(name, head) == language


@pytest.mark.parametrize("text, language", [
    ('{"model_id": "sonic-3"}', "json"), ("import os\n", "python"),
    ("const x = 1;\n", "javascript"), ("curl -s https://x\n", "shell"),
    ("# Title\n```bash\nls\n```\n", "markdown"), ("hello\n", "text"),
])
def test_sniff_language(text, language):
    assert sniff_language(text) == language


@pytest.mark.parametrize("name, expected", [
    ("fp32", ("pcm_f32le", 44100)), ("pcm_22050", ("pcm_s16le", 22050)),
    ("mulaw_8000", ("pcm_mulaw", 8000)), ("alaw", ("pcm_alaw", 8000)),
    ("raw_pcm_s16le_24000", ("pcm_s16le", 24000)), ("pcm_12345", None), ("mp3", None),
])
def test_legacy_output_format_names(name, expected):
    fmt = facts.legacy_output_format(name)
    assert (None if fmt is None else (fmt["encoding"], fmt["sample_rate"])) == expected
    if fmt:
        assert json.loads(facts.output_format_literal(fmt)) == fmt


def test_fix_selection_defers_overlapping_edits():
    def finding(code: str, *edits: Edit) -> Finding:
        return Finding(code, "m", "f", edits[0].start, edits[0].end,
                       Fix(edits, Applicability.SAFE, "d"))

    first = finding("CAR101", Edit(0, 5, "x"))
    overlapping = finding("CAR102", Edit(3, 8, "y"))
    same_point = finding("CAR201", Edit(0, 0, "z"))
    duplicate = finding("CAR103", Edit(0, 5, "x"))
    later = finding("CAR104", Edit(10, 12, ""), Edit(20, 20, "!"))
    chosen = fixes.choose([later, overlapping, same_point, first, duplicate], unsafe=False)
    assert [f.code for f in chosen] == ["CAR101", "CAR103", "CAR104"]
    text = "abcdefghijklmnopqrstuvwxyz"
    assert fixes.apply(text, chosen) == "xfghijmnopqrst!uvwxyz"


def test_positions_count_characters_not_bytes():
    doc = Document("x.py", 'é = "ü"\nurl = 1\n', "python")
    assert doc.position(doc.text.index("url")).line == 2
    assert doc.position(doc.text.index('"ü"')).column == 5


def test_jsonpos_skips_a_byte_order_mark():
    text = '\ufeff{"a": 1}'
    assert jsonpos.parse(text).member("a").key_start == 2
