"""`--offline`: a local emulator in this process, reached over real loopback sockets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

OFFLINE_KEY = "sk_car_offline_local_emulator"


@dataclass(frozen=True)
class OfflineEmulator:
    base_url: str
    api_key: str
    engine: str
    notice: str
    stop: Callable[[], None]  # stops the server; safe to call more than once


def start_offline_emulator(engine: str | None = None) -> OfflineEmulator:
    """Start the emulator on a free loopback port for the rest of this process."""
    from cartesia_cli.emulator import Emulator

    emulator = Emulator(engine=engine)
    # Stopped by the CLI boundary when the command ends, however it ends (stop() is idempotent
    # and quiet, even with streams still open after Ctrl-C).
    base_url = emulator.start(host="127.0.0.1", port=0)
    name = emulator.engine_name
    if name == "espeak":
        notice = "offline: a local emulator speaks with espeak-ng, a stand-in for Cartesia's voices"
    else:
        notice = (f"offline: a local emulator answers with the `{name}` engine (test tones, "
                  f"not speech); for speech: {offline_install_command()}")
    return OfflineEmulator(base_url, OFFLINE_KEY, name, notice, emulator.stop)


def offline_install_command(prefix: str | None = None, direct_url: str | None = None,
                            interpreter: str | None = None) -> str:
    """The command that adds the `offline` extra to this installation, as it was installed:
    from a clone (a directory, editable or not; the package is not published yet), with pipx,
    or from the package index. The arguments stand in for this process's facts (tests)."""
    import json
    import shlex
    import sys
    from pathlib import Path
    from urllib.parse import unquote, urlsplit

    prefix = sys.prefix if prefix is None else prefix
    if direct_url is None:
        direct_url = _direct_url()
    try:
        origin = json.loads(direct_url) if direct_url else {}
    except ValueError:
        origin = {}
    url = origin.get("url", "") if isinstance(origin, dict) else ""
    pipx = "pipx" in Path(prefix).parts
    pip = "pip" if pipx else f"{shlex.quote(interpreter or sys.executable)} -m pip"
    if url.startswith("file://"):
        where = unquote(urlsplit(url).path)
        editable = "-e " if (origin.get("dir_info") or {}).get("editable") else ""
        target = shlex.quote(f"{where}[offline]")
        if pipx:
            return f"pipx install --force {editable}{target}"
        return f"{pip} install {editable}{target}"
    if pipx:
        return "pipx inject cartesia-cli espeakng-loader soxr"
    return f"{pip} install 'cartesia-cli[offline]'"


def _direct_url() -> str | None:
    """The install's PEP 610 record (where it was installed from), if any. A project run from
    its own source tree (a clone on sys.path) counts as an editable install of that tree."""
    import json
    from importlib import metadata
    from pathlib import Path

    for dist in metadata.distributions(name="cartesia-cli"):
        record = dist.read_text("direct_url.json")
        if record:
            return record
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").is_file():
        return json.dumps({"url": root.as_uri(), "dir_info": {"editable": True}})
    return None
