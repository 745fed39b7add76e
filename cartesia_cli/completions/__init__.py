"""Static shell completion scripts (bash, zsh, fish) generated from the command tree.

One function, `script`, serves both `cartesia completion SHELL` and scripts/gen_docs.py (which
writes the files under completions/), so the two always print the same script. The scripts are
static: pressing TAB runs shell code only, never Python.
"""

from __future__ import annotations

import re
from typing import Any

SHELLS = ("bash", "zsh", "fish")


def script_path(shell: str, prog: str) -> str:
    """Where the script for `prog` goes under completions/, named as each shell looks it up."""
    return {"bash": f"bash/{prog}", "zsh": f"zsh/_{prog}", "fish": f"fish/{prog}.fish"}[shell]


def script(shell: str, command: Any, prog: str) -> str:
    """The completion script for program name `prog` from the click command behind the app."""
    from cartesia_cli.completions import bash, fish, zsh
    from cartesia_cli.completions.tree import build

    if shell not in SHELLS:
        raise ValueError(f"unknown shell {shell!r}: expected one of {', '.join(SHELLS)}")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", prog):
        raise ValueError(f"cannot generate completions for program name {prog!r}")
    root = build(command)
    fn = "__" + re.sub(r"\W", "_", prog)  # shell function prefix: __cartesia, __cartesia_tts
    renderer = {"bash": bash.render, "zsh": zsh.render, "fish": fish.render}[shell]
    return renderer(root, prog, fn)
