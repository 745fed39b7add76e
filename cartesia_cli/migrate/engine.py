"""Run the checks over files: payload bodies first (structurally), then the text rules; honour
--select/--ignore and `noqa`; apply fixes pass by pass until nothing more can be fixed."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cartesia_cli.errors import UsageError
from cartesia_cli.facts import ResolvedVersion
from cartesia_cli.migrate import (
    check_auth,
    check_fields,
    check_paths,
    check_sdk,
    check_versions,
    fixes,
    jsonpos,
)
from cartesia_cli.migrate.context import CheckContext, CheckFn
from cartesia_cli.migrate.discover import SourceFile, discover
from cartesia_cli.migrate.jsonpos import JNode
from cartesia_cli.migrate.model import Finding, Position
from cartesia_cli.migrate.payload import (
    check_payload,
    looks_like_request,
    looks_like_request_data,
)
from cartesia_cli.migrate.rules import RULES
from cartesia_cli.migrate.source import Document, language_for, sniff_language
from cartesia_cli.safe_write import write_atomically

CHECKS = (check_paths.CHECKS + check_versions.CHECKS + check_auth.CHECKS + check_fields.CHECKS
          + check_sdk.CHECKS)
MAX_FIX_PASSES = 10


@dataclass(frozen=True)
class Options:
    target: ResolvedVersion
    selected: frozenset[str]
    fix: bool = False  # compute fixed text (for --fix and --diff)
    unsafe_fixes: bool = False
    payload_kind: str | None = None  # --payload: check the file as this request kind


@dataclass
class FileResult:
    path: str
    source: Path | None  # None for stdin
    original: str
    text: str  # after fixes
    findings: list[Finding]  # what remains
    fixed: list[Finding] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != self.original


@dataclass
class Report:
    target: ResolvedVersion
    files: list[FileResult] = field(default_factory=list)
    # Explicit files that were not read, and files too deeply nested to check: each is warned
    # about, and none changes the exit status.
    skipped: list[SourceFile] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return sorted((f for r in self.files for f in r.findings), key=Finding.sort_key)

    @property
    def fixed_count(self) -> int:
        return sum(len(r.fixed) for r in self.files)


def _may_be_request(text: str) -> bool:
    """Whether JSON text may hold a request body: the C decoder answers for most JSON (config
    files, lock files) far faster than the position-keeping parser would. Text it cannot
    decode (invalid, or nested too deep for it) is left to that parser to report."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return True
    return looks_like_request_data(data)


def _clean_body(ctx: CheckContext, root: JNode, kind: str | None,
                selected: frozenset[str]) -> bool:
    """Whether no selected rule finds anything in a request body read without positions
    (jsonpos.parse_unplaced): most bodies in a tree are fine and need no placing. When
    something is found, the position-keeping parser reads the body again to report it."""
    scratch = CheckContext(ctx.doc, ctx.region, ctx.target)
    check_payload(scratch, root, kind)
    return not any(finding.code in selected for finding in scratch.findings)


def _payload_regions(ctx: CheckContext, options: Options, payload_mode: bool,
                     selected: frozenset[str]) -> None:
    """Check JSON bodies structurally and record their spans for the text rules to skip."""
    region = ctx.region
    candidates: list[tuple[int, int, str | None]] = []
    if region.language == "json":
        candidates.append((region.start, region.end, options.payload_kind))
    elif region.language in ("shell", "text"):
        for command in ctx.curl:
            if command.calls_cartesia():
                candidates.extend((s, e, command.endpoint_kind()) for s, e in command.bodies())
    for start, end, kind in candidates:
        if not payload_mode:
            quick = jsonpos.parse_unplaced(ctx.text, start, end)
            if quick is None:  # not JSON, or JSON the parser may read otherwise
                if not _may_be_request(ctx.text[start:end]):
                    continue
            elif not looks_like_request(quick):
                continue  # what _may_be_request answers for the same keys
            elif _clean_body(ctx, quick, kind, selected):
                ctx.payload_spans.append((start, end))
                continue
        try:
            root = jsonpos.parse(ctx.text, start, end)
        except jsonpos.JsonTooDeep as err:
            if payload_mode:
                raise UsageError(f"cannot check `{ctx.doc.path}`: {err}") from None
            if ctx.doc.language == "json":
                raise  # the whole file is this value: run() skips the file with a warning
            continue  # a block or body inside another file: its text is still checked
        except jsonpos.JsonPosError as err:
            if payload_mode:
                where = ctx.doc.position(err.pos)
                raise UsageError(f"`{ctx.doc.path}` is not valid JSON: {err} "
                                 f"(line {where.line}, column {where.column})") from None
            continue
        if payload_mode or looks_like_request(root):
            check_payload(ctx, root, kind)
            ctx.payload_spans.append((start, end))


