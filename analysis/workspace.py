"""Finding schema files on disk, reading them, and telling which Prisma they target.

Front ends (the CLI, later the server) call these; nothing here parses Prisma.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.text import LineIndex, SourceFile

DEFAULT_PRISMA_VERSION = 7
"""The newest Prisma major, assumed when a project does not say."""

MAX_FILE_BYTES = 50 * 1024 * 1024

_BOM = b"\xef\xbb\xbf"
_PRISMA_PACKAGES = ("prisma", "@prisma/client")
_DEPENDENCY_KEYS = ("dependencies", "devDependencies")
# "^6.19.0", "~7.0.1", ">=6", "6.x", "v6", "npm:prisma@6.1.0": the first number is the major.
_MAJOR = re.compile(r"^\s*(?:npm:[^@\s]*@)?[\^~=<>v\s]*(\d+)(?![\d-])")


@dataclass(frozen=True, slots=True)
class ReadError:
    """A file that could not be read as text; ``message`` is for people."""

    path: str
    message: str


def schema_files(path: Path) -> list[Path]:
    """The files of the schema at ``path``.

    A file is a one-file schema. A folder is a multi-file schema: every
    ``*.prisma`` file below it, sorted, without entering ``node_modules`` or
    hidden folders. Anything else (a missing path, say) is returned as is,
    for :func:`read_source` to report.
    """
    if not path.is_dir():
        return [path]
    return prisma_files_below(path) or []


def prisma_files_below(folder: Path, limit: int | None = None) -> list[Path] | None:
    """Every ``*.prisma`` file below ``folder``, sorted, without entering
    ``node_modules`` or hidden folders; ``None`` when there are more than ``limit``
    (the server will not take a whole repository for one schema)."""
    found: list[Path] = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "node_modules" and not d.startswith(".")]
        found.extend(Path(current, name) for name in files if name.endswith(".prisma"))
        if limit is not None and len(found) > limit:
            return None
    return sorted(found)


def read_source(path: Path) -> SourceFile | ReadError:
    """Read ``path`` as UTF-8 text (a leading BOM is dropped)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return ReadError(str(path), f"too large ({size / 2**20:.0f} MB; the limit is 50 MB)")
        data = path.read_bytes()
    except OSError as exc:
        return ReadError(str(path), f"cannot read: {exc.strerror or exc}")
    data = data.removeprefix(_BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return ReadError(str(path), _decode_error_message(data, exc.start))
    return SourceFile(str(path), text)


def _decode_error_message(data: bytes, bad: int) -> str:
    prefix = data[:bad].decode("utf-8")  # valid: decoding failed first at ``bad``
    position = LineIndex(prefix).position(len(prefix))
    return (
        f"not valid UTF-8: byte 0x{data[bad]:02x} "
        f"at line {position.line + 1}, column {position.column + 1}"
    )


def detect_prisma_version(schema_path: Path) -> int:
    """The Prisma major version the project around ``schema_path`` uses.

    Walks up from the schema's folder to the filesystem root. In each folder,
    a ``package.json`` that lists ``prisma`` or ``@prisma/client`` in its
    dependencies or devDependencies decides: the major of its version range,
    else the version of ``node_modules/prisma/package.json`` beside it, else
    :data:`DEFAULT_PRISMA_VERSION`. A folder whose ``package.json`` is
    missing, malformed or silent about Prisma may still have an installed
    ``node_modules/prisma`` that decides; otherwise the walk goes on.
    """
    folder = schema_path.absolute()
    if not folder.is_dir():
        folder = folder.parent
    while True:
        declared = _declared_range(folder / "package.json")
        if declared is not None:
            major = _major(declared)
            if major is None:
                major = _installed_major(folder)
            return DEFAULT_PRISMA_VERSION if major is None else major
        installed = _installed_major(folder)
        if installed is not None:
            return installed
        if folder.parent == folder:
            return DEFAULT_PRISMA_VERSION
        folder = folder.parent


def read_json_object(path: Path) -> dict[str, object] | None:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):  # missing, unreadable, not JSON, not UTF-8
        return None
    return data if isinstance(data, dict) else None


def _declared_range(package_json: Path) -> str | None:
    """The version range Prisma is listed with, or ``None`` if it is not listed."""
    manifest = read_json_object(package_json)
    if manifest is None:
        return None
    for name in _PRISMA_PACKAGES:
        for key in _DEPENDENCY_KEYS:
            dependencies = manifest.get(key)
            if isinstance(dependencies, dict) and name in dependencies:
                value = dependencies[name]
                return value if isinstance(value, str) else ""
    return None


def _installed_major(folder: Path) -> int | None:
    manifest = read_json_object(folder / "node_modules" / "prisma" / "package.json")
    version = manifest.get("version") if manifest is not None else None
    return _major(version) if isinstance(version, str) else None


def _major(version_range: str) -> int | None:
    """The major version a range asks for; the highest one across ``||``."""
    majors = [int(m.group(1)) for part in version_range.split("||") if (m := _MAJOR.match(part))]
    return max(majors) if majors else None
