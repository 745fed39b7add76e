"""`voices list` on a real terminal (a pty of 80 and 200 columns): ids and names are never cut,
the description gives way first and goes below 100 columns, where ids are shortened to the
unique prefixes `voices get` accepts; a footer says when more voices match. Also the delete
prompts on a terminal, and paging that stops on a repeated cursor."""

import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time

import pytest
from fault_server import Json200, running_fault_server

from helpers import REPO, TEST_KEY, run_cli

ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def on_terminal(*args, columns, answer=None, timeout=30):
    """Run the CLI with stdin and stdout on a pty `columns` wide (stderr piped); returns
    (exit code, terminal text, stderr). `answer` is typed once a prompt appears."""
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen([sys.executable, "-m", "cartesia_cli", *args], cwd=REPO,
                            stdin=secondary, stdout=secondary, stderr=subprocess.PIPE, env=env)
    os.close(secondary)
    output = b""
    deadline = time.monotonic() + timeout
    answered = answer is None
    stderr = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([primary, proc.stderr], [], [], 0.1)
        if proc.stderr in ready:
            chunk = os.read(proc.stderr.fileno(), 4096)
            stderr += chunk
            if not answered and b"[y/N]" in stderr:
                os.write(primary, answer.encode() + (b"" if answer == "\x04" else b"\n"))
                answered = True
        if primary in ready:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: the child closed the terminal
                chunk = b""
            output += chunk
            if not chunk and proc.poll() is not None:
                break
        elif proc.poll() is not None and not ready:
            break
    code = proc.wait(timeout=5)
    stderr += proc.stderr.read()
    os.close(primary)
    text = ESCAPES.sub("", output.decode("utf-8", "replace")).replace("\r\n", "\n")
    return code, text, stderr.decode("utf-8", "replace")


def listed(limit):
    return json.loads(run_cli("voices", "list", "--json", "--limit", str(limit)).text)


def test_at_200_columns_everything_fits_and_ids_and_names_are_whole(emulator):
    voices = listed(25)
    code, text, stderr = on_terminal("voices", "list", "--limit", "25", columns=200)
    assert code == 0, stderr
    lines = text.rstrip("\n").split("\n")
    assert re.split(r"\s{2,}", lines[0]) == ["id", "name", "language", "gender", "description"]
    assert len(lines) == 26 and all(len(line) <= 200 for line in lines)
    for voice, line in zip(voices, lines[1:], strict=True):
        assert line.startswith(voice["id"] + "  ")
        assert f"  {voice['name']}  " in line
        shown = line.rsplit("  ", 1)[-1] if voice["description"] else ""
        assert voice["description"].startswith(shown.rstrip("…"))
    assert "25 voices shown; more match: --all lists every page" in stderr


def test_at_120_columns_the_description_is_shortened_first(emulator):
    voices = listed(10)
    code, text, _ = on_terminal("voices", "list", "--limit", "10", columns=120)
    assert code == 0
    lines = text.rstrip("\n").split("\n")[1:]
    assert all(len(line) <= 120 for line in lines)
    assert any(line.endswith("…") for line in lines)
    for voice, line in zip(voices, lines, strict=True):
        assert line.startswith(voice["id"]) and f"  {voice['name']}  " in line


def test_at_80_columns_the_compact_layout_keeps_names_and_unique_id_prefixes(emulator):
    voices = listed(30)
    code, text, stderr = on_terminal("voices", "list", "--limit", "30", columns=80)
    assert code == 0, stderr
    lines = text.rstrip("\n").split("\n")
    assert re.split(r"\s{2,}", lines[0].strip()) == ["id", "name", "language", "gender"]
    assert all(len(line) <= 80 for line in lines)
    prefixes = []
    for voice, line in zip(voices, lines[1:], strict=True):
        prefix = line.split("  ", 1)[0]
        assert len(prefix) >= 8 and voice["id"].startswith(prefix)
        assert f"  {voice['name']}  " in line + "  "
        prefixes.append(prefix)
    assert len(set(prefixes)) == len(prefixes)
    # What the narrow table shows is what `voices get` takes, like git's short hashes.
    got = json.loads(run_cli("voices", "get", prefixes[0], "--json").text)
    assert got["id"] == voices[0]["id"]


