"""The language server: documents in, diagnostics and answers out.

This module holds the core every feature relies on: the document store, which
schema each document belongs to, the settings, the analyzer that keeps each
schema's check current, and publishing diagnostics. Features (hover,
completion, code actions, …) live in :mod:`server.features`, one module each,
and read a :class:`~server.snapshot.Snapshot` through :meth:`ArchitectServer.snapshot`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import Any, BinaryIO

from lsprotocol import types
from pygls.io_ import run_async
from pygls.lsp.server import LanguageServer

from analysis.check import CheckResult
from analysis.config import ConfigProblem, LoadedSettings, default_settings, load_settings
from analysis.diagnostics import Diagnostic
from analysis.text import LineIndex, TextEdit
from analysis.workspace import ReadError, detect_prisma_version, read_source
from server.analyzer import Analyzer, SchemaState
from server.diagnostics import DiagnosticRenderer, json_array
from server.documents import Document, is_file_path, path_to_uri, uri_to_path
from server.protocol import ArchitectProtocol, LockedWriter, RawJSON
from server.schemas import find_schema_root
from server.settings import (
    SECTION,
    EditorSettings,
    effective_settings,
    parse_editor_settings,
    problem_text,
)
from server.snapshot import Snapshot
from server.transport import MessageReader, widen_pipe

log = logging.getLogger(__name__)

VERSION = "0.1.0"
WATCHED = (
    "**/*.prisma",
    "**/pyproject.toml",
    "**/prisma-architect.toml",
    "**/prisma.config.*",
    "**/package.json",
)
SETTINGS_WAIT = 2.0
"""Seconds the first checks wait for the editor's settings (`workspace/configuration`)."""
SETTINGS_FILES = ("pyproject.toml", "prisma-architect.toml")
_PATH = attrgetter("path")


class ArchitectServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "prisma-architect",
            VERSION,
            protocol_cls=ArchitectProtocol,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
        )
        self.documents: dict[str, Document] = {}
        self.states: dict[str, SchemaState] = {}
        self.editor: EditorSettings = parse_editor_settings(None)
        self._renderers: dict[str, DiagnosticRenderer] = {}
        self._published: dict[str, tuple[bytes, list[bytes]]] = {}
        """URI → the pieces last sent (shared with the renderer's cache, not copied)."""
        self._shown_problems: set[str] = set()
        self._analyzer: Analyzer | None = None
        self.initialization_options: Any = None
        self._held: dict[str, SchemaState] | None = None
        """Checks asked for before the editor's settings arrived (``None``: not waiting)."""

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
        """pygls's stdio server, reading each message with one hand-off to the loop
        (see :mod:`server.transport`)."""
        self._stop_event = threading.Event()
        output = stdout or sys.stdout.buffer
        widen_pipe(output)
        self.protocol.set_writer(LockedWriter(output))
        reader = MessageReader(stdin or sys.stdin.buffer)
        try:
            asyncio.run(
                run_async(
                    stop_event=self._stop_event,
                    reader=reader,
                    protocol=self.protocol,
                    logger=log,
                    error_handler=self.report_server_error,
                )
            )
        except BrokenPipeError:
            log.error("the connection to the client is lost: shutting down")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.shutdown()  # type: ignore[no-untyped-call]

    # ------------------------------------------------------------------ accessors

    @property
    def arch_protocol(self) -> ArchitectProtocol:
        protocol = self.protocol
        assert isinstance(protocol, ArchitectProtocol)
        return protocol

    @property
    def encoding(self) -> str:
        # pygls keeps the enum when the client offers no encodings; its str() is
        # "PositionEncodingKind.Utf16", not "utf-16".
        encoding = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        return str(getattr(encoding, "value", encoding))

    @property
    def pulls_diagnostics(self) -> bool:
        """Whether the client asks for diagnostics (then they are not pushed)."""
        text = self.client_capabilities.text_document
        return text is not None and text.diagnostic is not None

    def workspace_roots(self) -> list[Path]:
        roots = []
        for folder in self.workspace.folders.values():
            path = uri_to_path(folder.uri)
            if is_file_path(path):
                roots.append(Path(path))
        if not roots and self.workspace.root_path:
            roots.append(Path(self.workspace.root_path))
        return roots

    def open_lines(self, path: str) -> LineIndex | None:
        """The line index of the open document of ``path`` (its current text)."""
        document = self.documents.get(path_to_uri(path))
        return document.lines if document is not None else None

    def state_of(self, uri: str) -> SchemaState | None:
        document = self.documents.get(uri)
        path = document.path if document is not None else uri_to_path(uri)
        for state in self.states.values():
            if path in state.texts:
                return state
        return None

    async def snapshot(self, uri: str) -> Snapshot | None:
        """The check of ``uri``'s schema, at least as new as the text the request
        was sent against.

        ``recheck`` updates the previous result in place, so a handler must not
        read a result while the analyzer works on the next one: when edits
        arrived while waiting, wait for them too (a few rounds at most), so
        that the analyzer is idle when the handler's synchronous code runs.
        """
        state = self.state_of(uri)
        if state is None:
            return None
        result = await state.wait()
        for _ in range(3):
            if state.done >= state.generation:
                break
            result = await state.wait()
        document = self.documents.get(uri)
        path = document.path if document is not None else uri_to_path(uri)
        if result is None or all(f.path != path for f in result.analysis.files):
            return None
        return Snapshot(result, path, state.loaded, self.encoding, self.open_lines)

    # ------------------------------------------------------------------ documents

    def open_document(self, item: types.TextDocumentItem) -> None:
        path = uri_to_path(item.uri)
        document = Document(item.uri, path, item.version, LineIndex(item.text))
        self.documents[item.uri] = document
        state = self.state_of(item.uri) or self._new_state(path)
        if path not in state.texts:
            state.texts[path] = item.text
            state.versions[path] = item.version
            state.replace_all()
        elif state.texts[path] != item.text:
            old = state.texts[path]
            state.edit(path, TextEdit(0, len(old), item.text), item.text, item.version)
        else:
            state.versions[path] = item.version
            self._published.pop(item.uri, None)  # publish again for the newly opened editor
            if state.result is not None:
                state.generation += 1
        self._submit(state)

    def change_document(self, params: types.DidChangeTextDocumentParams) -> None:
        document = self.documents.get(params.text_document.uri)
        if document is None:
            return
        state = self.state_of(document.uri)
        for change in params.content_changes:
            edit = document.apply(change, self.encoding)
            document.version = params.text_document.version
            if state is not None:
                state.edit(document.path, edit, document.text, document.version)
        if state is not None:
            self._submit(state)

    def close_document(self, uri: str) -> None:
        document = self.documents.pop(uri, None)
        if document is None:
            return
        state = self.state_of(uri)
        if state is None:
            return
        open_paths = {d.path for d in self.documents.values()}
        if not any(path in open_paths for path in state.texts):
            self._drop_state(state)
            return
        disk = read_source(Path(document.path)) if is_file_path(document.path) else None
        if disk is None or isinstance(disk, ReadError):
            del state.texts[document.path]
            state.replace_all()
            self._clear(uri)
        elif disk.text != document.text:
            state.edit(document.path, TextEdit(0, len(document.text), disk.text), disk.text)
            state.refresh_due = True
        self._submit(state)

    # ------------------------------------------------------------------ schemas

    def _new_state(self, path: str) -> SchemaState:
        if not is_file_path(path):
            loaded = self._effective(default_settings())
            state = SchemaState(path, None, loaded, loaded.settings.prisma_version, {})
            self.states[state.key] = state
            return state
        file = Path(path)
        stop = next((r for r in self.workspace_roots() if file.is_relative_to(r)), None)
        root = find_schema_root(file, stop)
        texts: dict[str, str] = {}
        unreadable = []
        for disk_file in root.files():
            source = read_source(disk_file)
            if isinstance(source, ReadError):
                unreadable.append(f"{source.path}: {source.message}")
            else:
                texts[source.path] = source.text
        for document in self.documents.values():
            if document.path in texts or (root.is_folder and _inside(document.path, root.path)):
                texts[document.path] = document.text
        if unreadable:
            self._show(types.MessageType.Warning, "Schema files left out: " + "; ".join(unreadable))
        loaded = self._effective(load_settings(root.path))
        state = SchemaState(
            str(root.path), root, loaded, self._prisma_version(root.path, loaded), texts
        )
        state.versions = {d.path: d.version for d in self.documents.values() if d.path in texts}
        state.delay = self.editor.options.diagnostics.delay / 1000
        self.states[state.key] = state
        self._report_settings(loaded)
        log.info("schema %s (%s): %d file(s)", root.path, root.reason, len(texts))
        return state

    def _prisma_version(self, where: Path, loaded: LoadedSettings) -> int:
        configured = loaded.settings.prisma_version
        return configured if configured is not None else detect_prisma_version(where)

    def _effective(self, loaded: LoadedSettings) -> LoadedSettings:
        settings, problems = effective_settings(loaded, self.editor)
        if problems:
            self._show(
                types.MessageType.Warning, "prisma-architect settings: " + "; ".join(problems)
            )
        return LoadedSettings(settings, loaded.source, loaded.problems)

    def _drop_state(self, state: SchemaState) -> None:
        self.states.pop(state.key, None)
        for path in state.texts:
            self._clear(path_to_uri(path))
            self._renderers.pop(path, None)

    def rebuild_states(self, *, settings_only: bool = False) -> None:
        """Find every open document's schema again (files, configuration or
        settings changed) and analyze them from scratch."""
        if settings_only:
            for state in self.states.values():
                source = state.root.path if state.root is not None else None
                base = load_settings(source) if source is not None else default_settings()
                state.loaded = self._effective(base)
                if source is not None:
                    state.prisma_version = self._prisma_version(source, state.loaded)
                    self._report_settings(state.loaded)
                state.delay = self.editor.options.diagnostics.delay / 1000
                state.replace_all()
                self._submit(state)
            return
        old = list(self.states.values())
        self.states.clear()
        for document in self.documents.values():
            if self.state_of(document.uri) is None:
                self._new_state(document.path)
        kept = {p for s in self.states.values() for p in s.texts}
        for state in old:
            for path in state.texts:
                if path not in kept:
                    self._clear(path_to_uri(path))
        for state in self.states.values():
            state.replace_all()
            self._submit(state)

    def file_changed_on_disk(self, path: str) -> None:
        """A schema file that is not open changed: take its new text."""
        for state in self.states.values():
            if path in state.texts and path not in {d.path for d in self.documents.values()}:
                source = read_source(Path(path))
                if isinstance(source, ReadError):
                    continue
                old = state.texts[path]
                if old != source.text:
                    state.edit(path, TextEdit(0, len(old), source.text), source.text)
                    state.refresh_due = True
                    self._submit(state)

    # ------------------------------------------------------------------ analysis

    def hold_until_settings(self) -> None:
        """Check nothing until the editor's settings arrive (or :data:`SETTINGS_WAIT`
        passes): a first check with the defaults would show the user findings their
        settings turn off, then take them back a moment later."""
        if self._held is None:
            self._held = {}
            asyncio.get_running_loop().call_later(SETTINGS_WAIT, self.release_held)

    def release_held(self) -> None:
        held, self._held = self._held, None
        current = {id(s) for s in self.states.values()}
        for state in (held or {}).values():
            if id(state) in current:  # not replaced by a rebuild meanwhile
                self._submit(state)

    def _submit(self, state: SchemaState) -> None:
        if self._held is not None:
            self._held[state.key] = state
            return
        if self._analyzer is None:
            self._analyzer = Analyzer(asyncio.get_running_loop(), self._on_result)
        self._analyzer.submit(state)

    def _on_result(
        self,
        state: SchemaState,
        result: CheckResult,
        generation: int,
        versions: dict[str, int | None],
    ) -> None:
        """On the analyzer's thread: render and send the diagnostics of a fresh check."""
        if generation != state.generation:
            return  # the text moved on; the newer check publishes
        if self.pulls_diagnostics:
            # The client pulls the document it edits by itself; ask it to pull again
            # only when other files' diagnostics may have changed, or nobody edited.
            if state.refresh_due or len(result.analysis.files) > 1:
                state.refresh_due = False
                self._loop_call(self._refresh_pulled)
            return
        for path, (head, parts) in self.render(result, state, versions).items():
            uri = path_to_uri(path)
            if self._published.get(uri) == (head, parts):
                continue  # compares the pieces, most of them the same objects as last time
            self._published[uri] = (head, parts)
            message = self.arch_protocol.message_pieces(
                types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, [head, *json_array(parts), b"}"]
            )
            if not self.arch_protocol.write_from_worker(message):
                self._loop_call(self.arch_protocol.write_message, message, time.perf_counter())

    def render(
        self, result: CheckResult, state: SchemaState, versions: dict[str, int | None]
    ) -> dict[str, tuple[bytes, list[bytes]]]:
        """Per file of the schema, its ``publishDiagnostics`` params: the JSON up to the
        diagnostics array, and the array's items (see :mod:`server.diagnostics`)."""
        options = self.editor.options
        by_path: dict[str, Sequence[Diagnostic]] = {f.path: () for f in result.analysis.files}
        if options.diagnostics.enable:
            shown = result.diagnostics
            if not options.validation.enable:
                shown = tuple(d for d in shown if not d.code.startswith(("PAE", "PAW")))
            if len(by_path) == 1:
                by_path = dict.fromkeys(by_path, shown)  # a single file's: no split needed
            else:
                for path, group in groupby(shown, key=_PATH):
                    by_path[path] = [*by_path.get(path, ()), *group]
        sources = {f.path: f for f in result.analysis.files}
        out: dict[str, tuple[bytes, list[bytes]]] = {}
        for path, diagnostics in by_path.items():
            if path not in sources:
                continue
            renderer = self._renderers.setdefault(path, DiagnosticRenderer())
            parts = renderer.render(
                diagnostics,
                sources[path],
                self.encoding,
                sources.__getitem__,
                path_to_uri,
                self.open_lines(path),
            )
            version = versions.get(path)
            head = '{"uri":' + json.dumps(path_to_uri(path))
            if version is not None:
                head += ',"version":' + str(version)
            out[path] = ((head + ',"diagnostics":').encode("utf-8"), parts)
        return out

    async def pull(self, uri: str, previous: str | None) -> RawJSON:
        """The answer to ``textDocument/diagnostic``."""
        state = self.state_of(uri)
        snap = await self.snapshot(uri)
        if state is None or snap is None:
            return RawJSON('{"kind":"full","items":[]}')
        _, parts = self.render(snap.result, state, {})[snap.path]
        items = b"".join(json_array(parts)).decode("ascii")
        result_id = f"{hash(items) & 0xFFFFFFFFFFFF:x}"
        if previous == result_id:
            return RawJSON('{"kind":"unchanged","resultId":' + json.dumps(result_id) + "}")
        return RawJSON(
            '{"kind":"full","resultId":' + json.dumps(result_id) + ',"items":' + items + "}"
        )

    def _refresh_pulled(self) -> None:
        workspace = self.client_capabilities.workspace
        diagnostics = workspace.diagnostics if workspace is not None else None
        if diagnostics is not None and diagnostics.refresh_support:
            self.workspace_diagnostic_refresh(None)

    def _loop_call(self, callback: Any, *args: Any) -> None:
        loop = self._analyzer._loop if self._analyzer is not None else None
        if loop is not None:
            loop.call_soon_threadsafe(callback, *args)

    def _clear(self, uri: str) -> None:
        if self._published.pop(uri, None) is not None and not self.pulls_diagnostics:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    # ------------------------------------------------------------------ settings

    def apply_editor_settings(self, raw: object) -> None:
        self.editor = parse_editor_settings(raw)
        if self.editor.problems:
            self._show(
                types.MessageType.Warning,
                "prisma-architect settings: " + "; ".join(self.editor.problems),
            )
        self.rebuild_states(settings_only=True)

    def _report_settings(self, loaded: LoadedSettings) -> None:
        """Show a configuration file's problems, and mark them in the file."""
        if loaded.source is None:
            return
        uri = path_to_uri(str(loaded.source))
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri, [_config_diagnostic(p) for p in loaded.problems])
        )
        if loaded.problems:
            self._show(
                types.MessageType.Warning,
                "; ".join(problem_text(p) for p in loaded.problems)
                + " (the rest of the settings apply)",
            )

    def _show(self, kind: types.MessageType, message: str) -> None:
        if message in self._shown_problems:
            return
        self._shown_problems.add(message)
        log.warning("%s", message)
        self.window_show_message(types.ShowMessageParams(kind, message))

    async def fetch_configuration(self) -> None:
        workspace = self.client_capabilities.workspace
        if workspace is None or not workspace.configuration:
            return
        try:
            answer = await self.workspace_configuration_async(
                types.ConfigurationParams([types.ConfigurationItem(section=SECTION)])
            )
        except Exception:  # a client that fails the request still gets diagnostics
            log.exception("workspace/configuration failed")
            return
        self.apply_editor_settings(answer[0] if answer else None)

    async def register_watchers(self) -> None:
        workspace = self.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace is not None else None
        registrations = []
        if watched is not None and watched.dynamic_registration:
            registrations.append(
                types.Registration(
                    "prisma-architect-files",
                    types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    types.DidChangeWatchedFilesRegistrationOptions(
                        [types.FileSystemWatcher(glob_pattern=g) for g in WATCHED]
                    ),
                )
            )
        configuration = workspace.did_change_configuration if workspace is not None else None
        if configuration is not None and configuration.dynamic_registration:
            registrations.append(
                types.Registration(
                    "prisma-architect-configuration", types.WORKSPACE_DID_CHANGE_CONFIGURATION
                )
            )
        if registrations:
            try:
                await self.client_register_capability_async(types.RegistrationParams(registrations))
            except Exception:
                log.exception("client/registerCapability failed")

    def files_changed(self, changes: Iterable[types.FileEvent]) -> None:
        rebuild = settings = False
        for change in changes:
            path = uri_to_path(change.uri)
            name = Path(path).name
            if name in SETTINGS_FILES:
                settings = True
            elif name == "package.json" or name.startswith("prisma.config."):
                rebuild = True
            elif name.endswith(".prisma"):
                if change.type == types.FileChangeType.Changed:
                    self.file_changed_on_disk(path)
                else:
                    rebuild = True
        if rebuild:
            self.rebuild_states()
        elif settings:
            self.rebuild_states(settings_only=True)


