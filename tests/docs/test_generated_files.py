"""Drift: completions/ and man/ are exactly what scripts/gen_docs.py generates from the CLI now.

When this fails after a CLI change, run `python scripts/gen_docs.py` and commit the result.
"""

import shutil
import subprocess
import sys

from helpers import REPO

GENERATOR = REPO / "scripts" / "gen_docs.py"


def committed_files() -> dict[str, bytes]:
    return {str(p.relative_to(REPO)): p.read_bytes() for d in ("completions", "man")
            for p in (REPO / d).rglob("*") if p.is_file()}


def generate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(GENERATOR), *args], capture_output=True,
                          text=True, timeout=120)


def test_committed_files_are_what_the_generator_writes(tmp_path):
    result = generate("--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    fresh = {str(p.relative_to(tmp_path)): p.read_bytes() for p in tmp_path.rglob("*")
             if p.is_file()}
    committed = committed_files()
    assert sorted(fresh) == sorted(committed), "run `python scripts/gen_docs.py` and commit"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert stale == [], f"out of date: {stale}; run `python scripts/gen_docs.py` and commit"
    assert {n.split("/")[0] for n in fresh} == {"completions", "man"}
    assert len(fresh) == 7  # 3 shells x 2 program names, and the man page


def test_check_passes_on_the_repository():
    result = generate("--check")
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stderr


def test_check_fails_with_a_clear_message_on_drift(tmp_path):
    for name, data in committed_files().items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    assert generate("--check", "--out", str(tmp_path)).returncode == 0
    page = tmp_path / "man" / "cartesia.1"
    page.write_text(page.read_text().replace("migrate\\-check", "migrate\\-chekc", 1))
    (tmp_path / "completions" / "fish" / "cartesia.fish").unlink()
    (tmp_path / "completions" / "bash" / "old-name").write_text("# stale\n")
    result = generate("--check", "--out", str(tmp_path))
    assert result.returncode == 1
    assert "man/cartesia.1: differs from what the CLI generates now" in result.stderr
    assert "+" in result.stderr and "migrate\\-check" in result.stderr  # a diff excerpt
    assert "completions/fish/cartesia.fish: missing" in result.stderr
    assert "completions/bash/old-name: no longer generated" in result.stderr
    assert "run `python scripts/gen_docs.py`" in result.stderr
    assert page.read_text().count("migrate\\-chekc") == 1  # --check writes nothing


def test_generator_rewrites_what_drifted(tmp_path):
    shutil.copytree(REPO / "man", tmp_path / "man")
    (tmp_path / "man" / "cartesia.1").write_text("stale\n")
    result = generate("--out", str(tmp_path))
    assert result.returncode == 0
    rewritten = (tmp_path / "man" / "cartesia.1").read_bytes()
    assert rewritten == (REPO / "man" / "cartesia.1").read_bytes()
    assert "wrote man/cartesia.1" in result.stderr