def test_no_footer_when_everything_is_shown(emulator):
    code, _, stderr = on_terminal("voices", "list", "-s", "barbershop", columns=200)
    assert code == 0 and "more match" not in stderr
    code, _, stderr = on_terminal("voices", "list", "--all", "--limit", "100", columns=200)
    assert code == 0 and "more match" not in stderr


def test_get_shows_yes_and_no_and_takes_a_unique_prefix(emulator):
    text = run_cli("voices", "get", "a0e99841").text
    assert "is_owner     no" in text and "is_public    yes" in text
    assert "Barbershop Man" in run_cli("voices", "get", "a0e9").text
    assert "Barbershop Man" in run_cli("voices", "get", "A0E99841-438C").text
    missing = run_cli("voices", "get", "0000", expect=2)
    assert missing.stderr.startswith("error: no voice named `0000`, and no voice id starts "
                                     "with it")
    short = run_cli("voices", "get", "a0e", expect=2)  # under four characters: a name only
    assert short.stderr.startswith("error: no voice named `a0e`")


def test_an_ambiguous_prefix_lists_the_candidates():
    from cartesia_cli.api.voices import pick_prefix
    from cartesia_cli.errors import UsageError

    voices = [{"id": "abcd1111-0000"}, {"id": "abcd2222-0000"}, {"id": "ffff0000-0000"}]
    assert pick_prefix("abcd1", voices)["id"] == "abcd1111-0000"
    assert pick_prefix("0123", voices) is None
    with pytest.raises(UsageError, match="ambiguous: abcd1111-0000, abcd2222-0000"):
        pick_prefix("abcd", voices)


def test_delete_asks_on_a_terminal(emulator, tmp_path):
    clip = tmp_path / "me.wav"
    import numpy as np
    import soundfile

    soundfile.write(str(clip), 0.2 * np.sin(np.arange(80000) / 10), 16000)
    voice_id = run_cli("voices", "clone", str(clip), "--name", "Asked About",
                       "--language", "en").text.strip()
    code, _, stderr = on_terminal("voices", "delete", voice_id, columns=100, answer="n")
    assert code == 1 and "Delete this voice: `Asked About`" in stderr
    assert "nothing deleted" in stderr
    assert not [r for r in emulator.requests if r.method == "DELETE"]
    code, _, stderr = on_terminal("voices", "delete", voice_id, columns=100, answer="\x04")
    assert code == 1 and "nothing deleted" in stderr  # Ctrl-D: end of input is a no
    code, _, stderr = on_terminal("voices", "delete", voice_id, columns=100, answer="y")
    assert code == 0, stderr
    assert f"deleted `Asked About` ({voice_id})" in stderr
    assert [r.path for r in emulator.requests if r.method == "DELETE"] == [f"/voices/{voice_id}"]


def test_a_repeated_voices_cursor_stops_the_listing(monkeypatch):
    voice = {"id": "694f9389-aac1-45b6-b726-9d9369183238", "name": "Sarah", "language": "en"}
    page = {"data": [voice], "has_more": True, "next_page": voice["id"]}
    with running_fault_server(monkeypatch) as server:
        monkeypatch.setenv("CARTESIA_API_KEY", TEST_KEY)
        server.script("/voices", Json200(page))
        run = run_cli("voices", "list", "--all", expect=4)
        assert run.stderr.startswith(f"error: GET /voices repeated the page cursor "
                                     f"`{voice['id']}`")
        assert len(server.requests_to("/voices")) == 2


def test_dicts_delete_asks_on_a_terminal(emulator):
    dict_id = run_cli("dicts", "create", "Asked Dict", "--item", "a=b").text.strip()
    code, _, stderr = on_terminal("dicts", "delete", "Asked Dict", columns=100, answer="no")
    assert code == 1 and "Delete the pronunciation dictionary `Asked Dict`" in stderr
    code, _, stderr = on_terminal("dicts", "delete", "Asked Dict", columns=100, answer="yes")
    assert code == 0, stderr
    assert f"deleted `Asked Dict` ({dict_id})" in stderr
