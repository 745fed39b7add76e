"""Shell completion scripts: syntax, same script from the command, and real completions.

bash is driven the way readline drives it (COMP_WORDS, COMP_CWORD, the registered function,
COMPREPLY); fish through `complete -C`; zsh through a real interactive shell on a pty.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from completion_shells import require_shell, zsh_complete

from helpers import REPO, TEST_KEY

PROGRAMS = ("cartesia", "cartesia-tts")
SHELLS = ("bash", "zsh", "fish")
SYNTAX_CHECK = {"bash": ["bash", "-n"], "zsh": ["zsh", "-n"], "fish": ["fish", "--no-execute"]}
BASH_DRIVER = r"""
source "$1"
spec=$(complete -p "$2") || exit 3
fn=${spec#*-F }
fn=${fn%% *}
COMP_WORDS=("${@:3}")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE="${COMP_WORDS[*]}"
COMP_POINT=${#COMP_LINE}
COMPREPLY=()
"$fn"
((${#COMPREPLY[@]} == 0)) || printf '%s\n' "${COMPREPLY[@]}"
"""
FORMATS = ["wav", "raw", "mp3", "flac", "ogg", "opus"]


def script_file(shell: str, prog: str = "cartesia") -> Path:
    from cartesia_cli.completions import script_path

    return REPO / "completions" / script_path(shell, prog)


def bash_complete(*words: str, prog: str = "cartesia", cwd: Path | None = None) -> list[str]:
    require_shell("bash")
    result = subprocess.run(["bash", "-c", BASH_DRIVER, "driver", str(script_file("bash", prog)),
                             prog, prog, *words], capture_output=True, text=True, cwd=cwd,
                            timeout=30)
    assert result.returncode == 0 and not result.stderr, result.stderr
    return result.stdout.splitlines()


def fish_complete(line: str, prog: str = "cartesia") -> list[str]:
    require_shell("fish")
    result = subprocess.run(["fish", "--no-config", "-c",
                             f"source {script_file('fish', prog)}; complete -C {line!r}"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and not result.stderr, result.stderr
    return [row.split("\t")[0] for row in result.stdout.splitlines()]


@pytest.mark.parametrize("prog", PROGRAMS)
@pytest.mark.parametrize("shell", SHELLS)
def test_script_passes_the_shells_syntax_check(shell, prog):
    require_shell(shell)
    result = subprocess.run([*SYNTAX_CHECK[shell], str(script_file(shell, prog))],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and not result.stderr, result.stderr


@pytest.mark.parametrize("prog", PROGRAMS)
@pytest.mark.parametrize("shell", SHELLS)
def test_completion_command_prints_the_committed_script(shell, prog):
    program = Path(sys.executable).parent / prog
    result = subprocess.run([str(program), "completion", shell], capture_output=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == script_file(shell, prog).read_bytes()


def test_completion_command_starts_no_heavy_modules():
    probe = ("import sys; sys.argv = ['cartesia', 'completion', 'bash']\n"
             "from cartesia_cli.cli.app import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "heavy = ('httpx', 'websockets', 'numpy', 'soundfile', 'sounddevice', 'uvicorn',"
             " 'starlette')\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60)
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_unknown_shell_is_a_usage_error():
    from helpers import run_cli

    run = run_cli("completion", "tcsh", expect=2)
    assert "tcsh" in run.stderr


def test_value_hints_name_real_options_and_arguments():
    """A renamed option must not silently lose its completions."""
    from typer.main import get_command

    from cartesia_cli.cli.app import app
    from cartesia_cli.completions.tree import ARGUMENT_VALUES, OPTION_VALUES, build

    commands = list(build(get_command(app)).walk())
    options = {o.long for c in commands for o in c.options if o.takes_value}
    arguments = {(*c.path, a.name) for c in commands for a in c.arguments}
    assert set(OPTION_VALUES) - options == set()
    assert set(ARGUMENT_VALUES) - arguments == set()


def test_emulator_engines_are_the_emulators():
    from cartesia_cli.completions.tree import EMULATOR_ENGINES
    from cartesia_cli.emulator.engines import _ENGINE_NAMES

    assert EMULATOR_ENGINES == _ENGINE_NAMES


@pytest.mark.parametrize(("words", "expected"), [
    (["s"], ["say", "stream"]),
    (["voices", ""], ["list", "get", "clone", "update", "delete", "localize", "accents",
                      "audition"]),
    (["dicts", ""], ["list", "get", "create", "update", "delete"]),
    (["voices", "clone", "--mo"], ["--mode"]),
    (["voices", "clone", "me.wav", "--language", "f"], ["fi", "fr"]),
    (["say", "--normalization", ""], ["auto", "off"]),
    (["voices", "localize", "x", "--dialect", "e"], ["eu"]),
    (["config", ""], ["show", "get", "set", "unset", "path"]),
    (["token", ""], ["inspect"]),
    (["say", "--format", ""], FORMATS),
    (["stream", "--encoding", "pcm_s"], ["pcm_s16le"]),
    (["say", "--sample-rate", "4"], ["44100", "48000"]),
    (["stream", "--transport", ""], ["websocket", "sse"]),
    (["token", "--grant", ""], ["tts", "stt", "agent"]),
    (["migrate-check", "--output-format", ""], ["text", "json", "sarif", "github"]),
    (["voices", "list", "--gender", ""], ["masculine", "feminine", "gender_neutral"]),
    (["--color", ""], ["auto", "always", "never"]),
    (["--cartesia-version", "2024"], ["2024-06-10", "2024-11-13"]),
    (["completion", ""], ["bash", "zsh", "fish"]),
    (["config", "get", "sa"], ["sample_rate"]),
    (["--offline", "say", "--vo"], ["--voice", "--volume"]),
    (["say", "-o", "x.wav", "--format", "f"], ["flac"]),  # an option value is skipped
    (["say", "--format=fl"], ["--format=flac"]),  # COMP_WORDBREAKS without '='
    (["say", "--format", "=", "o"], ["ogg", "opus"]),  # ... and with it
    (["say", "hello", ""], []),  # free text: nothing to offer
    (["config", "set", "model", ""], []),
])
def test_bash_completes(words, expected):
    assert bash_complete(*words) == expected


def test_bash_completes_files_where_a_file_goes(tmp_path):
    for name in ("hello.wav", "hello.txt", "other.srt"):
        (tmp_path / name).touch()
    assert sorted(bash_complete("say", "-o", "hel", cwd=tmp_path)) == ["hello.txt", "hello.wav"]
    assert bash_complete("stream", "--subtitles", "oth", cwd=tmp_path) == ["other.srt"]
    assert sorted(bash_complete("migrate-check", "h", cwd=tmp_path)) == ["hello.txt",
                                                                         "hello.wav"]
    assert bash_complete("say", "hel", cwd=tmp_path) == []  # text, not a file


def test_voice_names_come_from_the_cache_the_cli_fills(emulator):
    """`voices get NAME` caches the name; TAB then offers it, quoted for the shell."""
    from helpers import run_cli

    run_cli("voices", "get", "Barbershop Man")
    run_cli("voices", "get", "Katie")
    assert bash_complete("say", "-v", "") == ["Barbershop\\ Man", "Katie"]
    assert bash_complete("voices", "get", "Bar", prog="cartesia-tts") == ["Barbershop\\ Man"]
    assert bash_complete("say", "-v", '"Barb') == ["Barbershop Man"]  # after an open quote
    assert sorted(fish_complete("cartesia stream --voice ")) == ["Barbershop Man", "Katie"]


def test_voice_names_come_from_the_catalog_voices_list_fills(emulator):
    """`voices list` shows names; TAB offers them after, each once (also a name in both the
    cache and the catalog), and only names, not descriptions."""
    from helpers import run_cli

    shown = [line.split("\t")[1] for line in
             run_cli("voices", "list", "-s", "sarah").text.splitlines()[1:]]
    assert sorted(shown) == ["Sarah", "Sarah Curious"]
    run_cli("voices", "get", "Sarah")  # into the name cache as well
    assert bash_complete("say", "-v", "Sar") == ["Sarah", "Sarah\\ Curious"]
    assert bash_complete("voices", "delete", "Sarah\\ C") == ["Sarah\\ Curious"]
    assert sorted(fish_complete("cartesia voices audition Sar")) == ["Sarah", "Sarah Curious"]
    run_cli("voices", "list", "--all", "--limit", "100")
    everything = bash_complete("stream", "--voice", "")
    assert len(everything) == len(set(everything)) > 60


def test_voice_names_with_escapes_are_skipped():
    from cartesia_cli.api.voices import VoiceCache
    from cartesia_cli.environment import Environment

    cache = VoiceCache("https://api.cartesia.ai", TEST_KEY, Environment.from_process().cache_dir)
    for name in ("Plain", 'Odd "quoted"', "Caf\u00e9"):
        cache.put(name, "6ccbfb76-1fc6-48f7-b71d-91ac6298247b")
    assert bash_complete("say", "--voice", "") == ["Plain"]


def test_profiles_come_from_the_config_file():
    from cartesia_cli.config import set_value

    set_value("voice", "Katie", profile="work")
    set_value("model", "sonic-3", profile="default")
    assert bash_complete("--profile", "") == ["default", "work"]
    assert sorted(fish_complete("cartesia --profile ")) == ["default", "work"]


@pytest.mark.parametrize(("line", "expected"), [
    ("cartesia say --format ", FORMATS),
    ("cartesia voices ", sorted(["list", "get", "clone", "update", "delete", "localize",
                                 "accents", "audition"])),
    ("cartesia --offline voices list --gender fem", ["feminine"]),
    ("cartesia config unset max", ["max_retries"]),
    ("cartesia-tts token --grant ", ["agent", "stt", "tts"]),
    ("cartesia migrate-check --output-format s", ["sarif"]),
    ("cartesia say hello ", []),
])
def test_fish_completes(line, expected):
    prog = line.split()[0]
    assert sorted(fish_complete(line, prog)) == sorted(expected)


@pytest.mark.parametrize(("typed", "completed"), [
    ("cartesia voices li", "cartesia voices list "),
    ("cartesia stream --transport=w", "cartesia stream --transport=websocket "),
    ("cartesia config get sample_", "cartesia config get sample_rate "),
    ("cartesia-tts migrate-check --output-format sa",
     "cartesia-tts migrate-check --output-format sarif "),
])
def test_zsh_completes(typed, completed, tmp_path):
    prog = typed.split()[0]
    assert zsh_complete(script_file("zsh", prog), typed, completed, home=tmp_path)


def test_zsh_completes_voice_names(emulator, tmp_path):
    from helpers import run_cli

    run_cli("voices", "get", "Barbershop Man")
    assert zsh_complete(script_file("zsh"), "cartesia say -v Barb",
                        "cartesia say -v Barbershop\\ Man ", home=tmp_path)


def test_scripts_start_no_python():
    for shell in SHELLS:
        for prog in PROGRAMS:
            text = script_file(shell, prog).read_text()
            assert "python" not in text.lower() and f"{prog} completion" in text
