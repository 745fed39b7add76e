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
                  "not speech); for speech: pip install 'cartesia-cli[offline]'")
    return OfflineEmulator(base_url, OFFLINE_KEY, name, notice, emulator.stop)
