"""The README's first command, as a new user runs it: a fresh virtual environment, no key, no
network but the package index, and speech in a file."""

import os
import re
import shutil
import subprocess
import sys
import venv

import numpy as np
import pytest
import soundfile as sf

from helpers import REPO


def first_readme_command() -> str:
    readme = (REPO / "README.md").read_text()
    block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert block, "README.md has no sh block"
    return block.group(1).strip()


@pytest.mark.slow
def test_readme_first_command_in_a_fresh_venv(tmp_path):
    command = first_readme_command()
    assert command.startswith("pip install '.[offline]' && cartesia --offline say")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / "bin"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CARTESIA_", "VIRTUAL_ENV", "PYTHON"))}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    # A copy of the working tree, as a fresh clone has it: no venv, no build leftovers.
    work = tmp_path / "clone"
    shutil.copytree(REPO, work, ignore=shutil.ignore_patterns(
        ".venv", ".git", "*.egg-info", "build", "benchmarks", "__pycache__", ".*_cache"))
    proc = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "offline: a local emulator speaks with espeak-ng" in proc.stderr
    samples, rate = sf.read(work / "hello.wav")
    assert rate == 44100 and len(samples) / rate > 0.8
    assert np.sqrt(np.mean(samples**2)) > 0.01
    assert sys.executable not in proc.stderr
