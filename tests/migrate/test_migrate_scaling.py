"""migrate-check is linear: pathological inputs finish, never crash, and ten times the input
costs about ten times the time.

Each input is checked for what it should report, then timed at sizes n and 10n (best of three)
and the ratio is compared, not a wall-clock limit: t(10n) <= 12 * t(n) + 50 ms. A quadratic
spot makes that ratio about 100. Sizes are chosen so that the 10n run takes about 0.05-0.3 s.
"""

from __future__ import annotations

import difflib
import gc
import json
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from migrate_support import check

from cartesia_cli.facts import DEFAULT_VERSION, resolve_version
from cartesia_cli.migrate import engine, fixes, jsonpos
from cartesia_cli.migrate.rules import select_rules

TARGET = resolve_version(DEFAULT_VERSION)


def scan(name: str, text: str, *, fix: bool = False) -> engine.Report:
    """The real check of one file, in-process (as stdin named `name`: no size limit)."""
    options = engine.Options(TARGET, select_rules(preview=True), fix=fix)
    return engine.run(["-"], options, lambda: text, stdin_filename=name)


def codes(report: engine.Report) -> Counter[str]:
    return Counter(f.code for f in report.findings)


def _timed(fn: Callable[[], object]) -> float:
    """CPU time: what the algorithm costs, not how long other work on a shared machine kept
    this process waiting (which made the ratios of wall times flaky under load)."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def _best_of_three(fn: Callable[[], object]) -> float:
    return min(_timed(fn) for _ in range(3))


def assert_linear(run: Callable[[int], object], n: int) -> None:
    """Ten times the input may cost at most about ten times the time."""
    run(n)  # warm up: imports, compiled patterns
    # The cycle collector's full passes grow with the number of live objects and make the
    # timings noisy; what is under test is the algorithm.
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        small = large = float("inf")
        for _ in range(5):  # alternating, so that a busy moment hits both sizes alike
            small = min(small, _timed(lambda: run(n)))
            large = min(large, _timed(lambda: run(10 * n)))
    finally:
        if enabled:
            gc.enable()
    assert large <= 12 * small + 0.05, f"n={n}: {small:.3f}s, 10n: {large:.3f}s"


# Each input: file name, generator of the text at size k, size n for the ratio, and what the
# check must report at size k (a function of k).
Expect = Callable[[int], Counter[str]]
NONE: Expect = lambda k: Counter()  # noqa: E731
ONE_LINE_URL = 'u = "http://api.cartesia.ai/v0/audio/sse"'

PATHOLOGICAL: dict[str, tuple[str, Callable[[int], str], int, Expect]] = {
    # `curl ` repeated on one line: every word starts a command reading to the line end.
    "curl words in shell": ("x.sh", lambda k: "curl " * k, 500, NONE),
    "curl words in markdown": ("x.md", lambda k: "```bash\n" + "curl " * k + "\n```\n", 500,
                               NONE),
    # Commands with bodies on one line: each body is checked once, with its own command.
    "curl commands on one line": (
        "x.sh", lambda k: "curl https://api.cartesia.ai/tts/bytes -d '{\"transcript\": \"hi\", "
                          "\"model_id\": \"sonic\"}' " * k, 15,
        lambda k: Counter({"CAR201": k, "CAR509": k, "CAR701": k})),
    # One identifier of n letters, in every language.
    **{f"long identifier in .{ext}": (f"x.{ext}", make, 5_000, NONE) for ext, make in {
        "py": lambda k: "import cartesia\nx = " + "a" * k + "\n",
        "js": lambda k: "// cartesia\nconst x = " + "a" * k + ";\n",
        "sh": lambda k: "# cartesia\ncurl " + "a" * k + "\n",
        "json": lambda k: '{"cartesia": ' + "a" * k + "}",
        "yaml": lambda k: "# cartesia\nmodel: " + "a" * k + "\n",
        "md": lambda k: "cartesia\n```python\n" + "a" * k + "\n```\n```json\n" + "a" * k
                        + "\n```\n" + "a" * k,
    }.items()},
    # Deep brackets in code (the JSON parser is not involved): the lexer and every lookup of
    # the enclosing bracket.
    "deep brackets in python": (
        "x.py", lambda k: "# cartesia\n" + "[" * k + "]" * k + '\nv = {"voice": {"mode": "id"}}\n'
                          * 100, 500, lambda k: Counter({"CAR508": 100})),
    "mismatched closers": (
        "x.js", lambda k: "// cartesia\n" + "[" * k + "}" * k + '\nh = {"x-api-key": k};\n',
        1_000, lambda k: Counter({"CAR301": 1})),
    "questions right after a deep nesting": (
        "x.py", lambda k: "# cartesia\n" + "[" * k + "]" * k + '\n"mode": "id"\n' * (k // 10),
        1_000, NONE),
    "deep calls around fields": (
        "x.py", lambda k: "import cartesia\n" + "client.tts.sse(" * k + 'container="wav", '
                          * (k // 10), 150,
        lambda k: Counter({"CAR602": k, "CAR511": k // 10})),
    # Many short lines, many findings.
    "many findings in python": (
        "x.py", lambda k: "# cartesia client\n" + f"{ONE_LINE_URL}\n" * k, 25,
        lambda k: Counter({"CAR101": k, "CAR102": k, "CAR401": k, "CAR201": k})),
    "many findings in shell": (
        "x.sh", lambda k: "curl -X POST http://api.cartesia.ai/v0/tts/bytes -H 'X-API-Key: k'\n"
                          * k, 15,
        lambda k: Counter({"CAR101": k, "CAR201": k, "CAR301": k, "CAR401": k})),
    "many code blocks in markdown": (
        "x.md", lambda k: "cartesia\n" + "```python\nurl = 'http://api.cartesia.ai/v0/tts/bytes'"
                          "\n```\n" * k, 30,
        lambda k: Counter({"CAR101": k, "CAR201": k, "CAR401": k})),
    "many unknown fields in a JSON body": (
        "x.json", lambda k: '{"transcript": "a", "model_id": "sonic-3", "voice": {"id": "v"}, '
                            '"output_format": {"container": "raw", "encoding": "pcm_s16le", '
                            '"sample_rate": 24000}, '
                            + ", ".join(f'"x{i}": 1' for i in range(k)) + "}", 100,
        lambda k: Counter({"CAR702": k})),
    # One long line with many findings (each finding's noqa lookup, value end, key before...).
    "many findings on one line": (
        "x.py", lambda k: f"# cartesia\nx = ['{'http://api.cartesia.ai/v0/tts ' * k}']\n", 50,
        lambda k: Counter({"CAR101": k, "CAR401": k, "CAR201": k})),
    "one line, all suppressed": (
        "x.py", lambda k: f"# cartesia\nx = '{'http://api.cartesia.ai/v0/tts ' * k}'  # noqa\n",
        50, NONE),
    "header entries without commas": (
        "x.py", lambda k: "# cartesia\nh = {" + '"x-api-key": ' * k + "k}\n", 100,
        lambda k: Counter({"CAR301": k})),
    "header values that open brackets": (
        "x.py", lambda k: "# cartesia\nh = {" + '"x-api-key": {' * k, 100,
        lambda k: Counter({"CAR301": k})),
    "bare sonic literals on one line": (
        "x.py", lambda k: "# cartesia\nnames = [" + '"sonic", ' * k + "]\n", 300, NONE),
    "error splits on one line": (
        "x.py", lambda k: "# cartesia\nparts = " + "err.split(': ') + " * k + "[]\n", 200,
        lambda k: Counter({"CAR205": k})),
    "speeds and models": (
        "x.py", lambda k: "# cartesia\n" + 'm = "sonic-3"\ns = {"speed": "fast"}\n' * k, 100,
        lambda k: Counter({"CAR510": k})),
    "continued shell lines, noqa at the end": (
        "x.sh", lambda k: "# cartesia\n" + "curl http://api.cartesia.ai/v0/tts/bytes \\\n" * k
                          + "  # noqa\n", 25, NONE),
    "blank lines before a yaml model": (
        "x.yaml", lambda k: "# cartesia\n" + " \n" * k + "model: sonic\n", 1_500,
        lambda k: Counter({"CAR509": 1})),
    "blank lines in python": ("x.py", lambda k: "\n" * k + "x = 1  # cartesia\n", 1_500, NONE),
    "a long dotted name": ("x.py", lambda k: "import cartesia\n" + "a." * k + "\n", 500, NONE),
    "a long receiver chain": (
        "x.py", lambda k: "import cartesia\n" + "a . " * k + "get_output_format('pcm')\n", 500,
        lambda k: Counter({"CAR606": 1})),
    "unclosed IPv6 hosts": (
        "x.py", lambda k: "# cartesia\n" + 'base_url = "http://[' * k, 100,
        lambda k: Counter({"CAR402": k // 2})),
    "a fence line of tildes": ("x.md", lambda k: "~" * k + "`\n", 5_000, NONE),
    # Quotes and backslashes.
    "double quotes in python": ("x.py", lambda k: "# cartesia\n" + '"' * k, 2_500, NONE),
    "single quotes in python": ("x.py", lambda k: "# cartesia\n" + "'" * k, 5_000, NONE),
    "backslashes in python": ("x.py", lambda k: "# cartesia\n" + "\\" * k, 5_000, NONE),
    "escaped quotes in javascript": ("x.js", lambda k: "// cartesia\n" + '"' + '\\"' * k,
                                     2_500, NONE),
    "escapes in a template literal": ("x.js", lambda k: "// cartesia\n`" + "\\" * k, 5_000,
                                      NONE),
    **{f"{what} after a curl command": (
        "x.sh", lambda k, tail=tail: "curl https://api.cartesia.ai/tts/bytes " + tail * k,
        2_500, lambda k: Counter({"CAR201": 1}))
       for what, tail in {"single quotes": "'", "double quotes": '"', "backslashes": "\\"}.items()},
    # Strings and comments that never end.
    "unterminated docstring": ("x.py", lambda k: '# cartesia\n"""' + "x\n" * k, 2_500, NONE),
    "unterminated one-line string": ("x.py", lambda k: "# cartesia\nx = '" + "x" * k, 5_000,
                                     NONE),
    "unterminated block comment": ("x.js", lambda k: "// cartesia\n/*" + "x\n" * k, 2_500,
                                   NONE),
    "unterminated curl body": (
        "x.sh", lambda k: "curl https://api.cartesia.ai/tts/bytes -d '" + "x\n" * k, 500,
        lambda k: Counter({"CAR201": 1})),
    "unterminated code block": ("x.md", lambda k: "cartesia\n```python\n" + "x = (\n" * k,
                                500, NONE),
    # Line endings and NUL bytes.
    # (No `#` comment in these headers: with lone CRs the whole file is one line, and a comment
    # would run to its end.)
    "CRLF line endings": ("x.py", lambda k: "CARTESIA = 1\r\n" + f"{ONE_LINE_URL}\r\n" * k, 25,
                          lambda k: Counter({"CAR101": k, "CAR102": k, "CAR401": k,
                                             "CAR201": k})),
    "lone CR line endings": ("x.py", lambda k: "CARTESIA = 1\r" + f"{ONE_LINE_URL}\r" * k, 25,
                             lambda k: Counter({"CAR101": k, "CAR102": k, "CAR401": k,
                                                "CAR201": k})),
    "NUL bytes": ("x.py", lambda k: "# cartesia\n" + "\0" * k + f"\n{ONE_LINE_URL}\n", 2_500,
                  lambda k: Counter({"CAR101": 1, "CAR102": 1, "CAR401": 1, "CAR201": 1})),
}


