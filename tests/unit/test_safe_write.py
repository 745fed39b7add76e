"""The one safe-write path: temporary files created exclusively, links and devices respected,
modes kept, private directories made 0700 whatever the umask.

Device files are `mknod` copies in a temporary directory (root only): the real /dev is never
touched.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from cartesia_cli.errors import UsageError
from cartesia_cli.safe_write import (
    AppendLog,
    SafeFile,
    is_in_place,
    make_private_dir,
    write_atomically,
)

from helpers import device_copy

root_only = pytest.mark.skipif(os.geteuid() != 0, reason="mknod and chown need root")



def device(directory: Path, name: str, minor: int) -> Path:
    return device_copy(directory, name, minor)


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_a_regular_file_appears_whole_and_leaves_nothing_else(tmp_path):
    target = tmp_path / "out.wav"
    with SafeFile(target) as out:
        out.write(b"half")
        assert not target.exists()  # nothing is visible until the write is complete
        assert out.temp and Path(out.temp).parent == tmp_path
        out.write(b" and half")
    assert target.read_bytes() == b"half and half"
    assert leftovers(tmp_path) == ["out.wav"]


def test_a_discarded_write_keeps_the_old_file_and_leaves_no_debris(tmp_path):
    target = tmp_path / "out.wav"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), SafeFile(target) as out:
        out.write(b"new")
        raise RuntimeError("failed half-way")
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == ["out.wav"]


def test_keep_partial_keeps_what_was_written_as_name_part(tmp_path):
    out = SafeFile(tmp_path / "out.raw", keep_partial=True)
    out.write(b"some")
    out.discard()
    assert (tmp_path / "out.raw.part").read_bytes() == b"some"
    assert out.kept_as == str(tmp_path / "out.raw.part")


def test_a_planted_part_symlink_is_neither_followed_nor_replaced(tmp_path):
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    (tmp_path / "out.wav.part").symlink_to(victim)
    write_atomically(tmp_path / "out.wav", b"audio")
    assert victim.read_bytes() == b"precious"
    assert os.readlink(tmp_path / "out.wav.part") == str(victim)
    assert (tmp_path / "out.wav").read_bytes() == b"audio"


def test_a_stale_part_file_is_left_alone(tmp_path):
    (tmp_path / "out.wav.part").write_bytes(b"someone else's")
    write_atomically(tmp_path / "out.wav", b"audio")
    assert (tmp_path / "out.wav.part").read_bytes() == b"someone else's"


def test_a_symlink_target_is_written_and_the_link_survives(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "voice.wav"
    link = tmp_path / "link.wav"
    link.symlink_to(target)
    write_atomically(link, b"first")
    write_atomically(link, b"second")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() == b"second"
    assert leftovers(tmp_path / "real") == ["voice.wav"]


def test_a_file_with_hard_links_is_rewritten_in_place_for_every_name(tmp_path):
    first = tmp_path / "voice.wav"
    first.write_bytes(b"old content")
    first.chmod(0o640)
    second = tmp_path / "same.wav"
    os.link(first, second)
    write_atomically(first, b"new")
    assert first.stat().st_ino == second.stat().st_ino and first.stat().st_nlink == 2
    assert second.read_bytes() == b"new"
    assert stat.S_IMODE(first.stat().st_mode) == 0o640
    assert sorted(leftovers(tmp_path)) == ["same.wav", "voice.wav"]


def test_an_existing_file_keeps_its_mode_and_a_new_one_follows_the_umask(tmp_path):
    kept = tmp_path / "kept.txt"
    kept.write_text("x")
    kept.chmod(0o640)
    write_atomically(kept, "y")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    old = os.umask(0o027)
    try:
        write_atomically(tmp_path / "new.txt", "z")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640
    write_atomically(tmp_path / "secret.toml", "k", mode=0o600)
    assert stat.S_IMODE((tmp_path / "secret.toml").stat().st_mode) == 0o600


@root_only
def test_a_null_device_is_written_in_place_and_never_replaced(tmp_path):
    null = device(tmp_path, "null", 3)
    assert is_in_place(null)
    write_atomically(null, b"x" * 100_000)
    assert stat.S_ISCHR(null.stat().st_mode)
    assert leftovers(tmp_path) == ["null"]


@root_only
def test_a_full_device_is_no_space_left_and_stays_a_device(tmp_path):
    full = device(tmp_path, "full", 7)
    with pytest.raises(UsageError, match="no space left on device"):
        write_atomically(full, b"x" * 100_000)
    assert stat.S_ISCHR(full.stat().st_mode)
    assert leftovers(tmp_path) == ["full"]


@root_only
def test_a_symlink_to_a_device_writes_the_device(tmp_path):
    null = device(tmp_path, "null", 3)
    (tmp_path / "out.wav").symlink_to(null)
    write_atomically(tmp_path / "out.wav", b"audio")
    assert (tmp_path / "out.wav").is_symlink()
    assert stat.S_ISCHR(null.stat().st_mode)


def test_a_fifo_is_written_in_place(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomically(fifo, b"through the pipe")
    reader.join(5)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert leftovers(tmp_path) == ["pipe"]


def test_a_link_into_proc_self_fd_is_written_in_place(tmp_path):
    """What /dev/stdout is: a link to /proc/self/fd/N, here with N a regular file."""
    behind = tmp_path / "behind.txt"
    with behind.open("wb") as held:
        link = tmp_path / "stdout"
        link.symlink_to(f"/proc/self/fd/{held.fileno()}")
        assert is_in_place(link)
        write_atomically(link, b"in place")
    assert behind.read_bytes() == b"in place"
    assert link.is_symlink()
    assert leftovers(tmp_path) == ["behind.txt", "stdout"]


def test_a_missing_directory_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="cannot write"):
        write_atomically(tmp_path / "nowhere" / "out.wav", b"x")


def test_private_directories_are_0700_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        made = make_private_dir(tmp_path / "a" / "b" / "c")
    finally:
        os.umask(old)
    for part in (tmp_path / "a", tmp_path / "a" / "b", made):
        assert stat.S_IMODE(part.stat().st_mode) == 0o700, part


def test_an_existing_directory_keeps_its_mode(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    make_private_dir(shared)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755


@root_only
def test_a_directory_of_another_user_is_a_clear_error(tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    os.chown(theirs, 65534, 65534)
    with pytest.raises(UsageError, match="belongs to another user"):
        make_private_dir(theirs)


# --- AppendLog: whole lines appended (a batch's results file) -----------------------------------


def test_append_log_writes_whole_lines_and_mends_a_cut_last_line(tmp_path):
    path = tmp_path / "results.jsonl"
    log = AppendLog(path)
    log.append('{"a": 1}')
    log.append('{"b": 2}\n')
    log.close()
    assert path.read_text() == '{"a": 1}\n{"b": 2}\n'
    with open(path, "a") as f:
        f.write('{"cut')  # a crash mid-line
    log = AppendLog(path)
    log.append('{"c": 3}')
    log.close()
    assert path.read_text().splitlines() == ['{"a": 1}', '{"b": 2}', '{"cut', '{"c": 3}']


def test_append_log_follows_a_link_and_refuses_what_is_not_a_file(tmp_path):
    target = tmp_path / "real.jsonl"
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    log = AppendLog(link)
    log.append("x")
    log.close()
    assert link.is_symlink() and target.read_text() == "x\n"
    with pytest.raises(UsageError, match="not a regular file"):
        AppendLog("/dev/null")
    with pytest.raises(UsageError, match="cannot write"):
        AppendLog(tmp_path / "missing" / "results.jsonl")
