import os
import stat

import pytest

from cartesia_cli.config import config_path, redact, resolve, set_value, unset_value
from cartesia_cli.errors import ConfigError, UsageError


def test_precedence_flag_env_profile_default(tmp_path):
    env = {"CARTESIA_CONFIG_DIR": str(tmp_path)}
    set_value("model", "sonic-profile", env=env)
    set_value("voice", "voice-profile", env=env)
    set_value("timeout", "12", env=env)
    env["CARTESIA_MODEL"] = "sonic-env"
    env["CARTESIA_VOICE"] = "voice-env"
    settings = resolve({"model": "sonic-flag"}, env)
    assert (settings["model"], settings.source("model")) == ("sonic-flag", "flag")
    assert (settings["voice"], settings.source("voice")) == ("voice-env", "env:CARTESIA_VOICE")
    assert (settings["timeout"], settings.source("timeout")) == (12.0, "profile:default")
    assert (settings["max_retries"], settings.source("max_retries")) == (2, "default")


def test_named_profiles(tmp_path):
    env = {"CARTESIA_CONFIG_DIR": str(tmp_path)}
    set_value("model", "sonic-work", profile="work", env=env)
    assert resolve({}, env, "work")["model"] == "sonic-work"
    assert resolve({}, {**env, "CARTESIA_PROFILE": "work"})["model"] == "sonic-work"
    assert resolve({}, env)["model"] == "sonic-3"
    with pytest.raises(ConfigError, match="no profile `nope`"):
        resolve({}, env, "nope")


def test_file_and_directory_modes(tmp_path):
    env = {"CARTESIA_CONFIG_DIR": str(tmp_path / "cfg")}
    path = set_value("api_key", "sk_car_abcdefghijklmnop", env=env)
    assert path == config_path(env)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert not list(path.parent.glob(".config-*")), "no temporary file is left behind"
    assert unset_value("api_key", env=env) is True
    assert unset_value("api_key", env=env) is False


def test_reading_never_creates_the_directory(tmp_path):
    env = {"CARTESIA_CONFIG_DIR": str(tmp_path / "absent")}
    resolve({}, env)
    assert not (tmp_path / "absent").exists()


def test_invalid_values_are_usage_errors(tmp_path):
    env = {"CARTESIA_CONFIG_DIR": str(tmp_path), "CARTESIA_TIMEOUT": "-1"}
    with pytest.raises(ConfigError, match="CARTESIA_TIMEOUT"):
        resolve({}, env)
    with pytest.raises(ConfigError):
        set_value("sample_rate", "12345", env=env)
    with pytest.raises(ConfigError, match="unknown setting"):
        set_value("colour", "red", env=env)


def test_versions_malformed_unknown_and_too_old(tmp_path):
    env = {"CARTESIA_CONFIG_DIR": str(tmp_path)}
    with pytest.raises(UsageError, match="invalid API version"):
        resolve({"version": "2024-6-10"}, env)
    with pytest.raises(UsageError, match="predates"):
        resolve({"version": "2023-01-01"}, env)
    settings = resolve({"version": "2025-06-01"}, env)
    assert settings.resolved_version.features.version == "2025-04-16"
    assert settings.resolved_version.requested == "2025-06-01"
    assert "2025-04-16" in settings.warnings[0]


def test_redact():
    assert redact("sk_car_0123456789abcdef") == "sk_car_…cdef"
    assert "0123456789" not in redact("sk_car_0123456789abcdef")
    assert redact("short") == "…"
