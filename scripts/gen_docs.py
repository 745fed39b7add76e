"""Generate the shell completions and the man page from the CLI, or check them for drift.

    python scripts/gen_docs.py              # rewrite completions/ and man/cartesia.1
    python scripts/gen_docs.py --check      # exit 1 when a committed file is out of date
    python scripts/gen_docs.py --out DIR    # write the files under DIR instead

The completion scripts are the ones `cartesia completion SHELL` prints (one shared function);
the man page comes from the same command tree (scripts/man_page.py). CI runs the check through
tests/docs/test_generated.py, so a CLI change without regenerated files fails the build.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROGRAMS = ("cartesia", "cartesia-tts")
GENERATED_DIRS = ("completions", "man")


def generate() -> dict[str, str]:
    """Every generated file, by path relative to the repository root."""
    sys.path[:0] = [str(REPO), str(REPO / "scripts")]  # this checkout, not another install
    from man_page import render_man
    from typer.main import get_command

    from cartesia_cli.cli.app import app
    from cartesia_cli.completions import SHELLS, script, script_path

    command = get_command(app)
    files = {f"completions/{script_path(shell, prog)}": script(shell, command, prog)
             for shell in SHELLS for prog in PROGRAMS}
    files["man/cartesia.1"] = render_man(command)
    return files


def write(files: dict[str, str], root: Path) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {name}", file=sys.stderr)
    for stale in sorted(set(_existing(root)) - set(files)):
        (root / stale).unlink()
        print(f"removed {stale} (no longer generated)", file=sys.stderr)


def _existing(root: Path) -> list[str]:
    return [str(p.relative_to(root)) for d in GENERATED_DIRS if (root / d).is_dir()
            for p in (root / d).rglob("*") if p.is_file()]


def drift(files: dict[str, str], root: Path) -> list[str]:
    """What differs between `files` and the tree under `root`, one message per file."""
    problems = []
    for name, text in files.items():
        path = root / name
        if not path.is_file():
            problems.append(f"{name}: missing")
            continue
        committed = path.read_text(encoding="utf-8")
        if committed != text:
            diff = list(difflib.unified_diff(committed.splitlines(), text.splitlines(),
                                             f"{name} (committed)", f"{name} (generated)",
                                             lineterm="", n=1))
            shown = "\n".join("    " + d for d in diff[:12])
            more = f"\n    ... {len(diff) - 12} more diff lines" if len(diff) > 12 else ""
            problems.append(f"{name}: differs from what the CLI generates now\n{shown}{more}")
    problems += [f"{name}: no longer generated" for name in sorted(set(_existing(root)) -
                                                                   set(files))]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 (writing nothing) when a generated file is out of date")
    parser.add_argument("--out", type=Path, default=REPO, metavar="DIR",
                        help="the tree to write or check (default: this repository)")
    args = parser.parse_args(argv)
    files = generate()
    if not args.check:
        write(files, args.out)
        return 0
    problems = drift(files, args.out)
    if problems:
        print("gen_docs: generated files are out of date:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        print("run `python scripts/gen_docs.py` and commit the result", file=sys.stderr)
        return 1
    print(f"gen_docs: {len(files)} generated files are up to date", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
