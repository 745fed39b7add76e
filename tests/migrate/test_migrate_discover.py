"""Which files a scan reads: skipped directories, binaries, virtualenvs and .gitignore rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from migrate_support import check

from cartesia_cli.migrate.discover import discover
from cartesia_cli.migrate.gitignore import GitIgnore, parse_line

OLD_CALL = 'URL = "https://api.cartesia.ai/v0/audio/sse"  # cartesia\n'


def scanned(root: Path) -> list[str]:
    return [Path(source.display).relative_to(root.name).as_posix()
            if not Path(source.display).is_absolute() else source.display
            for source in discover([root.name])]


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "proj"
    for rel in ("app.py", "web/speaker.js", "scripts/tts.sh", "docs/README.md",
                "node_modules/lib/index.js", ".git/hooks/post.py", ".venv/lib/site.py",
                "env2/lib/x.py", "build/out.py", "logs/debug.py", "keep/important.py",
                "keep/other.py", "notes.txt", "image.png", "Makefile"):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(OLD_CALL)
    (root / "env2" / "pyvenv.cfg").write_text("home = /usr/bin\n")  # a virtualenv by content
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    (root / "latin1.py").write_bytes("name = 'Jos\xe9'\n".encode("latin-1"))
    (root / ".gitignore").write_text(
        "# build output\nbuild/\n/logs\n*.txt\nkeep/*\n!keep/important.py\n")
    monkeypatch.chdir(tmp_path)
    return root


def test_walk_skips_what_it_should(project):
    assert scanned(project) == ["app.py", "docs/README.md", "keep/important.py",
                                "scripts/tts.sh", "web/speaker.js"]


def test_nested_gitignore_and_explicit_files(project):
    (project / "web" / ".gitignore").write_text("speaker.js\n")
    assert "web/speaker.js" not in scanned(project)
    # A file named on the command line is checked even when ignored, like ruff does.
    run = check(str(project / "build" / "out.py"), "--output-format", "json")
    assert '"CAR101"' in run.text


def test_explicit_binary_file_is_skipped_with_a_warning(project):
    run = check(str(project / "image.png"), str(project / "latin1.py"), expect=0)
    assert "warning: skipped `proj/image.png`: binary file" in run.stderr
    assert "warning: skipped `proj/latin1.py`: not UTF-8 text" in run.stderr


def test_extensionless_scripts_are_recognised_by_shebang(project):
    (project / "speak").write_text("#!/bin/sh\ncurl https://api.cartesia.ai/tts/bytes -d '{}'\n")
    assert "speak" in scanned(project)
    assert "Makefile" not in scanned(project)


@pytest.mark.parametrize("pattern, path, is_dir, ignored", [
    ("*.log", "a/b/c.log", False, True),
    ("*.log", "a/b/c.log.txt", False, False),
    ("/build", "build", True, True),
    ("/build", "src/build", True, False),
    ("build/", "src/build", True, True),
    ("build/", "src/build", False, False),  # directories only
    ("doc/*.md", "doc/a.md", False, True),
    ("doc/*.md", "doc/sub/a.md", False, False),
    ("**/cache", "a/b/cache", True, True),
    ("logs/**", "logs/x/y.py", False, True),
    ("a/**/b.py", "a/x/y/b.py", False, True),
    ("a/**/b.py", "a/b.py", False, True),
    ("file?.py", "file1.py", False, True),
    ("file[0-9].py", "filex.py", False, False),
    ("file[!0-9].py", "filex.py", False, True),
    ("\\#notes", "#notes", False, True),
    ("\\!bang", "!bang", False, True),
    ("trailing\\ ", "trailing ", False, True),
])
def test_gitignore_patterns(tmp_path, pattern, path, is_dir, ignored):
    rules = GitIgnore(tmp_path)
    rules.patterns.append(parse_line(pattern, ""))
    assert rules.ignored(tmp_path / path, is_dir) is ignored


def test_gitignore_negation_and_order(tmp_path):
    rules = GitIgnore(tmp_path)
    for line in ("*.py", "!keep.py", "# comment", "", "sub/keep.py"):
        pattern = parse_line(line, "")
        if pattern:
            rules.patterns.append(pattern)
    assert rules.ignored(tmp_path / "a.py", False)
    assert not rules.ignored(tmp_path / "keep.py", False)
    assert rules.ignored(tmp_path / "sub" / "keep.py", False)  # the last match wins


def test_rules_of_a_nested_gitignore_apply_below_it_only(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".gitignore").write_text("*.js\n")
    rules = GitIgnore(tmp_path)
    rules.add_file(tmp_path / "sub" / ".gitignore")
    assert rules.ignored(tmp_path / "sub" / "x.js", False)
    assert not rules.ignored(tmp_path / "x.js", False)


def test_scanning_below_a_repository_root_uses_its_gitignore(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("generated/\n")
    for rel in ("src/generated/x.py", "src/y.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(OLD_CALL)
    monkeypatch.chdir(tmp_path / "src")
    assert [s.display for s in discover(["."])] == ["y.py"]
