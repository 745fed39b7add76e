"""--fix writes safely and completely: links (symbolic and hard) stay links, modes, CRLF line
endings and byte order marks are kept, and a second run finds nothing left to fix."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from migrate_support import OLD, check

SOURCE = ('# Cartesia client\nURL = "http://api.cartesia.ai/v0/tts/bytes"\n'
          'request = {"model_id": "sonic-english", "transcript": "Hi", "chunk_time": 0.1}\n')
FIXED = ('# Cartesia client\nURL = "https://api.cartesia.ai/tts/bytes"\n'
         'request = {"model_id": "sonic-3", "transcript": "Hi"}\n')


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _fix(*paths: str) -> None:
    check(*paths, "--fix", "--unsafe-fixes", "--select", "CAR101,CAR401,CAR501,CAR509")


def test_fix_writes_through_a_symlink(project):
    (project / "real").mkdir()
    target = project / "real" / "client.py"
    target.write_text(SOURCE)
    link = project / "client.py"
    link.symlink_to(os.path.join("real", "client.py"))
    _fix("client.py")
    assert link.is_symlink() and os.readlink(link) == os.path.join("real", "client.py")
    assert target.read_text() == FIXED


def test_fix_keeps_hard_links_and_the_mode(project):
    first = project / "client.py"
    first.write_text(SOURCE)
    first.chmod(0o754)
    second = project / "copy_of_client.py"
    os.link(first, second)
    inode = first.stat().st_ino
    _fix("client.py")
    assert first.stat().st_ino == second.stat().st_ino == inode
    assert first.stat().st_nlink == 2
    assert second.read_text() == FIXED
    assert first.stat().st_mode & 0o777 == 0o754


def test_fix_keeps_crlf_line_endings(project):
    path = project / "client.py"
    path.write_bytes(SOURCE.replace("\n", "\r\n").encode())
    _fix("client.py")
    assert path.read_bytes() == FIXED.replace("\n", "\r\n").encode()


@pytest.mark.parametrize("name, text", [
    ("client.py", SOURCE),
    ("job.yaml", "# Cartesia\nrequest:\n  model_id: sonic-english\n  chunk_time: 0.1\n"
                 "  transcript: Hi\n"),
    ("body.json", '{"model_id": "sonic-english", "transcript": "Hi", "chunk_time": 0.1,\n'
                  ' "voice": {"id": "a"}, "output_format": {"container": "raw", '
                  '"encoding": "pcm_s16le", "sample_rate": 16000}}\n'),
])
def test_fix_keeps_a_byte_order_mark(project, name, text):
    path = project / name
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    report = json.loads(check(name, "--output-format", "json", "--select", "CAR509").text)
    first = report[0]
    line = text.splitlines()[first["location"]["row"] - 1]
    assert line[first["location"]["column"] - 1:].startswith("sonic-english")
    _fix(name)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf" * 2)
    assert b"sonic-3" in data and b"chunk_time" not in data
    assert b"\n" not in data.replace(b"\r\n", b"")


@pytest.mark.parametrize("extra", [[], ["--unsafe-fixes"]])
def test_a_second_run_after_fix_reports_nothing_fixable(tmp_path, monkeypatch, extra):
    project = tmp_path / "project"
    shutil.copytree(OLD, project)
    monkeypatch.chdir(project)
    check(".", "--fix", *extra)
    report = json.loads(check(".", "--output-format", "json", *extra).text)
    allowed = {"safe"} if not extra else {"safe", "unsafe"}
    assert [item for item in report if (item["fix"] or {}).get("applicability") in allowed] == []
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    check(".", "--fix", *extra)
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before