@pytest.mark.parametrize("case", list(PATHOLOGICAL))
def test_pathological_input_is_checked_in_linear_time(case):
    name, make, n, expect = PATHOLOGICAL[case]
    report = scan(name, make(10 * n))
    assert not report.skipped
    assert codes(report) == expect(10 * n)
    assert_linear(lambda k: scan(name, make(k)), n)


def test_the_required_sizes_complete():
    """The sizes named in the requirements, once each: a 500 KB line of `curl ` (in a script
    and in a Markdown block), a 1 MB identifier in every language, 100k nested brackets."""
    for case, size in [("curl words in shell", 100_000), ("curl words in markdown", 100_000),
                       *((f"long identifier in .{ext}", 1_000_000)
                         for ext in ("py", "js", "sh", "json", "yaml", "md")),
                       ("deep brackets in python", 100_000)]:
        name, make, _, expect = PATHOLOGICAL[case]
        assert codes(scan(name, make(size))) == expect(size), case


DEEP = {"arrays": "[" * 100_000 + "]" * 100_000,
        "objects": '{"a":' * 100_000 + "1" + "}" * 100_000}


@pytest.mark.parametrize("kind", list(DEEP))
def test_deeply_nested_json_is_skipped_with_a_warning(kind, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("deep.json").write_text(DEEP[kind])
    Path("clean.py").write_text("print('hello')\n")
    run = check(".")  # exit 0: the skip alone does not fail the run
    warnings = [line for line in run.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: skipped `deep.json`: nested deeper than {jsonpos.MAX_DEPTH} "
                        "levels"]
    Path("old.py").write_text('# cartesia\nURL = "https://api.cartesia.ai/v0/tts/bytes"\n')
    run = check(".", "--output-format", "json", expect=1)  # other files are still checked
    assert [item["filename"] for item in json.loads(run.text)] == ["old.py", "old.py"]
    assert run.stderr.count("nested deeper than") == 1


def test_deep_json_inside_other_files_is_not_parsed_but_the_text_is_checked():
    deep = DEEP["arrays"]
    report = scan("x.md", f"cartesia\n```json\n{deep}\n```\n```sh\ncurl http://api.cartesia.ai"
                          f"/tts/bytes -d '{deep}'\n```\n")
    assert not report.skipped
    assert codes(report) == Counter({"CAR201": 1, "CAR401": 1})


def test_deep_json_payload_is_a_usage_error(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text(DEEP["objects"])
    run = check("--payload", str(path), expect=2)
    assert "nested deeper than" in run.stderr


def test_json_nesting_limit():
    jsonpos.parse("[" * jsonpos.MAX_DEPTH + "]" * jsonpos.MAX_DEPTH)
    with pytest.raises(jsonpos.JsonTooDeep):
        jsonpos.parse("[" * (jsonpos.MAX_DEPTH + 1) + "]" * (jsonpos.MAX_DEPTH + 1))


def test_huge_numbers_in_a_payload_do_not_crash():
    body = '{"transcript": "a", "model_id": "sonic-3", "max_buffer_delay_ms": %s}' % ("9" * 5000)
    assert codes(scan("x.json", body))["CAR703"] == 1


def test_line_endings_do_not_change_what_is_found():
    lines = [f"{ONE_LINE_URL}", "h = {'X-API-Key': key}", "# noqa-free comment"] * 3
    found = {ending: [(f.code, f.location.column) for f in scan(
        "x.py", "import cartesia" + ending + ending.join(lines) + ending).findings]
        for ending in ("\n", "\r\n")}
    assert found["\n"] == found["\r\n"]
    fixed = scan("x.py", "import cartesia\r\n" + "\r\n".join(lines) + "\r\n", fix=True)
    assert fixed.files[0].text.count("\r\n") == len(lines) + 1


FIX_LINE = 'u{i} = "http://api.cartesia.ai/v0/audio/sse"\n'  # three safe fixes


def _fixable(k: int) -> str:
    return "import cartesia\n" + "".join(FIX_LINE.format(i=i) for i in range(k))


def test_fix_scales_like_the_check_and_leaves_nothing_to_fix():
    lines = 700  # 10n: 7,000 lines, 21,000 fixable findings
    report = scan("x.py", _fixable(10 * lines), fix=True)
    assert report.fixed_count == 30 * lines
    fixed = report.files[0].text
    assert fixed.count('"https://api.cartesia.ai/tts/sse"') == 10 * lines
    again = scan("x.py", fixed)
    assert not [f for f in again.findings if f.fixable(unsafe=True)]
    assert_linear(lambda k: scan("x.py", _fixable(k), fix=True), lines)
    # About as long as the check: one more check pass, and the edits spliced in one go.
    check_time = _best_of_three(lambda: scan("x.py", _fixable(lines)))
    fix_time = _best_of_three(lambda: scan("x.py", _fixable(lines), fix=True))
    assert fix_time <= 3 * check_time + 0.05, f"check {check_time:.2f}s, fix {fix_time:.2f}s"


def test_fix_through_the_cli_then_nothing_is_fixable(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("many.py").write_text(_fixable(700))
    run = check("many.py", "--fix")
    assert run.stderr == "Fixed 2100 finding(s); all checks passed.\n"
    assert json.loads(check("many.py", "--output-format", "json").text) == []


def test_choosing_and_applying_many_edits_is_linear():
    def run(k: int) -> None:
        findings = scan("x.py", _fixable(k)).findings
        fixes.apply(_fixable(k), fixes.choose(findings, unsafe=False))

    assert_linear(run, 100)


def test_diff_of_many_scattered_changes_is_linear():
    """Changed lines between unchanged ones: difflib's matcher alone is quadratic here."""
    def texts(k: int) -> tuple[str, str]:
        before = "".join(f"u{i} = 'http://api.cartesia.ai/v0/tts'\nk{i} = {i}\n" for i in range(k))
        return before, before.replace("http://", "https://")

    before, after = texts(30)  # the same diff as difflib's
    assert fixes.unified_diff("x.py", before, after) == "".join(difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), "a/x.py", "b/x.py"))
    assert_linear(lambda k: fixes.unified_diff("x.py", *texts(k)), 500)
