"""Which schema a file belongs to: prisma.config.ts, package.json, or its folder."""

from __future__ import annotations

from pathlib import Path

from server.schemas import find_schema_root

DATASOURCE = 'datasource db {\n  provider = "postgresql"\n}\n'


def touch(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_prisma_config_names_a_schema_folder(tmp_path: Path) -> None:
    touch(
        tmp_path / "prisma.config.ts",
        'import { defineConfig } from "prisma/config"\n'
        "export default defineConfig({\n  schema: 'db/schema',\n})\n",
    )
    file = touch(tmp_path / "db/schema/models/user.prisma", "model User {\n  id Int @id\n}\n")
    touch(tmp_path / "db/schema/main.prisma", DATASOURCE)
    root = find_schema_root(file)
    assert root.path == (tmp_path / "db/schema").resolve()
    assert root.is_folder
    assert root.reason == f"named by {tmp_path.resolve() / 'prisma.config.ts'}"
    assert [p.name for p in root.files()] == ["main.prisma", "user.prisma"]


def test_prisma_config_naming_the_file_itself(tmp_path: Path) -> None:
    touch(tmp_path / "prisma.config.ts", 'export default { schema: "prisma/app.prisma" }\n')
    file = touch(tmp_path / "prisma/app.prisma", DATASOURCE)
    touch(tmp_path / "prisma/other.prisma", "model X {\n  id Int @id\n}\n")
    root = find_schema_root(file)
    assert (root.path, root.is_folder) == (file.resolve(), False)


def test_a_config_is_read_never_run(tmp_path: Path) -> None:
    touch(tmp_path / "prisma.config.ts", "export default { schema: path.join('x') }\n")
    file = touch(tmp_path / "schema.prisma", DATASOURCE)
    root = find_schema_root(file)
    assert (root.path, root.is_folder, root.reason) == (
        file.resolve(),
        False,
        "the only schema file of its folder",
    )


def test_package_json_prisma_schema(tmp_path: Path) -> None:
    touch(tmp_path / "package.json", '{"prisma": {"schema": "db/schema.prisma"}}')
    file = touch(tmp_path / "db/schema.prisma", DATASOURCE)
    touch(tmp_path / "db/legacy.prisma", DATASOURCE)
    root = find_schema_root(file)
    assert (root.path, root.is_folder) == (file.resolve(), False)
    assert root.reason == f"named by {tmp_path.resolve() / 'package.json'}"


def test_the_folder_is_the_schema(tmp_path: Path) -> None:
    file = touch(tmp_path / "prisma/schema.prisma", DATASOURCE)
    touch(tmp_path / "prisma/user.prisma", "model User {\n  id Int @id\n}\n")
    touch(tmp_path / "prisma/node_modules/x/ignored.prisma", DATASOURCE)
    root = find_schema_root(file)
    assert (root.path, root.is_folder) == ((tmp_path / "prisma").resolve(), True)
    assert [p.name for p in root.files()] == ["schema.prisma", "user.prisma"]


def test_a_folder_of_separate_schemas_keeps_each_file_alone(tmp_path: Path) -> None:
    file = touch(tmp_path / "examples/a.prisma", DATASOURCE)
    touch(tmp_path / "examples/b.prisma", DATASOURCE)
    root = find_schema_root(file)
    assert (root.path, root.is_folder, root.reason) == (
        file.resolve(),
        False,
        "its folder holds several schemas",
    )


def test_the_walk_stops_at_the_workspace_and_never_enters_node_modules(tmp_path: Path) -> None:
    touch(tmp_path / "package.json", '{"prisma": {"schema": "ws/prisma"}}')
    file = touch(tmp_path / "ws/prisma/schema.prisma", DATASOURCE)
    assert find_schema_root(file).reason == f"named by {tmp_path.resolve() / 'package.json'}"
    stopped = find_schema_root(file, stop=(tmp_path / "ws").resolve())
    assert stopped.reason == "the only schema file of its folder"
    inside = touch(tmp_path / "node_modules/pkg/prisma.config.ts", "schema: 'x'")
    vendored = touch(inside.parent / "schema.prisma", DATASOURCE)
    assert find_schema_root(vendored).reason == "the only schema file of its folder"