@functools.cache
def _checks_for(language: str, mentions_cartesia: bool) -> tuple[CheckFn, ...]:
    """The check functions that run on a region, in CHECKS order (asked once per region, and
    a Markdown file can have thousands)."""
    return tuple(check.fn for check in CHECKS if language in check.languages
                 and (mentions_cartesia or not check.cartesia_only))


def check_document(doc: Document, options: Options, payload_mode: bool = False,
                   locate: bool = True) -> list[Finding]:
    """Findings in file order; with `locate`, with their lines and columns."""
    found: dict[tuple[str, int, int, str], Finding] = {}
    # Rules that apply to the target version (a rule about a change made in a later version
    # has nothing to say to code that targets an earlier one).
    version = options.target.features.version
    selected = frozenset(c for c in options.selected if RULES[c].applies_to(version))
    for region in doc.regions:
        ctx = CheckContext(doc, region, options.target)
        _payload_regions(ctx, options, payload_mode, selected)
        for fn in _checks_for(region.language, doc.mentions_cartesia):
            fn(ctx)
        for finding in ctx.findings:
            if finding.code in selected \
                    and not doc.suppressed(finding.code, finding.start, region.language):
                key = (finding.code, finding.start, finding.end, finding.message)
                found.setdefault(key, finding)
    # Offsets sort as lines and columns do.
    findings = sorted(found.values(), key=lambda f: (f.start, f.code))
    if locate:
        _locate(doc, findings)
    return findings


def _locate(doc: Document, findings: list[Finding]) -> None:
    # A finding, its end and its edits mostly share offsets: each is located once, in one sweep
    # down the lines (a binary search per offset grows faster than the file).
    wanted = {offset for f in findings for offset in (f.start, f.end)}
    wanted.update(offset for f in findings if f.fix is not None
                  for e in f.fix.edits for offset in (e.start, e.end))
    starts = doc.line_starts
    positions: dict[int, Position] = {}
    line = 0
    for offset in sorted(wanted):
        while line + 1 < len(starts) and starts[line + 1] <= offset:
            line += 1
        positions[offset] = Position(line + 1, offset - starts[line] + 1)
    for finding in findings:
        finding.location = positions[finding.start]
        finding.end_location = positions[finding.end]
        if finding.fix is not None:
            finding.edit_locations = tuple((positions[e.start], positions[e.end])
                                           for e in finding.fix.edits)


def check_file(doc: Document, source: Path | None, options: Options,
               payload_mode: bool = False) -> FileResult:
    original = doc.text
    # A byte order mark is not text: checked without it (columns on the first line count as an
    # editor's do) and written back with it.
    bom = "\ufeff" if doc.text.startswith("\ufeff") else ""
    if bom:
        doc = Document(doc.path, doc.text[1:], doc.language)
    # Lines and columns only for what remains: findings fixed on the way are just counted.
    findings = check_document(doc, options, payload_mode, locate=False)
    fixed: list[Finding] = []
    for _ in range(MAX_FIX_PASSES if options.fix else 0):
        chosen = fixes.choose(findings, options.unsafe_fixes)
        text = fixes.apply(doc.text, chosen)
        if not chosen or text == doc.text:
            break
        fixed.extend(chosen)
        doc = Document(doc.path, text, doc.language)
        findings = check_document(doc, options, payload_mode, locate=False)
    _locate(doc, findings)
    return FileResult(doc.path, source, original, bom + doc.text, findings, fixed)


