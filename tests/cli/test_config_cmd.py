import json
import os
import stat

from helpers import TEST_KEY, run_cli


def test_set_api_key_reads_stdin_never_argv(tmp_path):
    run = run_cli("config", "set", "api_key", TEST_KEY, expect=2)
    assert "not taken from the command line" in run.stderr
    run_cli("config", "set", "api_key", input=TEST_KEY + "\n")
    path = tmp_path / "config" / "config.toml"
    assert TEST_KEY in path.read_text()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_show_redacts_and_names_sources(monkeypatch):
    run_cli("config", "set", "api_key", input=TEST_KEY)
    run_cli("config", "set", "model", "sonic-3.5")
    monkeypatch.setenv("CARTESIA_VOICE", "Katie")
    run = run_cli("--timeout", "5", "config", "show")
    lines = {line.split()[0]: line for line in run.text.splitlines() if not line.startswith("#")}
    assert "sk_car_…5b4a" in lines["api_key"]
    assert TEST_KEY[-4:] in lines["api_key"] and "profile:default" in lines["api_key"]
    assert "sonic-3.5" in lines["model"] and "profile:default" in lines["model"]
    assert "Katie" in lines["voice"] and "env:CARTESIA_VOICE" in lines["voice"]
    assert "5.0" in lines["timeout"] and "flag" in lines["timeout"]
    data = json.loads(run_cli("config", "show", "--json").text)
    assert data["settings"]["model"] == {"value": "sonic-3.5", "source": "profile:default"}


def test_get_unset_path_and_profiles():
    run_cli("--profile", "work", "config", "set", "model", "sonic-3-2026-01-12")
    assert run_cli("--profile", "work", "config", "get", "model").text.strip() == \
        "sonic-3-2026-01-12"
    assert run_cli("config", "get", "model").text.strip() == "sonic-3"
    run_cli("--profile", "work", "config", "unset", "model")
    assert run_cli("--profile", "work", "config", "get", "model").text.strip() == "sonic-3"
    assert run_cli("config", "path").text.strip().endswith("config.toml")


def test_bad_values_and_names_are_usage_errors():
    assert "unknown setting" in run_cli("config", "get", "colour", expect=2).stderr
    assert "sample_rate" in run_cli("config", "set", "sample_rate", "123", expect=2).stderr
    assert "no profile" in run_cli("--profile", "ghost", "config", "show", expect=2).stderr


def test_new_config_directories_are_0700_whatever_the_umask(tmp_path, monkeypatch):
    monkeypatch.setenv("CARTESIA_CONFIG_DIR", str(tmp_path / "a" / "b" / "cartesia"))
    old = os.umask(0)
    try:
        run_cli("config", "set", "model", "sonic-3")
    finally:
        os.umask(old)
    for directory in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "cartesia"):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700, directory
    assert stat.S_IMODE((tmp_path / "a/b/cartesia/config.toml").stat().st_mode) == 0o600


def test_an_existing_config_directory_keeps_its_mode(tmp_path, monkeypatch):
    shared = tmp_path / "dotfiles"
    shared.mkdir()
    shared.chmod(0o755)
    monkeypatch.setenv("CARTESIA_CONFIG_DIR", str(shared))
    run_cli("config", "set", "model", "sonic-3")
    run_cli("config", "unset", "model")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755


def test_a_config_directory_of_another_user_is_a_clear_error(tmp_path, monkeypatch):
    if os.geteuid() != 0:
        import pytest

        pytest.skip("chown needs root")
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    os.chown(theirs, 65534, 65534)
    monkeypatch.setenv("CARTESIA_CONFIG_DIR", str(theirs))
    run = run_cli("config", "set", "model", "sonic-3", expect=2)
    assert "belongs to another user" in run.stderr
    assert list(theirs.iterdir()) == []


def test_a_symlinked_config_file_stays_a_link(tmp_path, monkeypatch):
    """Dotfile managers link config.toml into a repository: writing keeps the link."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "cartesia.toml").write_text("# my settings\n")
    config = tmp_path / "config"
    config.mkdir(mode=0o700)
    (config / "config.toml").symlink_to(repo / "cartesia.toml")
    run_cli("config", "set", "model", "sonic-3")
    assert (config / "config.toml").is_symlink()
    assert "sonic-3" in (repo / "cartesia.toml").read_text()


def test_set_and_unset_keep_the_users_comments_and_layout(tmp_path):
    path = tmp_path / "config" / "config.toml"
    path.parent.mkdir(mode=0o700)
    original = ("# Cartesia settings, kept in git\n\n"
                "[profiles.work]  # the office\n"
                "model = \"sonic-3\"  # pinned for the demo\n")
    path.write_text(original)
    run_cli("--profile", "work", "config", "set", "voice", "Katie")
    run_cli("config", "set", "language", "fr")
    text = path.read_text()
    assert text.startswith(original.rstrip("\n"))
    assert "# the office" in text and "# pinned for the demo" in text
    assert 'voice = "Katie"' in text and "[profiles.default]" in text
    run_cli("--profile", "work", "config", "unset", "voice")
    run_cli("config", "unset", "language")
    assert path.read_text().startswith(original.rstrip("\n"))
    assert "Katie" not in path.read_text()
