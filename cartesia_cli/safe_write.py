"""The one way this program writes a file a user named: audio, subtitles, timestamps, config,
caches and migrate-check fixes all go through here.

Rules (the same as curl's and cp's where they have one):
- Anything that is not a regular file (`/dev/null`, `/dev/full`, a FIFO, a socket, `/dev/stdout`
  and other links into `/proc/self/fd` or `/dev/fd`) is opened and written in place: no
  temporary file, no rename, the node is never replaced.
- A regular file is written to a temporary file created exclusively (a unique name, O_EXCL,
  never following a planted symlink or reusing a stale `NAME.part`) in the target's directory,
  then renamed over the target on success, so a reader never sees half a file and a failure
  leaves the old file untouched.
- `-o LINK` writes the link's target (the link survives).
- A regular file with other hard links is written in place too (truncated and rewritten, as cp
  and `>` do): renaming a new file over one name would leave the other names with the old
  content.
- An existing file keeps its mode (and, when we may, its owner); a new one gets 0666 less the
  umask, or the mode the caller asks for (0600 for secrets).
- Every OSError becomes a UsageError, "cannot write PATH: REASON" (exit 2).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import IO

from cartesia_cli import signals
from cartesia_cli.errors import UsageError

PART_SUFFIX = ".part"
# Paths under these are views of open descriptors (/dev/stdout links to /proc/self/fd/1):
# whatever they lead to is written in place, never renamed over.
_DESCRIPTOR_ROOTS = ("/proc/", "/dev/fd/")


def write_error(path: str | os.PathLike[str], exc: OSError) -> UsageError:
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        hint = "free some space on that disk, or write somewhere else"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "check the permissions of the output and its directory"
    else:
        hint = "check the output path, its directory and the free space"
    return UsageError(f"cannot write {os.fspath(path)}: {reason.lower()}", hint=hint)


def _through_links(path: str) -> list[str]:
    """The path and every link target on the way to the final file (at most 40 hops)."""
    seen = [path]
    current = path
    for _ in range(40):
        try:
            target = os.readlink(current)
        except OSError:
            break
        current = os.path.join(os.path.dirname(current), target)
        seen.append(current)
    return seen


def is_in_place(path: str | os.PathLike[str]) -> bool:
    """True for targets that must be written where they are, never replaced."""
    name = os.path.abspath(os.fspath(path))
    try:
        info = os.stat(name)
    except FileNotFoundError:
        info = None
    except OSError:
        return False  # the open will report it
    if info is not None and not stat.S_ISREG(info.st_mode):
        return True
    return any(os.path.abspath(p).startswith(_DESCRIPTOR_ROOTS) for p in _through_links(name))


def has_other_links(path: str | os.PathLike[str]) -> bool:
    """A regular file (a link's target) that other hard links share."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_nlink > 1


def final_path(path: str | os.PathLike[str]) -> Path:
    """Where the bytes end up: a symlink's target (so the link survives), else the path."""
    name = os.fspath(path)
    if os.path.islink(name):
        return Path(os.path.realpath(name))
    return Path(name)


def check_writable(path: str | os.PathLike[str]) -> None:
    """Fail before any request when the output plainly cannot be written.

    Raises:
        UsageError: a directory, a missing directory, no permission.
    """
    name = os.fspath(path)
    if not name:
        raise UsageError("an output needs a file name (or - for stdout)")
    if is_in_place(path):
        if not os.access(path, os.W_OK):
            raise UsageError(f"cannot write {name}: permission denied")
        return
    target = final_path(path)
    parent = target.parent
    if target.is_dir():
        raise UsageError(f"cannot write {name}: it is a directory")
    if name.endswith(os.sep):
        raise UsageError(f"cannot write {name}: not a directory",
                         hint="drop the trailing slash to name a file")
    if target.exists() and not os.access(target, os.W_OK):
        # Renaming over it would succeed; curl, cp and `>` refuse a read-only file, so do we.
        raise UsageError(f"cannot write {name}: permission denied (the file is read-only)")
    if not parent.is_dir():
        raise UsageError(f"cannot write {os.fspath(path)}: no directory {parent}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write {os.fspath(path)}: permission denied",
                         hint="check the permissions of the output directory")


class SafeFile:
    """A binary file being written to `path` by the rules above; `commit()` or `discard()` once.

    `file` is the open handle; `seekable` says whether the header can be rewritten at the end.
    `keep_partial` keeps what was written as `NAME.part` when the write is discarded.
    """

    def __init__(self, path: str | os.PathLike[str], *, mode: int | None = None,
                 keep_partial: bool = False):
        self.path = os.fspath(path)  # as the user gave it, for messages
        self.keep_partial = keep_partial
        self.temp: str | None = None
        self._done = False
        check_writable(path)
        try:
            if is_in_place(self.path) or has_other_links(self.path):
                self.file: IO[bytes] = self._open_in_place()
            else:
                self.file = self._open_temp(mode)
        except OSError as exc:
            raise write_error(self.path, exc) from exc

    def _open_in_place(self) -> IO[bytes]:
        flags = os.O_WRONLY | getattr(os, "O_CLOEXEC", 0)
        try:
            if stat.S_ISREG(os.stat(self.path).st_mode):
                flags |= os.O_TRUNC  # a regular file behind /dev/stdout: as `>` would
        except FileNotFoundError:
            flags |= os.O_CREAT
        return os.fdopen(os.open(self.path, flags, 0o666), "wb")

    def _open_temp(self, mode: int | None) -> IO[bytes]:
        target = final_path(self.path)
        self.target = target
        try:
            existing: os.stat_result | None = os.stat(target)
        except FileNotFoundError:
            existing = None
        import tempfile  # here: a run writing to stdout or a device never needs it

        # mkstemp: O_CREAT|O_EXCL (and O_NOFOLLOW) with a random name, mode 0600.
        fd, self.temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PART_SUFFIX,
                                         dir=target.parent)
        signals.register_temp_file(self.temp)
        try:
            if mode is None:
                mode = stat.S_IMODE(existing.st_mode) if existing else 0o666 & ~_umask()
            os.fchmod(fd, mode)
            if existing is not None and (existing.st_uid, existing.st_gid) != _ids():
                try:  # keep a file that belonged to someone else theirs (root in CI)
                    os.fchown(fd, existing.st_uid, existing.st_gid)
                except PermissionError:
                    pass
            return os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            os.unlink(self.temp)
            signals.forget_temp_file(self.temp)
            raise

    @property
    def seekable(self) -> bool:
        try:
            return self.file.seekable()
        except (OSError, ValueError):
            return False

    def write(self, data: bytes) -> None:
        try:
            self.file.write(data)
        except OSError as exc:
            raise write_error(self.path, exc) from exc

    def commit(self) -> None:
        """Flush and put the file in place. On failure nothing is left behind.

        Raises:
            UsageError: the data could not be written (a full disk shows here at the latest).
        """
        if self._done:
            return
        try:
            self.file.flush()
            if self.temp is not None:
                os.fsync(self.file.fileno())
            self.file.close()
            if self.temp is not None:
                os.replace(self.temp, self.target)
                signals.forget_temp_file(self.temp)
        except OSError as exc:
            self.discard()
            raise write_error(self.path, exc) from exc
        self._done = True

    def discard(self) -> None:
        """Give up: close, and remove the temporary file (or keep it as NAME.part)."""
        if self._done:
            return
        self._done = True
        try:
            self.file.close()
        except OSError:
            pass  # a failed flush on close: what is being discarded anyway
        if self.temp is None:
            return
        try:
            if self.keep_partial:
                os.replace(self.temp, str(self.target) + PART_SUFFIX)
            else:
                os.unlink(self.temp)
        except OSError:
            pass
        signals.forget_temp_file(self.temp)

    @property
    def kept_as(self) -> str | None:
        """Where a discarded write was kept (with keep_partial), for the user to be told."""
        if self.temp is None or not self.keep_partial:
            return None
        return str(self.target) + PART_SUFFIX

    def __enter__(self) -> SafeFile:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()


