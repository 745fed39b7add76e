"""Settings resolution: flag > environment > profile > built-in default, each value with its source.

No typer or rich here. The config file is TOML, `[profiles.<name>]` tables, written atomically with
mode 0600 in a 0700 directory, created on write only.
"""

# No `from __future__ import annotations` here: NamedTuple makes a ForwardRef (compiled) of
# every string annotation, up to 0.3 ms of import time per module, on every run.
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from cartesia_cli.errors import ConfigError
from cartesia_cli.facts import (
    DEFAULT_MODEL,
    DEFAULT_VERSION,
    ENCODINGS,
    FILE_FORMATS,
    SAMPLE_RATES,
    ResolvedVersion,
    resolve_version,
)

DEFAULT_BASE_URL = "https://api.cartesia.ai"
DEFAULT_VOICE = "6ccbfb76-1fc6-48f7-b71d-91ac6298247b"  # the official SDK's default voice
DEFAULT_PROFILE = "default"
CONFIG_FILE = "config.toml"


MIN_TIMEOUT = 0.001  # a millisecond: below that nothing can answer, and messages get absurd
MAX_TIMEOUT = 86400.0  # a day: past that a "timeout" is a typo, and sockets reject it anyway


def _timeout(value: str) -> float:
    number = float(value)
    if not MIN_TIMEOUT <= number <= MAX_TIMEOUT:  # also false for nan; inf is past the maximum
        raise ValueError(f"must be a number of seconds from {MIN_TIMEOUT:g} to {MAX_TIMEOUT:g}")
    return number


def _retries(value: str) -> int:
    number = int(value)
    if not 0 <= number <= 10:
        raise ValueError("must be between 0 and 10")
    return number


def _sample_rate(value: str) -> int:
    number = int(value)
    if number not in SAMPLE_RATES:
        raise ValueError("must be one of " + ", ".join(map(str, SAMPLE_RATES)))
    return number


def _choice(*choices: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in choices:
            raise ValueError("must be one of " + ", ".join(choices))
        return value

    return check


def _version(value: str) -> str:
    resolve_version(value)  # raises a usage error for malformed dates
    return value


class Setting(NamedTuple):
    """One setting under one name: the config key `name`, the variable `env`, the flag `flag`
    (`--` and the name with dashes, unless another name had to be taken).

    NamedTuples here, not dataclasses: this module is imported on every run, and a frozen
    dataclass costs about 1 ms of import time (a NamedTuple a quarter of that)."""

    name: str
    env: str | None
    default: Any = None
    secret: bool = False
    parse: Callable[[str], Any] = str
    help: str = ""
    flag_name: str | None = None

    @property
    def flag(self) -> str:
        return self.flag_name or "--" + self.name.replace("_", "-")


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting("api_key", "CARTESIA_API_KEY", secret=True, help="API key (sk_car_...)"),
        Setting(
            "access_token",
            "CARTESIA_ACCESS_TOKEN",
            secret=True,
            help="short-lived access token (from `cartesia token`)",
        ),
        Setting("base_url", "CARTESIA_BASE_URL", DEFAULT_BASE_URL, help="API base URL"),
        Setting(
            "version",
            "CARTESIA_VERSION",
            DEFAULT_VERSION,
            parse=_version,
            help="Cartesia-Version date sent with every request",
            flag_name="--cartesia-version",  # --version is the program's own version
        ),
        Setting("model", "CARTESIA_MODEL", DEFAULT_MODEL, help="TTS model id"),
        Setting("voice", "CARTESIA_VOICE", DEFAULT_VOICE, help="voice id or name"),
        Setting("language", "CARTESIA_LANGUAGE", help="language code (en, fr, ...)"),
        Setting(
            "format",
            "CARTESIA_FORMAT",
            parse=_choice(*FILE_FORMATS),
            help="output container when -o has no telling extension",
        ),
        Setting(
            "encoding",
            "CARTESIA_ENCODING",
            parse=_choice(*ENCODINGS),
            help="PCM encoding requested from the API",
        ),
        Setting(
            "sample_rate",
            "CARTESIA_SAMPLE_RATE",
            parse=_sample_rate,
            help="sample rate requested from the API",
        ),
        Setting(
            "timeout",
            "CARTESIA_TIMEOUT",
            30.0,
            parse=_timeout,
            help="read timeout in seconds",
        ),
        Setting(
            "emulator_engine",
            "CARTESIA_EMULATOR_ENGINE",
            parse=_choice("espeak", "tone"),
            help="speech engine of `cartesia emulator` and --offline [default: espeak if "
            "installed, else tone]",
            flag_name="--engine",  # of `cartesia emulator`
        ),
        Setting(
            "max_retries",
            "CARTESIA_MAX_RETRIES",
            2,
            parse=_retries,
            help="retries on network errors, 408, 429 and 5xx",
        ),
    )
}


