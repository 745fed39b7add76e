"""One name per setting, documented in one table: the README's rows are the settings table of
config.py (config key, flag, environment variable), and every flag in it is a real option."""

import re

from cartesia_cli.config import SETTINGS

from helpers import REPO


def _rows() -> list[tuple[str, str, str]]:
    text = (REPO / "README.md").read_text()
    return re.findall(r"^\| `([a-z_]+)` \| `(--[a-z-]+)`[^|]* \| `([A-Z_]+)` \| .+ \|$", text,
                      re.MULTILINE)


def test_the_readme_table_is_the_settings_table():
    assert _rows() == [(s.name, s.flag, s.env) for s in SETTINGS.values()]


def test_names_agree_across_key_flag_and_variable():
    for setting in SETTINGS.values():
        assert setting.env == "CARTESIA_" + setting.name.upper()
        if setting.flag_name is None:
            assert setting.flag == "--" + setting.name.replace("_", "-")


def test_every_flag_of_the_table_is_an_option_of_the_cli():
    from typer.main import get_command

    from cartesia_cli.cli.app import app
    from cartesia_cli.completions.tree import build

    known = {n for c in build(get_command(app)).walk() for o in c.options for n in o.names}
    assert {s.flag for s in SETTINGS.values()} <= known


def test_a_bad_flag_value_names_the_flag_as_typed():
    from helpers import run_cli

    run = run_cli("--max-retries", "11", "say", "-o", "-", "hi", expect=2)
    assert run.stderr.splitlines()[0] == ("error: invalid max_retries `11` from --max-retries: "
                                          "must be between 0 and 10")
