"""man/cartesia.1, rendered from the click command behind the Typer app (used by gen_docs.py).

Commands, arguments and options come from the command tree with the same help records
`--help` prints; environment variables from the settings table; exit codes from errors.py.
Only the prose around them (files, examples) is written here.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

NAME = "cartesia, cartesia\\-tts \\- speech from the Cartesia text\\-to\\-speech API"

MORE_ENVIRONMENT = (
    ("CARTESIA_PROFILE", "Profile to use, as `--profile` (default: default)."),
    ("CARTESIA_CONFIG_DIR", "Directory of `config.toml` (default: `$XDG_CONFIG_HOME/cartesia`)."),
    ("CARTESIA_DEBUG", "Any value but empty or 0: as `--debug`."),
    ("CARTESIA_EMULATOR_ENGINE", "Speech engine of `cartesia emulator` and `--offline`: espeak "
     "(real speech, the default when installed) or tone (test tones)."),
    ("CARTESIA_DIAG_SINK", "A file name: append a timing line for each audio chunk when it "
     "reaches the file, pipe or speakers (latency diagnostics; see cartesia_cli/diagnostics.py)."),
    ("CARTESIA_DIAG_SENT", "A file name: the emulator appends a timing line for each audio chunk "
     "it hands to the socket (latency diagnostics)."),
    ("HTTPS_PROXY, ALL_PROXY, NO_PROXY", "An http:// proxy for the API (https and wss are "
     "tunnelled through it with CONNECT), and the hosts reached without it; also in lower case. "
     "The emulator on a loopback address is always reached directly. As with curl, the system's "
     "proxy settings are not read."),
    ("SSL_CERT_FILE, SSL_CERT_DIR", "The CA bundle (PEM) or hashed directory that the API's "
     "certificate is checked against, instead of certifi's bundle: for a proxy that inspects "
     "TLS. A certificate that does not verify is exit 4 at once, without retries."),
    ("XDG_CONFIG_HOME", "Base of the config directory (default: `~/.config`)."),
    ("XDG_CACHE_HOME", "Base of the voice-name cache (default: `~/.cache`)."),
    ("NO_COLOR", "Not empty: no colour on stderr, unless `--color always`."),
    ("FORCE_COLOR", "Not empty: colour on stderr even when it is not a terminal, unless "
     "`--color never` or NO_COLOR."),
)

FILES = (
    ("$CARTESIA_CONFIG_DIR/config.toml",
     "The config file, else `$XDG_CONFIG_HOME/cartesia/config.toml` "
     "(`~/.config/cartesia/config.toml`); `cartesia config path` prints it. TOML, one "
     "`[profiles.NAME]` table per profile. Created on the first `cartesia config set`, written "
     "atomically with mode 0600 in a directory with mode 0700; never created by reading."),
    ("$XDG_CACHE_HOME/cartesia/voices-*.json",
     "The voice-name cache (`~/.cache/cartesia`): name to id, one file per base URL and key, "
     "entries valid for 10 minutes. It never holds a key. Shell completion reads voice names "
     "from it."),
    (".NAME.XXXXXXXX.part",
     "Audio, subtitles, timestamps and config for `NAME` are written to a temporary file "
     "created exclusively beside NAME (never following a planted link) and renamed to NAME "
     "when complete; `-o LINK` writes the link's target. A failed or interrupted run (Ctrl-C, "
     "SIGTERM, SIGHUP) removes it, or keeps it as NAME.part with `--keep-partial`. Anything "
     "that is not a regular file (`/dev/null`, a FIFO, `/dev/stdout`) is written in place and "
     "never replaced."),
)

# (what it does, commands): the same commands as the README's, which tests run.
EXAMPLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Speak with no key and no network (a local emulator answers):",
     ('cartesia --offline say "Hello from Cartesia" -o hello.wav',)),
    ("Speak on the speakers, then into files; the extension picks the format:",
     ('cartesia say "Hello from Cartesia"',
      'cartesia say -f notes.txt -o notes.flac',
      'echo "Text from a pipe" | cartesia say -o piped.mp3')),
    ("Convert with ffmpeg (-o - writes a streaming WAV to stdout):",
     ('cartesia say -o - "Hello" | ffmpeg -i - hello.mp3',)),
    ("Play raw 16-bit PCM with aplay:",
     ('cartesia say -o - --format raw --encoding pcm_s16le --sample-rate 24000 "Hello" \\\n'
      '  | aplay -f S16_LE -r 24000 -c 1',)),
    ("Play the default raw format (32-bit float, 44100 Hz, mono) with ffplay:",
     ('cartesia say -o - --format raw "Hello" \\\n'
      '  | ffplay -f f32le -ar 44100 -nodisp -autoexit -',)),
    ("Speak a language model's answer while it is still being written (llm is Simon "
     "Willison's command-line tool for large language models):",
     ('llm "Tell me a short story" | cartesia stream',)),
    ("Subtitles and word timestamps:",
     ('cartesia stream -f chapter.txt -o chapter.wav \\\n'
      '  --subtitles chapter.srt --timestamps words.json',)),
    ("Find a voice, then use it by name:",
     ('cartesia voices list -s barbershop',
      'cartesia say -v "Barbershop Man" "Names work wherever a voice id does."')),
    ("Mint a short-lived access token for a browser or a device, and use it:",
     ('TOKEN=$(cartesia token --grant tts --expires-in 600)',
      'cartesia --access-token "$TOKEN" say "Spoken with a short-lived token"')),
    ("Check code for outdated Cartesia API usage (exit status 1 while some remains), then "
     "apply the safe fixes; --output-format github annotates pull requests in CI:",
     ('cartesia migrate-check src/',
      'cartesia migrate-check --fix src/')),
    ("Run the emulator for other programs and tests, on any free port; the URL is written to "
     "the --ready-file once it listens:",
     ('cartesia emulator --port 0 --ready-file emulator.url &',
      'until [ -s emulator.url ]; do sleep 0.1; done',
      'export CARTESIA_BASE_URL=$(cat emulator.url) CARTESIA_API_KEY=sk_car_test',
      'cartesia say -o emulated.wav "Hello from the emulator"')),
)

SEE_ALSO = "\\fBffmpeg\\fR(1), \\fBffplay\\fR(1), \\fBaplay\\fR(1)"


def escape(text: str) -> str:
    """Roff text: backslashes, minus signs (so options copy and paste), non-ASCII characters."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "".join(c if ord(c) < 128 else f"\\[u{ord(c):04X}]" for c in text)


