"""`cartesia migrate-check`: lint code and request payloads for outdated Cartesia API usage."""

from typing import TYPE_CHECKING, Annotated, Literal

import typer

from cartesia_cli.errors import UsageError

if TYPE_CHECKING:
    from cartesia_cli.cli.state import AppState
    from cartesia_cli.migrate.engine import Options, Report

_EPILOG = ("Exit status: 0 clean (or everything fixed), 1 findings remain, 2 usage or input "
           "error. `# noqa: CAR101` (or `// noqa: CAR101`) on a line silences a finding there.")


def migrate_check(
    ctx: typer.Context,
    paths: Annotated[list[str] | None, typer.Argument(
        help="Files or directories to scan; `-` reads stdin [default: .].", metavar="PATH",
        show_default=False)] = None,
    output_format: Annotated[Literal["text", "json", "sarif", "github"], typer.Option(
        "--output-format", help="Report format.")] = "text",
    statistics: Annotated[bool, typer.Option(
        "--statistics", help="Count findings per rule instead of listing them.")] = False,
    select: Annotated[list[str] | None, typer.Option(
        "--select", metavar="CODES",
        help="Only these rules: codes or prefixes, comma-separated (CAR1,CAR301).",
        show_default=False)] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        "--ignore", metavar="CODES", help="Skip these rules: codes or prefixes.",
        show_default=False)] = None,
    target_version: Annotated[str | None, typer.Option(
        "--target-version", metavar="DATE",
        help="The Cartesia-Version you are moving to [default: the CLI's default version].",
        show_default=False)] = None,
    fix: Annotated[bool, typer.Option(
        "--fix", help="Apply safe fixes in place (paths, headers, version pins).")] = False,
    diff: Annotated[bool, typer.Option(
        "--diff", help="Show the fixes as a unified diff; write nothing.")] = False,
    unsafe_fixes: Annotated[bool, typer.Option(
        "--unsafe-fixes", help="Also apply fixes that may change behaviour.")] = False,
    exit_zero: Annotated[bool, typer.Option(
        "--exit-zero", help="Exit 0 even when findings remain.")] = False,
    payload: Annotated[str | None, typer.Option(
        "--payload", metavar="FILE.json",
        help="Check one request body (`-` for stdin) instead of scanning code.",
        show_default=False)] = None,
    payload_kind: Annotated[Literal["auto", "bytes", "sse", "websocket"], typer.Option(
        "--payload-kind", help="Which request the payload is (auto: guess from its fields).")
    ] = "auto",
    stdin_filename: Annotated[str | None, typer.Option(
        "--stdin-filename", metavar="NAME", help="Name (and so language) for text read from stdin.",
        show_default=False)] = None,
    preview: Annotated[bool, typer.Option(
        "--preview", help="Also run the preview rules (deprecations, uncertain facts, style).")
    ] = False,
    list_rules: Annotated[bool, typer.Option(
        "--list-rules", help="Print every rule (default or preview) and exit.")] = False,
    explain: Annotated[str | None, typer.Option(
        "--explain", metavar="CODE",
        help="Explain a rule: what it finds, why, the evidence, the fix, an example.",
        show_default=False)] = None,
) -> None:
    """Find (and fix) outdated Cartesia API usage in code and payloads.

    Scans Python, JavaScript/TypeScript, shell scripts (curl), JSON/YAML and the code blocks of
    Markdown files; skips .git, virtualenvs, node_modules, binary files and what .gitignore
    ignores. Reports `path:line:col: CODE message` with a hint, like ruff. By default only rules
    about things the API removed or rejects run; `--preview` adds deprecations, uncertain facts
    and style.

    \b
    Examples:
      cartesia migrate-check src/ README.md
      cartesia migrate-check --preview .          # also deprecations and uncertain facts
      cartesia migrate-check --explain CAR509     # what a rule finds, why, and the fix
      cartesia migrate-check --diff .             # show the safe fixes as a diff
      cartesia migrate-check --fix --unsafe-fixes app.py
      cartesia migrate-check --output-format sarif . > migrate.sarif
      cartesia migrate-check --payload request.json --target-version 2025-04-16
    """
    from cartesia_cli.migrate import engine, reporters

    state = ctx.obj
    if list_rules:
        typer.echo(reporters.rule_table(), nl=False)
        return
    if explain is not None:
        from cartesia_cli.cli.render import scrub
        from cartesia_cli.migrate.rules import get_rule

        typer.echo(scrub(reporters.explain(get_rule(explain))), nl=False)
        return
    options = _options(state, select, ignore, preview, target_version, fix or diff,
                       unsafe_fixes, None if payload_kind == "auto" else payload_kind)
    if statistics and output_format not in ("text", "json"):
        raise UsageError("--statistics works with --output-format text or json")

    def read_stdin() -> str:
        text: str = state.env.stdin.read()
        return text

    if payload is not None:
        if paths:
            raise UsageError("--payload checks one request body; pass no PATH with it")
        report = engine.run_payload(payload, options, read_stdin)
    else:
        report = engine.run(paths or ["."], options, read_stdin, stdin_filename)
    for skipped in report.skipped:
        state.printer.warning(f"skipped `{skipped.display}`: {skipped.skipped}")
    _render(state, report, output_format, statistics, fix, diff, unsafe_fixes)
    if exit_zero:
        return
    pending = report.findings or (diff and report.fixed_count)
    raise typer.Exit(1 if pending else 0)


