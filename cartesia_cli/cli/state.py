"""Per-invocation state: the global options, resolved settings and the --offline emulator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cartesia_cli.cli.render import Printer, register_secret
from cartesia_cli.environment import Environment

if TYPE_CHECKING:
    from cartesia_cli.api.voices import VoiceCache
    from cartesia_cli.config import Settings


class AppState:
    """One run's global options, settings and cleanups, made by the app's callback.

    A plain class, not a dataclass: imported on every run, and a dataclass costs about half a
    millisecond of import time (code generated and exec'd)."""

    def __init__(self, env: Environment | None = None, flags: dict[str, Any] | None = None,
                 profile: str | None = None, offline: bool = False, verbose: bool = False,
                 quiet: bool = False, color: str = "auto", debug: bool = False,
                 json_errors: bool = False) -> None:
        self.env = Environment.from_process() if env is None else env
        self.flags: dict[str, Any] = {} if flags is None else flags
        self.profile = profile
        self.offline = offline
        self.verbose = verbose
        self.quiet = quiet
        self.color = color
        self.debug = debug
        # A --json command: failures also go to stdout as {"error": ...}.
        self.json_errors = json_errors
        self._settings: Settings | None = None
        self.printer = Printer(self.color, self.quiet, self.env.stderr, self.env.variables)
        self._cleanup: list[Any] = []  # closers of what this run started, newest last

    def close(self) -> None:
        """Stop what the run started (the --offline emulator); safe to call again."""
        while self._cleanup:
            self._cleanup.pop()()

    @property
    def stdout_isatty(self) -> bool:
        return self.env.stdout_isatty

    @property
    def stdin_isatty(self) -> bool:
        return self.env.stdin_isatty

    def voice_cache(self, settings: Settings) -> VoiceCache:
        """The voice-name cache for this base URL and credential."""
        from cartesia_cli.api.voices import VoiceCache

        return VoiceCache(settings["base_url"], settings["api_key"] or settings["access_token"],
                          self.env.cache_dir, clock=self.env.clock)

    def settings(self, **command_flags: Any) -> Settings:
        """Resolve settings once; command flags (voice, model ...) rank with the global flags."""
        if self._settings is None:
            # Lazily: --help and --version never resolve settings (startup time).
            from cartesia_cli.config import resolve

            flags = {**self.flags, **{k: v for k, v in command_flags.items() if v is not None}}
            settings = resolve(flags, self.env.variables, self.profile)
            if self.offline:
                self._go_offline(settings)
            for warning in settings.warnings:
                self.printer.warning(warning)
            for secret in settings.secrets():
                register_secret(secret)
            self._settings = settings
        return self._settings

    def _go_offline(self, settings: Settings) -> None:
        from cartesia_cli.config import Resolved
        from cartesia_cli.offline import start_offline_emulator

        emulator = start_offline_emulator(settings["emulator_engine"])
        self._cleanup.append(emulator.stop)
        settings.values["base_url"] = Resolved(emulator.base_url, "offline")
        settings.values["api_key"] = Resolved(emulator.api_key, "offline")
        settings.values["access_token"] = Resolved(None, "offline")
        self.printer.notice(emulator.notice)