def _inside(path: str, folder: Path) -> bool:
    return is_file_path(path) and Path(path).is_relative_to(folder)


def _config_diagnostic(problem: ConfigProblem) -> types.Diagnostic:
    line = max(problem.line - 1, 0)
    column = max(problem.column - 1, 0)
    return types.Diagnostic(
        range=types.Range(types.Position(line, column), types.Position(line, column + 1)),
        message=problem.message,
        severity=types.DiagnosticSeverity.Warning,
        source="prisma-architect",
    )


def create_server() -> ArchitectServer:
    """A server with the core handlers and every feature of :mod:`server.features`."""
    from server.features import register_all

    server = ArchitectServer()
    _register_core(server)
    register_all(server)
    return server


def _register_core(server: ArchitectServer) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(ls: ArchitectServer, params: types.InitializeParams) -> None:
        options = params.initialization_options
        ls.initialization_options = options
        if isinstance(options, dict):
            settings = options.get("settings", options)
            if isinstance(settings, dict) and SECTION in settings:
                settings = settings[SECTION]
            ls.editor = parse_editor_settings(settings)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: ArchitectServer, params: types.InitializedParams) -> None:
        workspace = ls.client_capabilities.workspace
        if workspace is not None and workspace.configuration:
            ls.hold_until_settings()
        try:
            await asyncio.gather(ls.fetch_configuration(), ls.register_watchers())
        finally:
            ls.release_held()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ArchitectServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.open_document(params.text_document)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ArchitectServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.change_document(params)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ArchitectServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.close_document(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(
        ls: ArchitectServer, params: types.DidChangeConfigurationParams
    ) -> None:
        settings = params.settings
        if isinstance(settings, dict) and SECTION in settings:
            ls.apply_editor_settings(settings[SECTION])
        else:
            await ls.fetch_configuration()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(
        ls: ArchitectServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        ls.files_changed(params.changes)

    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier="prisma-architect",
            inter_file_dependencies=True,
            workspace_diagnostics=False,
        ),
    )
    async def diagnostic(ls: ArchitectServer, params: types.DocumentDiagnosticParams) -> RawJSON:
        return await ls.pull(params.text_document.uri, params.previous_result_id)