def _options(state: "AppState", select: list[str] | None, ignore: list[str] | None,
             preview: bool, target_version: str | None, fix: bool, unsafe_fixes: bool,
             payload_kind: str | None) -> "Options":
    from cartesia_cli.facts import DEFAULT_VERSION, resolve_version
    from cartesia_cli.migrate.engine import Options
    from cartesia_cli.migrate.rules import preview_selected, select_rules

    target = resolve_version(target_version or DEFAULT_VERSION)
    if target.warning:
        state.printer.warning(target.warning)
    selected = select_rules(select or (), ignore or (), preview)
    if not preview:
        for code in preview_selected(select or ()):
            state.printer.warning(f"{code} is a preview rule: add --preview to run it")
    return Options(target, selected, fix, unsafe_fixes, payload_kind)


def _render(state: "AppState", report: "Report", output_format: str, statistics: bool,
            fix: bool, diff: bool, unsafe: bool) -> None:
    """Diff or report on stdout (secrets redacted, as everywhere), summary on stderr."""
    from cartesia_cli.cli.render import scrub
    from cartesia_cli.migrate import engine, fixes, reporters

    findings = report.findings
    if diff:
        for result in report.files:
            if result.changed:
                typer.echo(scrub(fixes.unified_diff(result.path, result.original, result.text)),
                           nl=False)
        state.printer.notice(f"Would fix {report.fixed_count} finding(s); "
                             f"{len(findings)} would remain.")
        return
    stdin_fixed = fix and any(r.source is None and r.changed for r in report.files)
    if fix:
        engine.write_fixes(report)
        for result in report.files:
            if result.source is None:  # stdin: the fixed text is the data, as pyupgrade does
                typer.echo(result.text, nl=False)
    out = reporters.render(output_format, findings, unsafe, statistics)
    typer.echo(scrub(out), nl=False, err=stdin_fixed)
    if output_format == "text":
        for line in _summary(report, fix, unsafe):
            state.printer.notice(line)


def _summary(report: "Report", fix: bool, unsafe: bool) -> list[str]:
    findings, fixed = report.findings, report.fixed_count
    if not findings:
        return [f"Fixed {fixed} finding(s); all checks passed." if fixed else "All checks passed."]
    lines = [f"Found {len(findings) + fixed} finding(s) ({fixed} fixed, {len(findings)} "
             f"remaining)." if fixed else f"Found {len(findings)} finding(s)."]
    if not fix:
        safe = sum(f.fixable(False) for f in findings)
        if safe:
            lines.append(f"[*] {safe} fixable with `--fix`.")
    if not unsafe:
        hidden = sum(f.fixable(True) and not f.fixable(False) for f in findings)
        if hidden:
            lines.append(f"{hidden} more fixable with `--fix --unsafe-fixes`.")
    return lines


def register(app: typer.Typer) -> None:
    app.command("migrate-check", epilog=_EPILOG)(migrate_check)