class Resolved(NamedTuple):
    value: Any
    source: str  # "flag", "env:NAME", "profile:NAME", "default"


def redact(secret: str | None) -> str:
    """`sk_car_…a1b2`: enough to tell keys apart, never enough to use one."""
    if not secret:
        return ""
    prefix = "sk_car_" if secret.startswith("sk_car_") else secret[:3]
    return f"{prefix}…{secret[-4:]}" if len(secret) > 12 else "…"


_USERINFO = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)?[^/?#]*@")


def redact_url(url: str) -> str:
    """The URL with any user name and password in it replaced: `https://***@host/`. Also for
    text that is not quite a URL (`user:pass@host`, no scheme): whatever stands before an @ in
    the authority is hidden."""
    return _USERINFO.sub(lambda m: (m.group("scheme") or "") + "***@", url, count=1)


def url_secrets(url: str | None) -> list[str]:
    """The user name and password inside a URL (with a scheme or without), to be scrubbed from
    anything printed."""
    from urllib.parse import unquote

    match = _USERINFO.match(url or "")
    if match is None:
        return []
    userinfo = match.group(0)[len(match.group("scheme") or ""):-1]
    parts = [userinfo, *userinfo.split(":", 1)]
    return [s for value in parts if value for s in {value, unquote(value)}]


def display_value(name: str, value: Any) -> str:
    """A setting's value as it may be shown: secrets redacted, URL credentials hidden."""
    if value is None:
        return ""
    if SETTINGS[name].secret:
        return redact(value)
    if name == "base_url":
        return redact_url(str(value))
    return str(value)


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("CARTESIA_CONFIG_DIR"):
        return Path(env["CARTESIA_CONFIG_DIR"]).expanduser()
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base).expanduser() / "cartesia"


def config_path(env: Mapping[str, str] | None = None) -> Path:
    return config_dir(env) / CONFIG_FILE


def load_file(path: Path) -> dict[str, Any]:
    """The parsed config file, or an empty one when it does not exist (reading never creates)."""
    try:
        fh = path.open("rb")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from exc
    import tomllib  # only when there is a file: most runs have none (startup time)

    try:
        with fh:
            data = tomllib.load(fh)
    except UnicodeDecodeError as exc:
        raise ConfigError(f"cannot read config file {path}: not UTF-8 text (byte {exc.start})",
                          hint="TOML files are UTF-8; fix or remove that file") from exc
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from exc
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict):
        raise ConfigError(f"config file {path}: `profiles` must be a table",
                          hint="write each profile as a [profiles.NAME] table")
    for name, table in profiles.items():
        if not isinstance(table, dict):
            raise ConfigError(f"config file {path}: profile `{name}` must be a table",
                              hint=f"write it as a [profiles.{name}] table of settings")
    return data


def write_file(path: Path, text: str) -> None:
    """Replace the config file atomically, mode 0600 from the start, in a private directory.

    Raises:
        UsageError: the directory or file cannot be written, or the directory is not ours.
    """
    from cartesia_cli.safe_write import make_private_dir, write_atomically

    make_private_dir(path.parent)
    write_atomically(path, text, mode=0o600)


