"""The scan's shortcuts find exactly what the long way finds: request bodies read by the C decoder
(positions only when there is something to report), and files checked in worker processes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from migrate_support import FIXTURES

from cartesia_cli.facts import resolve_version
from cartesia_cli.migrate import engine, jsonpos
from cartesia_cli.migrate.jsonpos import JNode
from cartesia_cli.migrate.rules import select_rules

TARGETS = ("2024-06-10", "2025-04-16", "2026-08-14")


def _shape(node: JNode) -> Any:
    """A tree without its positions: kinds, values (with their types), keys in order."""
    return (node.kind, type(node.value).__name__, node.value,
            [(m.key, _shape(m.value)) for m in node.members], [_shape(i) for i in node.items])


def _json_texts() -> list[str]:
    files = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*.json"))]
    return files + [
        '{"a": 1, "a": 2, "b": [1, 2.5, -0.0, 1e400, "x\\u00e9\\ud83d\\ude00"]}',
        '{"n": ' + "9" * 301 + ', "m": -' + "9" * 300 + ', "f": ' + "1" * 301 + '.5}',
        ' \r\n\t{"x": {}, "y": [], "z": [[{}], {"k": null}], "t": true, "f": false} \n',
        '"a string"', "[]", "0", "-12", "null",
        "[" * 200 + "]" * 200,
    ]


@pytest.mark.parametrize("text", _json_texts())
def test_unplaced_tree_is_the_placed_tree_without_positions(text: str) -> None:
    quick = jsonpos.parse_unplaced(text)
    assert quick is not None
    assert _shape(quick) == _shape(jsonpos.parse(text))


@pytest.mark.parametrize("text", [
    '{"a": NaN}', '{"a": Infinity}', "[-Infinity]", "\ufeff{}", '{"a": 1,}', "{'a': 1}", "",
    '{"a": 1} x', "[" * 257 + "]" * 257, "[" * 5000 + "]" * 5000,
])
def test_unplaced_leaves_to_the_parser_what_it_may_read_otherwise(text: str) -> None:
    assert jsonpos.parse_unplaced(text) is None


def test_unplaced_gives_up_before_the_parser_would() -> None:
    with pytest.raises(jsonpos.JsonTooDeep):
        jsonpos.parse("[" * 257 + "]" * 257)
    for depth in range(250, 258):
        text = "[" * depth + "]" * depth
        if jsonpos.parse_unplaced(text) is not None:
            jsonpos.parse(text)  # does not raise


def _scan(root: Path, options: engine.Options) -> list[tuple[Any, ...]]:
    report = engine.run([str(root)], options, lambda: "")
    out: list[tuple[Any, ...]] = [("skipped", s.display, s.skipped) for s in report.skipped]
    for result in report.files:
        out.append(("file", result.path, result.text, len(result.fixed)))
        out.extend((f.code, f.path, f.start, f.end, f.message, f.location, f.end_location,
                    f.fix, f.edit_locations) for f in result.findings)
    return out


def _options(target: str, fix: bool) -> engine.Options:
    return engine.Options(resolve_version(target), select_rules(preview=True), fix=fix,
                          unsafe_fixes=fix)


@pytest.mark.parametrize("fix", [False, True])
@pytest.mark.parametrize("target", TARGETS)
def test_clean_bodies_shortcut_finds_what_the_parser_finds(monkeypatch, target, fix) -> None:
    options = _options(target, fix)
    quick = _scan(FIXTURES, options)
    monkeypatch.setattr(engine, "_clean_body", lambda *args: False)
    assert quick == _scan(FIXTURES, options)
    # and without reading bodies unplaced at all (the C decoder only sorts out non-requests)
    monkeypatch.setattr(jsonpos, "parse_unplaced", lambda *args: None)
    assert quick == _scan(FIXTURES, options)


def test_clean_bodies_shortcut_is_taken_only_for_clean_bodies() -> None:
    options = _options("2026-08-14", False)
    text = ('curl https://api.cartesia.ai/tts/bytes -H "Cartesia-Version: 2026-08-14" '
            '-d \'{"model_id": "sonic-3", "transcript": "Hi", "voice": {"id": "a"}, '
            '"output_format": {"container": "raw", "encoding": "pcm_f32le", '
            '"sample_rate": 44100}}\'\n')
    from cartesia_cli.migrate.context import CheckContext
    from cartesia_cli.migrate.source import Document

    doc = Document("x.sh", text, "shell")
    ctx = CheckContext(doc, doc.regions[0], options.target)
    start, end = text.index("{"), text.rindex("}") + 1
    root = jsonpos.parse_unplaced(text, start, end)
    assert root is not None
    assert engine._clean_body(ctx, root, "bytes", options.selected)
    broken = text.replace('"pcm_f32le"', '"fp32"')
    doc = Document("x.sh", broken, "shell")
    ctx = CheckContext(doc, doc.regions[0], options.target)
    root = jsonpos.parse_unplaced(broken, start, broken.rindex("}") + 1)
    assert root is not None
    assert not engine._clean_body(ctx, root, "bytes", options.selected)
    assert engine.check_document(doc, options)  # and the long way reports it


def _mixed_tree(root: Path) -> Path:
    """Fixture files copied many times over (enough text for workers), and files to skip."""
    sources = [p for p in sorted(FIXTURES.rglob("*")) if p.is_file()
               and p.suffix in (".py", ".ts", ".js", ".sh", ".json", ".yaml", ".md")]
    for n in range(6):
        for i, source in enumerate(sources):
            target = root / f"copy{n}" / f"{i:03d}_{source.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    (root / "copy2" / "deep.json").write_text("[" * 300 + "]" * 299, encoding="utf-8")
    (root / "copy4" / "a_deep.json").write_text(json.dumps({"k": "[" * 10}), encoding="utf-8")
    return root


@pytest.mark.parametrize("fix", [False, True])
def test_workers_report_what_one_process_reports(monkeypatch, tmp_path, fix) -> None:
    root = _mixed_tree(tmp_path)
    options = _options("2026-08-14", fix)
    monkeypatch.setattr(engine, "_workers", lambda jobs: 1)
    alone = _scan(root, options)
    assert any(item[0] == "skipped" for item in alone)
    if fix:
        assert sum(item[0] == "file" and item[3] > 0 for item in alone) > 6
    else:
        assert sum(item[0] == "CAR101" for item in alone) > 6
    monkeypatch.setattr(engine, "_workers", lambda jobs: 3)
    assert _scan(root, options) == alone


def test_workers_only_for_enough_text(tmp_path) -> None:
    from cartesia_cli.migrate.discover import SourceFile
    from cartesia_cli.migrate.source import Document

    small = [(Document(f"{i}.py", "x = 1\n", "python"), SourceFile(f"{i}.py", None))
             for i in range(50)]
    assert engine._workers(small) == 1
    big = [(Document(f"{i}.py", "x = 1\n" * 20_000, "python"), SourceFile(f"{i}.py", None))
           for i in range(4)]
    assert engine._workers(big) >= 1
    assert engine._workers(big[:1]) == 1


def _scan_objects() -> dict[str, Any]:
    from cartesia_cli.migrate import (
        check_auth,
        check_fields,
        check_paths,
        check_sdk,
        check_versions,
        shell,
        source,
    )
    from cartesia_cli.migrate.anchored import Anchored

    return {f"{module.__name__}.{name}": value
            for module in (check_auth, check_fields, check_paths, check_sdk, check_versions,
                           shell, source)
            for name, value in vars(module).items() if isinstance(value, Anchored)}


def _region_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*"))
             if p.is_file() and p.suffix in (".py", ".ts", ".sh", ".json", ".yaml", ".md")]
    return texts + ["", "x", "Cartesia(", "import cartesia", "error_code", "'title'", "É cartesia",
                    "curl curl\tcurl\n./curl x-curl curl", " curl -d '{}' https://x/tts/"]


@pytest.mark.parametrize("name", sorted(_scan_objects()))
def test_may_match_is_false_only_without_matches(name: str) -> None:
    scan = _scan_objects()[name]
    for text in _region_texts():
        lowered = text.lower() if text.isascii() else None
        step = max(1, len(text) // 40)
        for start in range(0, len(text) + 1, step):
            end = min(len(text), start + 3 * step)
            if not scan.may_match(text, start, end, lowered):
                assert list(scan.pattern.finditer(text, start, end)) == []


@pytest.mark.parametrize("name", sorted(_scan_objects()))
def test_document_contains_answers_as_the_pattern_does(name: str) -> None:
    from cartesia_cli.migrate.source import Document

    scan = _scan_objects()[name]
    for text in _region_texts():
        doc = Document("x.txt", text, "text")
        assert doc.contains(scan) == (scan.pattern.search(text) is not None)


@pytest.mark.parametrize("text", ["", "a", "\n", "a\n", "\n\n", "a\nb", "a\r\nb\n\nc\u2028d\n"])
def test_line_starts(text: str) -> None:
    from cartesia_cli.migrate.source import Document

    assert Document("x.txt", text, "text").line_starts == [0] + [
        i + 1 for i, ch in enumerate(text) if ch == "\n"]


def test_callee_finds_what_a_search_of_the_whole_window_finds() -> None:
    import random
    import re

    from cartesia_cli.migrate import lexer

    def reference(text: str, open_pos: int) -> str:
        match = lexer._CALLEE.search(text, max(0, open_pos - 200), open_pos)
        return re.sub(r"\s+", "", match.group("name")) if match else ""

    rng = random.Random(7)
    pieces = ["client", ".", " . ", "tts", "\n", " ", "sse", "_x9", "$", "9", "(", ")", "=",
              "é", "a" * 45, ",", "\t", "generate_sse", "'", "[0]"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 60))) + "("
        assert lexer.callee(text, len(text) - 1) == reference(text, len(text) - 1), text


@pytest.mark.parametrize("language", ["python", "javascript", "shell", "yaml", "json", "text"])
def test_lexer_strings_end_where_string_end_says(language: str) -> None:
    import random

    from cartesia_cli.migrate import lexer

    rng = random.Random(language)
    pieces = ['"', "'", "`", "\\", "\n", "#", "//", "/*", "*/", "(", ")", "{", "}", "[", "]",
              "a", " ", '"""', "'''", "x = ", ";"]
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*"))
             if p.is_file() and p.suffix in (".py", ".ts", ".sh", ".yaml", ".md")]
    texts += ["".join(rng.choice(pieces) for _ in range(300)) for _ in range(200)]
    for text in texts:
        for start, end in ((0, len(text)), (len(text) // 3, 2 * len(text) // 3)):
            lexed = lexer.lex(text, start, end, language)
            for open_at, close in lexed.strings:
                assert close == lexer._string_end(text, open_at, end, language)


@pytest.mark.parametrize("name", sorted(_scan_objects()))
def test_scans_find_what_the_pattern_finds(name: str) -> None:
    scan = _scan_objects()[name]
    for text in _region_texts():
        lowered = text.lower() if text.isascii() else None
        for start, end in ((0, len(text)), (len(text) // 4, len(text) // 2)):
            assert [m.span() for m in scan.finditer(text, start, end, lowered)] == [
                m.span() for m in scan.pattern.finditer(text, start, end)]


def test_forked_map_keeps_index_order_and_uses_every_process() -> None:
    import os

    from cartesia_cli.migrate.forked import map_forked

    def fn(i: int) -> tuple[int, int]:
        sum(range(20_000))  # long enough for the children to take some
        return i * i, os.getpid()

    results = map_forked(fn, 3000, 3)
    assert [r[0] for r in results] == [i * i for i in range(3000)]
    assert len({r[1] for r in results}) > 1


def test_forked_map_computes_what_a_dead_child_did_not_send() -> None:
    import os

    from cartesia_cli.migrate.forked import map_forked

    parent = os.getpid()

    def fn(i: int) -> int:
        if os.getpid() != parent:
            os._exit(3)  # a child dies on its first index, sending nothing
        return i + 1

    assert map_forked(fn, 200, 2) == list(range(1, 201))


def _children() -> set[str]:
    """This process's child processes (Linux), including zombies not yet waited for."""
    import os

    listing = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    if not listing.exists():
        pytest.skip("no /proc children listing here")
    return set(listing.read_text().split())


def test_forked_map_stops_its_children_when_the_parent_fails() -> None:
    import os
    import time

    from cartesia_cli.migrate.forked import map_forked

    parent = os.getpid()

    def fn(i: int) -> int:
        if os.getpid() == parent:
            time.sleep(0.05)  # the children are busy by now
            raise KeyboardInterrupt  # as a signal would, in the parent's share of the work
        time.sleep(0.01)
        return i

    before = _children()
    with pytest.raises(KeyboardInterrupt):
        map_forked(fn, 1000, 3)
    assert _children() <= before  # stopped and waited for
