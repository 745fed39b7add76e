"""`-o` onto devices, FIFOs, links and planted files, for audio, subtitles and timestamps.

Devices are `mknod` copies of /dev/null and /dev/full in the test's directory (root only); the
real /dev is never written.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from helpers import REPO, TEST_KEY, device_copy, run_cli, run_process

TEXT = "Hello from Cartesia. Testing one two three."
root_only = pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")



def device(directory: Path, name: str, minor: int) -> Path:
    return device_copy(directory, name, minor)


def names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


@root_only
@pytest.mark.parametrize("ext", ["wav", "raw", "flac", "mp3", "ogg"])
def test_a_null_device_is_written_in_place(emulator, tmp_path, ext):
    null = device(tmp_path, f"null.{ext}", 3)
    run_cli("say", "-o", str(null), TEXT)
    assert stat.S_ISCHR(null.stat().st_mode)
    assert names(tmp_path) == [f"null.{ext}"]


@root_only
def test_a_null_device_as_a_normal_user(emulator, tmp_path):
    """The same run with root's privileges dropped (a forked child of this process: the
    interpreter's files need not be readable by that user, the modules are loaded already)."""
    import shutil
    import tempfile

    run_cli("say", "-o", str(tmp_path / "warm.wav"), TEXT)  # loads every module the run needs
    # pytest's own temporary directories are private to root: this one is open to nobody.
    place = Path(tempfile.mkdtemp(prefix="cartesia-nobody-"))
    request_cleanup = shutil.rmtree
    place.chmod(0o755)
    null = device(place, "null.wav", 3)
    home = place / "home"
    home.mkdir()
    os.chown(home, 65534, 65534)
    pid = os.fork()
    if pid == 0:  # the child: become nobody, run, report by exit status only
        code = 99
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            os.environ.update(HOME=str(home), CARTESIA_CONFIG_DIR=str(home / "config"),
                              XDG_CACHE_HOME=str(home / "cache"))
            result = run_cli("say", "-o", str(null), TEXT, expect=None)
            code = result.exit_code
            (home / "stderr").write_text(result.stderr)
        finally:
            os._exit(code)
    try:
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0, (home / "stderr").read_text()
        assert stat.S_ISCHR(null.stat().st_mode)
        assert names(place) == ["home", "null.wav"]
    finally:
        request_cleanup(place)


@root_only
@pytest.mark.parametrize("ext", ["wav", "raw", "mp3"])
def test_a_full_device_is_no_space_left(emulator, tmp_path, ext):
    full = device(tmp_path, f"full.{ext}", 7)
    run = run_cli("say", "-o", str(full), TEXT, expect=2)
    assert "no space left on device" in run.stderr
    assert stat.S_ISCHR(full.stat().st_mode)
    assert names(tmp_path) == [f"full.{ext}"]


@root_only
def test_subtitles_and_timestamps_to_devices(emulator, tmp_path):
    null = device(tmp_path, "null", 3)
    full = device(tmp_path, "full", 7)
    link = tmp_path / "subs.srt"
    link.symlink_to(null)
    run_cli("stream", "-o", str(tmp_path / "x.wav"), "--subtitles", str(link), TEXT)
    assert stat.S_ISCHR(null.stat().st_mode)
    run = run_cli("stream", "-o", str(tmp_path / "y.wav"), "--timestamps", str(full), TEXT,
                  expect=2)
    assert "no space left" in run.stderr
    assert stat.S_ISCHR(full.stat().st_mode)


def test_a_fifo_gets_a_streaming_wav(emulator, tmp_path):
    fifo = tmp_path / "pipe.wav"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    run_cli("say", "-o", str(fifo), TEXT)
    reader.join(10)
    assert got and got[0][:4] == b"RIFF" and len(got[0]) > 1000
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert names(tmp_path) == ["pipe.wav"]


def test_dev_stdout_is_written_in_place(emulator, tmp_path):
    """`-o /dev/stdout > file`: the file gets the audio and nothing is renamed over anything."""
    out = tmp_path / "captured.wav"
    with out.open("wb") as sink:
        proc = subprocess.run([sys.executable, "-m", "cartesia_cli", "say", "-o",
                               "/dev/stdout", TEXT], cwd=REPO, stdout=sink,
                              stderr=subprocess.PIPE, env=dict(os.environ), timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    assert out.read_bytes()[:4] == b"RIFF"
    assert names(tmp_path) == ["captured.wav"]
    assert os.path.islink("/dev/stdout")


def test_a_symlinked_output_writes_its_target(emulator, tmp_path):
    (tmp_path / "takes").mkdir()
    link = tmp_path / "latest.wav"
    link.symlink_to(tmp_path / "takes" / "take1.wav")
    run_cli("say", "-o", str(link), TEXT)
    assert link.is_symlink()
    assert (tmp_path / "takes" / "take1.wav").read_bytes()[:4] == b"RIFF"
    assert names(tmp_path / "takes") == ["take1.wav"]


def test_a_planted_part_link_is_never_followed(emulator, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    for name in ("x.wav", "x.raw", "x.flac"):
        (tmp_path / f"{name}.part").symlink_to(victim)
        run_cli("say", "-o", str(tmp_path / name), TEXT)
        assert (tmp_path / name).stat().st_size > 100
        assert os.readlink(tmp_path / f"{name}.part") == str(victim)
    assert victim.read_text() == "precious"


def test_keep_partial_keeps_name_part_on_failure(emulator, tmp_path):
    emulator.faults.add(path="/tts/bytes", drop_after_bytes=3000)
    run = run_process("say", "--keep-partial", "-o", str(tmp_path / "x.raw"), TEXT * 5,
                      expect=4)
    assert TEST_KEY not in run.stderr
    assert names(tmp_path) == ["x.raw.part"]
    assert (tmp_path / "x.raw.part").stat().st_size == 3000
