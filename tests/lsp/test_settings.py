"""Settings: the editor's (workspace/configuration), the files' (watched), and bad ones."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from tests.lsp.conftest import (
    SERVER,
    USERS_AND_POSTS,
    open_schema,
    published,
    record_publishes,
    write,
)

SCHEMA = USERS_AND_POSTS


async def configure(client: LanguageClient, section: object) -> None:
    client.set_configuration(section, section="prismaArchitect")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))


async def test_editor_settings_select_rules(client: LanguageClient, tmp_path: Path) -> None:
    _, uri = write(tmp_path, "schema.prisma", SCHEMA)
    await configure(client, {"select": ["PAX"], "severity": {"PAX001": "error"}})
    await asyncio.sleep(0.2)  # the server fetches the configuration
    open_schema(client, uri, SCHEMA)
    diagnostics = await published(client, uri, 1)
    assert [(d.code, d.severity) for d in diagnostics] == [
        ("PAX001", types.DiagnosticSeverity.Error)
    ]
    await configure(client, {})
    assert "PAI004" in {d.code for d in await published(client, uri, 1)}


async def test_bad_editor_settings_are_shown_and_the_rest_applies(
    client: LanguageClient, tmp_path: Path
) -> None:
    _, uri = write(tmp_path, "schema.prisma", SCHEMA)
    await configure(
        client, {"select": ["PAX", "nope"], "colour": "red", "diagnostics": {"delay": -5}}
    )
    await asyncio.sleep(0.2)
    open_schema(client, uri, SCHEMA)
    assert [d.code for d in await published(client, uri, 1)] == ["PAX001"]
    shown = [m.message for m in client.messages]
    assert any("Unknown setting `prismaArchitect.colour`" in m for m in shown), shown
    assert any("`prismaArchitect.diagnostics.delay`" in m for m in shown), shown
    assert any("Unknown rule selector `nope`" in m for m in shown), shown


async def test_a_configuration_file_is_read_checked_and_watched(
    client: LanguageClient, tmp_path: Path
) -> None:
    config, config_uri = write(
        tmp_path, "prisma-architect.toml", 'select = ["PAX001"]\nbogus = 1\n'
    )
    _, uri = write(tmp_path, "schema.prisma", SCHEMA)
    open_schema(client, uri, SCHEMA)
    assert [d.code for d in await published(client, uri, 1)] == ["PAX001"]
    problems = client.diagnostics[config_uri]  # published before the schema's
    assert [(d.range.start.line, d.range.start.character, d.message) for d in problems] == [
        (1, 0, "Unknown setting `bogus`")
    ]
    assert any("Unknown setting `bogus`" in m.message for m in client.messages)
    registered = [r.method for r in client.registrations]  # type: ignore[attr-defined]
    assert types.WORKSPACE_DID_CHANGE_WATCHED_FILES in registered
    config.write_text('select = ["PAI004"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            [types.FileEvent(config_uri, types.FileChangeType.Changed)]
        )
    )
    assert [d.code for d in await published(client, uri, 1)] == ["PAI004", "PAI004"]
    assert list(client.diagnostics[config_uri]) == []


PRISMA_6 = '{"devDependencies": {"prisma": "^6.19.0"}}'


async def test_the_workspace_prisma_version_decides_about_url(
    client: LanguageClient, tmp_path: Path
) -> None:
    write(tmp_path / "six", "package.json", PRISMA_6)
    _, six = write(tmp_path / "six", "schema.prisma", SCHEMA)
    _, seven = write(tmp_path / "seven", "schema.prisma", SCHEMA)
    open_schema(client, six, SCHEMA)
    errors = [d for d in await published(client, six, 1) if d.code.startswith("PAE")]
    assert [(d.code, d.range.start.line) for d in errors] == [("PAE010", 0)]
    open_schema(client, seven, SCHEMA)
    assert not [d for d in await published(client, seven, 1) if d.code.startswith("PAE")]


def _answers_settings_after(seconds: float) -> object:
    """A VS Code client whose `workspace/configuration` answer (`select = ["PAX"]`)
    takes ``seconds``, as a busy editor's may."""

    @pytest_lsp.fixture(config=SERVER)
    async def fixture(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
        async def configuration(params: types.ConfigurationParams) -> list[object]:
            await asyncio.sleep(seconds)
            return [{"select": ["PAX"]} for _ in params.items]

        @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register_capability(params: types.RegistrationParams) -> None:
            pass

        # Replaces pytest-lsp's own answer (a feature can be registered only once).
        lsp_client.protocol.fm.features[types.WORKSPACE_CONFIGURATION] = configuration

        record_publishes(lsp_client)
        await lsp_client.initialize_session(
            types.InitializeParams(capabilities=client_capabilities("visual-studio-code"))
        )
        yield
        await lsp_client.shutdown_session()

    return fixture


slow_settings = _answers_settings_after(0.5)
stuck_settings = _answers_settings_after(4.0)


async def test_the_first_diagnostics_wait_for_the_editor_settings(
    slow_settings: LanguageClient, tmp_path: Path
) -> None:
    """Opened at once after `initialized`: the first publish already follows the
    settings, so findings the user turned off never flash up."""
    client = slow_settings
    _, uri = write(tmp_path, "schema.prisma", SCHEMA)
    open_schema(client, uri, SCHEMA)
    assert [d.code for d in await published(client, uri, 1)] == ["PAX001"]


async def test_an_editor_that_does_not_answer_gets_default_diagnostics_meanwhile(
    stuck_settings: LanguageClient, tmp_path: Path
) -> None:
    """The wait is bounded (server.app.SETTINGS_WAIT, 2 s): then the defaults apply
    until the settings arrive."""
    client = stuck_settings
    _, uri = write(tmp_path, "schema.prisma", SCHEMA)
    open_schema(client, uri, SCHEMA)
    first = {d.code for d in await published(client, uri, 1)}
    assert {"PAX001", "PAI004", "PAC002"} <= first
    assert [d.code for d in await published(client, uri, 1)] == ["PAX001"]