def run(paths: list[str], options: Options, read_stdin: Callable[[], str],
        stdin_filename: str | None = None) -> Report:
    """Scan files and directories (`-` is stdin).

    Raises:
        UsageError: a path does not exist or cannot be read.
    """
    report = Report(options.target)
    jobs: list[tuple[Document, SourceFile]] = []
    for source in discover(paths):
        if source.path is None:
            text = read_stdin()
            name = stdin_filename or "-"
            language = (language_for(stdin_filename, text[:200]) if stdin_filename else None) \
                or sniff_language(text)
            doc = Document(name, text, language)
        elif source.text is None:
            report.skipped.append(source)
            continue
        else:
            doc = Document(source.display, source.text, source.language)
        jobs.append((doc, source))
    for (doc, source), result in zip(jobs, _check_all(jobs, options), strict=True):
        if isinstance(result, str):
            report.skipped.append(SourceFile(doc.path, source.path, None, doc.language,
                                             skipped=result, explicit=source.explicit))
        else:
            report.files.append(result)
    return report


_Outcome = FileResult | str  # the result, or why the file was skipped
# Below this much text, starting worker processes costs more than it saves.
PARALLEL_MIN_CHARS = 256 * 1024


def _check_one(doc: Document, source: SourceFile, options: Options) -> _Outcome:
    try:
        return check_file(doc, source.path, options)
    except jsonpos.JsonTooDeep as err:
        return str(err)


def _workers(jobs: list[tuple[Document, SourceFile]]) -> int:
    """How many processes to check in: one per usable core when there is enough text and the
    platform forks (workers inherit the texts instead of receiving them)."""
    if len(jobs) < 2 or sum(len(doc.text) for doc, _ in jobs) < PARALLEL_MIN_CHARS:
        return 1
    import os

    from cartesia_cli.migrate.forked import can_fork

    if not can_fork():
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(cores, len(jobs), 8)


def _check_all(jobs: list[tuple[Document, SourceFile]], options: Options) -> list[_Outcome]:
    """Every file's outcome, in the order of `jobs` (the same with any number of workers)."""
    workers = _workers(jobs)
    if workers <= 1:
        return [_check_one(doc, source, options) for doc, source in jobs]
    from cartesia_cli.migrate.forked import map_forked

    def check_index(index: int) -> tuple[list[Finding], list[Finding], str | None] | str:
        """One file's findings, fixed findings and fixed text (None: unchanged): its text is
        not sent back from a worker."""
        doc, source = jobs[index]
        outcome = _check_one(doc, source, options)
        if isinstance(outcome, str):
            return outcome
        return outcome.findings, outcome.fixed, outcome.text if outcome.changed else None

    outcomes: list[_Outcome] = []
    parts = map_forked(check_index, len(jobs), workers)
    for (doc, source), part in zip(jobs, parts, strict=True):
        if isinstance(part, str):
            outcomes.append(part)
            continue
        findings, fixed, text = part
        outcomes.append(FileResult(doc.path, source.path, doc.text,
                                   doc.text if text is None else text, findings, fixed))
    return outcomes


def run_payload(path: str, options: Options, read_stdin: Callable[[], str]) -> Report:
    """Check one request body (`-` for stdin) against the target version.

    Raises:
        UsageError: the file is missing, unreadable or not JSON.
    """
    from cartesia_cli.migrate.discover import display_path, read_text

    source = None if path == "-" else Path(path)
    if source is None:
        text: str | None = read_stdin()
    elif not source.is_file():
        raise UsageError(f"no such file: `{path}`")
    else:
        text, reason = read_text(source)
        if text is None:
            raise UsageError(f"cannot check `{path}`: {reason}")
    display = "-" if source is None else display_path(source)
    report = Report(options.target)
    doc = Document(display, text or "", "json")
    report.files.append(check_file(doc, source, options, payload_mode=True))
    return report


def write_fixes(report: Report) -> list[str]:
    """Write every changed file (through safe_write: atomically, keeping its mode, through a
    symlink to its target, in place when it has other hard links); return their paths.

    Raises:
        UsageError: a file cannot be written.
    """
    written = []
    for result in report.files:
        if not result.changed or result.source is None:
            continue
        write_atomically(result.source, result.text.encode("utf-8"))
        written.append(result.path)
    return written