def write_atomically(path: str | os.PathLike[str], data: bytes | str, *,
                     mode: int | None = None) -> None:
    """The whole of `data` to `path` by the rules above.

    Raises:
        UsageError: it could not be written.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with SafeFile(path, mode=mode) as out:
        out.write(payload)


class AppendLog:
    """A log of whole lines appended to `path` (a batch's results file): each line goes out in
    one write() on a descriptor opened with O_APPEND, so a run stopped at any moment leaves
    complete lines only (at worst a last line cut by a crash of the machine, which readers
    skip). A log left without its final newline gets one before the first new line. A link is
    followed to its target like any output; anything but a regular file is refused.

    Raises (on open and on each write):
        UsageError: the file cannot be opened or written.
    """

    def __init__(self, path: str | os.PathLike[str]):
        self.path = os.fspath(path)
        target = final_path(self.path)
        try:
            fd = os.open(target, os.O_RDWR | os.O_APPEND | os.O_CREAT
                         | getattr(os, "O_CLOEXEC", 0), 0o666)
        except OSError as exc:
            raise write_error(self.path, exc) from exc
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise UsageError(f"cannot use {self.path} as a results file: not a regular file")
            self._newline_first = info.st_size > 0 and not _ends_with_newline(fd, info.st_size)
        except BaseException:
            os.close(fd)
            raise
        self._fd: int | None = fd

    def append(self, line: str) -> None:
        if self._fd is None:
            raise UsageError(f"cannot write {self.path}: it is closed")
        data = ("\n" if self._newline_first else "") + line.rstrip("\n") + "\n"
        payload = data.encode("utf-8")
        try:
            written = os.write(self._fd, payload)
            while written < len(payload):  # a short write: only on a full disk
                written += os.write(self._fd, payload[written:])
        except OSError as exc:
            raise write_error(self.path, exc) from exc
        self._newline_first = False

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                os.fsync(fd)
            except OSError:
                pass
            os.close(fd)


def _ends_with_newline(fd: int, size: int) -> bool:
    try:
        return os.pread(fd, 1, size - 1) == b"\n"
    except OSError:
        return True


def make_private_dir(path: str | os.PathLike[str]) -> Path:
    """Create `path` and any missing parents as 0700 (whatever the umask); leave the mode of
    directories that exist alone. Returns the path.

    Raises:
        UsageError: it cannot be created, or it exists and belongs to another user.
    """
    directory = Path(path)
    missing = []
    probe = directory
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for new in reversed(missing):
        try:
            os.mkdir(new, 0o700)
            os.chmod(new, 0o700)  # the umask may have taken bits from 0700; ours only
        except FileExistsError:
            pass  # made meanwhile by someone else: treated as existing
        except OSError as exc:
            raise UsageError(f"cannot create directory {new}: {(exc.strerror or '').lower()}",
                             hint="check the permissions of its parent") from exc
    try:
        info = directory.stat()
    except OSError as exc:
        raise UsageError(f"cannot use directory {directory}: {(exc.strerror or '').lower()}") \
            from exc
    if not stat.S_ISDIR(info.st_mode):
        raise UsageError(f"cannot use {directory}: it is not a directory")
    if info.st_uid != os.geteuid():
        raise UsageError(
            f"directory {directory} belongs to another user (uid {info.st_uid})",
            hint="use a directory of your own (CARTESIA_CONFIG_DIR, XDG_CONFIG_HOME, "
            "XDG_CACHE_HOME)",
        )
    return directory


def make_output_dir(path: str | os.PathLike[str]) -> Path:
    """A directory for output files: created with any missing parents (modes from the umask),
    or one that exists. Returns the path.

    Raises:
        UsageError: it cannot be created, or it is not a directory.
    """
    directory = Path(path)
    if str(path) == "":
        raise UsageError("the output directory is empty", hint="give a directory, e.g. -o out")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UsageError(f"cannot use {directory} as a directory: a file has that name") \
            from None
    except OSError as exc:
        raise UsageError(f"cannot create directory {directory}: "
                         f"{(exc.strerror or str(exc)).lower()}",
                         hint="check the permissions of its parent") from exc
    if not directory.is_dir():
        raise UsageError(f"cannot use {directory}: it is not a directory")
    return directory


def _umask() -> int:
    """The process umask, read without changing it where Linux allows (threads may be
    creating files meanwhile); elsewhere set and set straight back."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


def _ids() -> tuple[int, int]:
    return os.geteuid(), os.getegid()
