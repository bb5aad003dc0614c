"""Which schema a `.prisma` file belongs to, found the way Prisma's CLI finds it.

Walking up from the file: a ``prisma.config.ts`` (or ``.mts``/``.cts``/``.js``/
``.mjs``/``.cjs``, or ``.config/prisma.ts``) whose ``schema:`` is a string
literal, read as text and never executed; else the ``prisma.schema`` entry of
a ``package.json``. When the named schema is a folder holding the file, the
whole folder is one multi-file schema; when it is the file itself, the file
stands alone. Otherwise the file's folder is the schema — unless that folder
holds several files that each declare a ``datasource`` (a folder of separate
example schemas, say), in which case the file stands alone. The walk never
enters ``node_modules`` and stops at the workspace folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from analysis.workspace import prisma_files_below, read_json_object

CONFIG_NAMES = (
    "prisma.config.ts",
    "prisma.config.mts",
    "prisma.config.cts",
    "prisma.config.js",
    "prisma.config.mjs",
    "prisma.config.cjs",
    ".config/prisma.ts",
)
_SCHEMA_KEY = re.compile(r"""(?<![\w$.])["']?schema["']?\s*:\s*(["'`])([^"'`\n]+)\1""")
_DATASOURCE = re.compile(r"(?m)^[ \t]*datasource[ \t]+\w+[ \t]*\{")
MAX_FOLDER_FILES = 1000
"""A folder with more schema files than this is not taken as one schema."""


@dataclass(frozen=True)
class SchemaRoot:
    """Where a schema lives: a folder (multi-file) or one file; and what said so."""

    path: Path
    is_folder: bool
    reason: str

    def files(self) -> list[Path]:
        """The schema's files on disk (for a folder: every `.prisma` below it)."""
        if not self.is_folder:
            return [self.path]
        return prisma_files(self.path) or []


def prisma_files(folder: Path) -> list[Path] | None:
    """The schema files below ``folder``; ``None`` when there are too many."""
    return prisma_files_below(folder, MAX_FOLDER_FILES)


def configured_schema(folder: Path) -> tuple[Path, str] | None:
    """The schema path a project folder's configuration names, and which file named it."""
    for name in CONFIG_NAMES:
        config = folder / name
        try:
            text = config.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        match = _SCHEMA_KEY.search(text)
        if match:
            return (folder / match.group(2)).resolve(), str(config)
    manifest = read_json_object(folder / "package.json")
    prisma = manifest.get("prisma") if manifest is not None else None
    schema = prisma.get("schema") if isinstance(prisma, dict) else None
    if isinstance(schema, str) and schema:
        return (folder / schema).resolve(), str(folder / "package.json")
    return None


def find_schema_root(file: Path, stop: Path | None = None) -> SchemaRoot:
    """The schema ``file`` belongs to (see the module's docstring)."""
    file = file.resolve()
    folder = file.parent
    while "node_modules" not in folder.parts:
        configured = configured_schema(folder)
        if configured is not None:
            schema, source = configured
            if schema == file:
                return SchemaRoot(file, False, f"named by {source}")
            if schema.is_dir() and file.is_relative_to(schema):
                return SchemaRoot(schema, True, f"named by {source}")
        if (stop is not None and folder == stop) or folder.parent == folder:
            break
        folder = folder.parent
    return _folder_or_file(file)


def _folder_or_file(file: Path) -> SchemaRoot:
    siblings = prisma_files(file.parent)
    if siblings is None:
        return SchemaRoot(file, False, "the folder holds too many schema files")
    declaring = 0
    for sibling in siblings:
        try:
            text = sibling.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        declaring += bool(_DATASOURCE.search(text))
        if declaring > 1:
            return SchemaRoot(file, False, "its folder holds several schemas")
    if len(siblings) <= 1:
        return SchemaRoot(file, False, "the only schema file of its folder")
    return SchemaRoot(file.parent, True, "the schema files of its folder")