def _edit(path: Path, change: Callable[[Any], bool]) -> bool:
    """Apply `change` to the file's TOML document, keeping the user's comments and layout
    (tomlkit round-trips them; reads elsewhere stay on the faster tomllib). Written only when
    `change` says it changed something."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    load_file(path)  # the same checks (and messages) as every read
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from exc
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from exc
    if not change(document):
        return False
    write_file(path, tomlkit.dumps(document))
    return True


NUMERIC = frozenset({"timeout", "max_retries", "sample_rate"})
WHOLE = frozenset({"max_retries", "sample_rate"})


def parse_value(name: str, raw: Any, origin: str) -> Any:
    """A setting's value from a flag, a variable or the config file, checked.

    Raises:
        ConfigError: the value has the wrong type, is empty, or does not parse.
    """
    setting = SETTINGS[name]
    numeric = name in NUMERIC
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float) if numeric else str):
        kind = "a number" if numeric else "text"
        raise ConfigError(f"{name} from {origin} must be {kind}, not {type(raw).__name__} "
                          f"`{raw!r}`"[:200], hint="quote text in the config file: key = \"value\"")
    raw = str(raw)
    if not raw.strip():
        raise ConfigError(f"{name} from {origin} is empty",
                          hint=f"give a value, or unset it (`cartesia config unset {name}`)")
    try:
        return setting.parse(raw)
    except ConfigError as exc:
        raise ConfigError(f"{name} from {origin}: {exc.message}", hint=exc.hint) from None
    except ValueError as exc:
        reason = str(exc)
        if reason.startswith(("could not convert", "invalid literal")):  # float(), int()
            reason = "expected a whole number" if name in WHOLE else "expected a number"
        raise ConfigError(f"invalid {name} `{raw}` from {origin}: {reason}") from None


class Settings:
    """Every setting resolved once, with where it came from."""

    __slots__ = ("values", "profile", "path", "warnings", "variables")

    def __init__(self, values: dict[str, Resolved], profile: str, path: Path,
                 warnings: list[str] | None = None,
                 variables: Mapping[str, str] | None = None) -> None:
        self.values = values
        self.profile = profile
        self.path = path
        self.warnings: list[str] = [] if warnings is None else warnings
        # The environment the run was given (the Environment's): the network layer reads its
        # proxy and CA bundle variables here, not from the process.
        self.variables: Mapping[str, str] = {} if variables is None else variables

    def __getitem__(self, name: str) -> Any:
        return self.values[name].value

    def source(self, name: str) -> str:
        return self.values[name].source

    @property
    def resolved_version(self) -> ResolvedVersion:
        return resolve_version(self["version"])

    def secrets(self) -> list[str]:
        """Values never to print: keys, tokens, and credentials inside the base URL."""
        found = [r.value for n, r in self.values.items() if SETTINGS[n].secret and r.value]
        return found + url_secrets(self["base_url"])


def resolve(
    flags: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    profile: str | None = None,
) -> Settings:
    """Resolve every setting: flag > environment > profile > default.

    Raises:
        ConfigError: a value does not parse, or a named profile does not exist.
    """
    flags = flags or {}
    env = os.environ if env is None else env
    path = config_path(env)
    data = load_file(path)
    profiles: dict[str, Any] = data.get("profiles", {})
    name = profile or env.get("CARTESIA_PROFILE") or DEFAULT_PROFILE
    if (
        name not in profiles
        and (profile or env.get("CARTESIA_PROFILE"))
        and name != DEFAULT_PROFILE
    ):
        known = ", ".join(sorted(profiles)) or "none"
        raise ConfigError(f"no profile `{name}` in {path}", hint=f"profiles: {known}")
    table = profiles.get(name, {})
    values: dict[str, Resolved] = {}
    for key, setting in SETTINGS.items():
        if flags.get(key) is not None:
            values[key] = Resolved(
                parse_value(key, flags[key], setting.flag), "flag"
            )
        elif setting.env and env.get(setting.env):
            values[key] = Resolved(
                parse_value(key, env[setting.env], setting.env), f"env:{setting.env}"
            )
        elif key in table:
            values[key] = Resolved(
                parse_value(key, table[key], f"profile {name}"), f"profile:{name}"
            )
        else:
            values[key] = Resolved(setting.default, "default")
    settings = Settings(values, name, path, variables=env)
    warning = settings.resolved_version.warning
    if warning:
        settings.warnings.append(warning)
    if url_secrets(settings["base_url"]):
        settings.warnings.append(
            f"the user name and password in the base URL ({redact_url(settings['base_url'])}) "
            "are not sent: the API authenticates with the key or token")
    return settings


def set_value(
    name: str, value: Any, *, profile: str = DEFAULT_PROFILE, env: Mapping[str, str] | None = None
) -> Path:
    if name not in SETTINGS:
        raise ConfigError(f"unknown setting `{name}`", hint="settings: " + ", ".join(SETTINGS))
    parse_value(name, value, "the command line")
    path = config_path(env)

    def change(document: Any) -> bool:
        import tomlkit

        if "profiles" not in document:
            document["profiles"] = tomlkit.table(is_super_table=True)  # [profiles.NAME] only
        profiles = document["profiles"]
        if profile not in profiles:
            profiles[profile] = tomlkit.table()
        profiles[profile][name] = value
        return True

    _edit(path, change)
    return path


def unset_value(
    name: str, *, profile: str = DEFAULT_PROFILE, env: Mapping[str, str] | None = None
) -> bool:
    if name not in SETTINGS:
        raise ConfigError(f"unknown setting `{name}`", hint="settings: " + ", ".join(SETTINGS))
    path = config_path(env)

    def change(document: Any) -> bool:
        table = document.get("profiles", {}).get(profile, {})
        if name not in table:
            return False
        del table[name]
        return True

    return _edit(path, change)