def prose(text: str) -> str:
    """Escaped running text with `code` spans in bold."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: leave them all as they are
        return escape(text)
    return "".join(escape(p) if i % 2 == 0 else f"\\fB{escape(p)}\\fR"
                   for i, p in enumerate(parts))


def line(text: str) -> str:
    """A text line that cannot be read as a request."""
    return "\\&" + text if text[:1] in (".", "'") else text


def paragraphs(help_text: str | None) -> list[str]:
    """Help text as click shows it: `\\b` paragraphs and indented ones verbatim, others filled."""
    out: list[str] = []
    text = inspect.cleandoc(help_text or "").split("\f")[0]
    for block in re.split(r"\n\s*\n", text):
        lines = block.splitlines()
        if not lines:
            continue
        if lines[0].strip() == "\b":
            out += [".PP", ".nf", *(line(escape(ln)) for ln in lines[1:]), ".fi"]
        elif all(ln.startswith((" ", "\t")) for ln in lines):
            out += [".PP", ".RS 2", ".nf", *(line(escape(ln.strip())) for ln in lines),
                    ".fi", ".RE"]
        else:
            out += [".PP", line(prose(" ".join(" ".join(lines).split())))]
    return out


def _term(record_name: str, is_option: bool) -> str:
    """`-o, --output <str>` as bold names and an italic value; arguments in italics."""
    tokens = record_name.split(" ")
    count = 1
    if is_option:
        count = next((i for i, t in enumerate(tokens) if not t.startswith("-")), len(tokens))
    names, value = [t.rstrip(",") for t in tokens[:count]], " ".join(tokens[count:])
    font = "B" if is_option else "I"
    head = ", ".join(f"\\f{font}{escape(n)}\\fR" for n in names)
    return head + (f" \\fI{escape(value)}\\fR" if value else "")


def _params(command: Any, ctx: Any, include_help: bool, labels: bool = True) -> list[str]:
    out: list[str] = []
    for kind, label in (("argument", "Arguments:"), ("option", "Options:")):
        records = []
        for param in command.get_params(ctx):
            if param.param_type_name != kind:
                continue
            if not include_help and param.name == "help":
                continue
            record = param.get_help_record(ctx)
            if record:
                records.append(record)
        if not records:
            continue
        if labels:
            out += [".PP", label]
        for name, help_text in records:
            out += [".TP", _term(name, kind == "option"),
                    line(prose(" ".join(help_text.split())) or "\\&")]
    return out


def _usage(command: Any, ctx: Any) -> str:
    return " ".join([ctx.command_path, *command.collect_usage_pieces(ctx)])


def _context(command: Any, name: str, parent: Any = None) -> Any:
    """A click context as the command would run in, with its context settings (`-h`)."""
    return command.context_class(command, info_name=name, parent=parent,
                                 **(command.context_settings or {}))


def _commands(group: Any, parent: Any) -> list[str]:
    out: list[str] = []
    for name, command in group.commands.items():
        if getattr(command, "hidden", False):
            continue
        ctx = _context(command, name, parent)
        out += [f'.SS "{escape(_usage(command, ctx))}"', *paragraphs(command.help)]
        out += _params(command, ctx, include_help=False)
        out += paragraphs(command.epilog)
        if getattr(command, "commands", None):
            out += _commands(command, ctx)
    return out


def _environment() -> list[str]:
    from cartesia_cli.config import SETTINGS

    out = [".PP", "Settings resolve as flag, then environment, then the profile in the config "
           "file, then the built\\-in default; \\fBcartesia config show\\fR prints each value "
           "with its source."]
    for setting in SETTINGS.values():
        if setting.env:
            default = f" (default: {setting.default})" if setting.default is not None else ""
            text = (f"{setting.help[:1].upper()}{setting.help[1:]}{default}; "
                    f"setting `{setting.name}`, flag `{setting.flag}`.")
            out += [".TP", f"\\fB{escape(setting.env)}\\fR", line(prose(text))]
    for name, text in MORE_ENVIRONMENT:
        out += [".TP", f"\\fB{escape(name)}\\fR", line(prose(text))]
    return out


def _exit_status() -> list[str]:
    from cartesia_cli.errors import EXIT_CODE_HELP

    out: list[str] = []
    for code, text in EXIT_CODE_HELP.items():
        out += [".TP", f"\\fB{int(code)}\\fR", line(prose(text[:1].upper() + text[1:] + "."))]
    return out


def _examples() -> list[str]:
    out: list[str] = []
    for text, commands in EXAMPLES:
        out += [".PP", line(prose(text)), ".PP", ".RS 4", ".nf",
                *(line(escape(c)) for c in commands), ".fi", ".RE"]
    return out


def render_man(command: Any) -> str:
    """The whole page for the root click command."""
    from cartesia_cli import __version__

    ctx = _context(command, "cartesia")
    page = [
        ".\\\" Generated by scripts/gen_docs.py from the cartesia command tree; do not edit.",
        f'.TH CARTESIA 1 "" "cartesia\\-cli {escape(__version__)}" "User Commands"',
        ".SH NAME", NAME,
        ".SH SYNOPSIS",
        ".B cartesia", "[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]...", ".br",
        ".B cartesia\\-tts", "[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]...",
        ".SH DESCRIPTION", *paragraphs(command.help),
        ".PP", prose("`cartesia-tts` is the same program under a name that never clashes with "
                     "Cartesia's agent-deploy CLI, also called `cartesia`. Every command takes "
                     "`-h`, `--help`. Data (audio, JSON, table rows) goes to stdout; progress, "
                     "notices and errors go to stderr."),
        ".SH GLOBAL OPTIONS", *_params(command, ctx, include_help=True, labels=False),
        ".SH COMMANDS", *_commands(command, ctx),
        ".SH ENVIRONMENT", *_environment(),
        ".SH FILES", *[x for path, text in FILES
                       for x in (".TP", f"\\fI{escape(path)}\\fR", line(prose(text)))],
        ".SH EXIT STATUS", *_exit_status(),
        ".SH EXAMPLES", *_examples(),
        ".SH SEE ALSO", SEE_ALSO,
    ]
    return "\n".join(page) + "\n"
