"""Finding, reading and versioning schemas on disk (analysis.workspace)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.text import SourceFile
from analysis.workspace import (
    DEFAULT_PRISMA_VERSION,
    MAX_FILE_BYTES,
    ReadError,
    detect_prisma_version,
    read_source,
    schema_files,
)


def _touch(path: Path, data: bytes | str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    path.write_bytes(data)
    return path


# ------------------------------------------------------------------ schema_files


def test_schema_files_of_a_file_is_that_file(tmp_path: Path) -> None:
    schema = _touch(tmp_path / "schema.txt")
    assert schema_files(schema) == [schema]


def test_schema_files_of_a_folder_skips_node_modules_and_hidden_folders(tmp_path: Path) -> None:
    for name in (
        "schema.prisma",
        "models/user.prisma",
        "models/a/post.prisma",
        "models/notes.md",
        "node_modules/.prisma/client/schema.prisma",
        "node_modules/pkg/schema.prisma",
        "models/node_modules/x.prisma",
        ".git/old.prisma",
        "models/.cache/x.prisma",
    ):
        _touch(tmp_path / name)
    assert schema_files(tmp_path) == [
        tmp_path / "models/a/post.prisma",
        tmp_path / "models/user.prisma",
        tmp_path / "schema.prisma",
    ]


def test_schema_files_may_start_inside_a_hidden_folder(tmp_path: Path) -> None:
    schema = _touch(tmp_path / ".config" / "schema.prisma")
    assert schema_files(tmp_path / ".config") == [schema]


def test_schema_files_of_a_missing_path_is_left_to_read_source(tmp_path: Path) -> None:
    missing = tmp_path / "missing.prisma"
    assert schema_files(missing) == [missing]
    assert read_source(missing) == ReadError(str(missing), "cannot read: No such file or directory")


# ------------------------------------------------------------------ read_source


@pytest.mark.parametrize(
    ("data", "text"),
    [
        pytest.param(b"\xef\xbb\xbfmodel A {\n}\n", "model A {\n}\n", id="strips_a_bom"),
        pytest.param(
            b"model A {\r\n  \x00\r\n}",
            "model A {\r\n  \x00\r\n}",
            id="keeps_line_endings_and_nul_bytes",
        ),
    ],
)
def test_read_source(tmp_path: Path, data: bytes, text: str) -> None:
    path = _touch(tmp_path / "a.prisma", data)
    assert read_source(path) == SourceFile(str(path), text)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"model A {\n  id Int @id\n  na\xffme String\n}\n", "byte 0xff at line 3, column 5"),
        # columns count characters, not bytes; a BOM is not a column
        (b"\xef\xbb\xbf// \xc3\xa9t\xc3\xa9 \xe2\x9c\x93 \xc0\n", "byte 0xc0 at line 1, column 10"),
        (b"a\r\nb\rc\n\x80", "byte 0x80 at line 4, column 1"),
        (b"ok\n\xe2\x9c", "byte 0xe2 at line 2, column 1"),  # cut in the middle of a character
    ],
)
def test_read_source_reports_invalid_utf8_with_line_and_column(
    tmp_path: Path, data: bytes, message: str
) -> None:
    path = _touch(tmp_path / "bad.prisma", data)
    assert read_source(path) == ReadError(str(path), f"not valid UTF-8: {message}")


def test_read_source_refuses_files_over_50_mb(tmp_path: Path) -> None:
    path = tmp_path / "huge.prisma"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk space used
    result = read_source(path)
    assert isinstance(result, ReadError)
    assert result.message == "too large (50 MB; the limit is 50 MB)"


def test_read_source_of_a_folder_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    result = read_source(tmp_path)
    assert isinstance(result, ReadError)
    assert result.message == "cannot read: Is a directory"


# ------------------------------------------------------------------ detect_prisma_version


def _package(folder: Path, **sections: object) -> None:
    _touch(folder / "package.json", json.dumps({"name": "app", **sections}))


def _schema(folder: Path) -> Path:
    return _touch(folder / "prisma" / "schema.prisma", "")


@pytest.mark.parametrize(
    ("version_range", "major"),
    [
        ("^6.19.0", 6),
        ("~7.0.1", 7),
        ("6.x", 6),
        ("6", 6),
        ("5.22.0", 5),
        (">=6.1.0 <7", 6),
        ("^5 || ^6.2", 6),
        ("npm:prisma@6.3.1", 6),
        ("v6.0.0", 6),
        ("latest", DEFAULT_PRISMA_VERSION),
        ("*", DEFAULT_PRISMA_VERSION),
        ("workspace:*", DEFAULT_PRISMA_VERSION),
        ("", DEFAULT_PRISMA_VERSION),
    ],
)
def test_version_from_the_dependency_range(tmp_path: Path, version_range: str, major: int) -> None:
    _package(tmp_path, devDependencies={"prisma": version_range})
    assert detect_prisma_version(_schema(tmp_path)) == major


def test_default_is_the_newest_prisma(tmp_path: Path) -> None:
    assert DEFAULT_PRISMA_VERSION == 7
    assert detect_prisma_version(_schema(tmp_path)) == 7


def test_prisma_client_counts_too(tmp_path: Path) -> None:
    _package(tmp_path, dependencies={"@prisma/client": "^6.2.0", "next": "15.0.0"})
    assert detect_prisma_version(_schema(tmp_path)) == 6


def test_the_nearest_package_json_that_lists_prisma_wins(tmp_path: Path) -> None:
    _package(tmp_path, dependencies={"prisma": "^7.0.0"})
    _package(tmp_path / "packages" / "db", dependencies={"prisma": "^6.19.0"})
    _package(tmp_path / "packages" / "db" / "prisma", dependencies={"zod": "^3"})
    assert detect_prisma_version(_schema(tmp_path / "packages" / "db")) == 6
    assert detect_prisma_version(_schema(tmp_path / "packages" / "web")) == 7


def test_the_walk_starts_at_a_folder_schema(tmp_path: Path) -> None:
    _package(tmp_path, dependencies={"prisma": "6.19.0"})
    (tmp_path / "prisma" / "schema").mkdir(parents=True)
    assert detect_prisma_version(tmp_path / "prisma" / "schema") == 6


def test_malformed_package_json_is_skipped(tmp_path: Path) -> None:
    _package(tmp_path, dependencies={"prisma": "^6.0.0"})
    _touch(tmp_path / "app" / "package.json", "{ not json")
    _touch(tmp_path / "app" / "sub" / "package.json", '["a", "list"]')
    _package(tmp_path / "app" / "sub" / "deeper", dependencies=["prisma"])
    assert detect_prisma_version(_schema(tmp_path / "app" / "sub" / "deeper")) == 6


def test_installed_prisma_version_beside_the_package_json(tmp_path: Path) -> None:
    _package(tmp_path, dependencies={"prisma": "^7.0.0"})
    app = tmp_path / "app"
    _package(app, scripts={"build": "next build"})
    _touch(app / "node_modules" / "prisma" / "package.json", '{"version": "6.16.2"}')
    assert detect_prisma_version(_schema(app)) == 6


def test_installed_version_decides_when_the_range_says_nothing(tmp_path: Path) -> None:
    _package(tmp_path, devDependencies={"prisma": "latest"})
    _touch(tmp_path / "node_modules" / "prisma" / "package.json", '{"version": "6.1.0"}')
    assert detect_prisma_version(_schema(tmp_path)) == 6


def test_no_other_node_modules_file_is_read(tmp_path: Path) -> None:
    _touch(
        tmp_path / "node_modules" / "@prisma" / "client" / "package.json", '{"version": "5.0.0"}'
    )
    _touch(tmp_path / "node_modules" / "package.json", '{"dependencies": {"prisma": "5.0.0"}}')
    assert detect_prisma_version(_schema(tmp_path)) == DEFAULT_PRISMA_VERSION
