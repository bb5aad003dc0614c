"""Our language server beside Prisma's official one, through the same client, in one run.

``python -m bench.lsp`` starts each server over stdio (``python -m server`` and
``node …/@prisma/language-server/dist/bin.js --stdio``, the npm package installed into the
git-ignored ``bench/.node/`` on first use), one fresh process per schema and server, and
measures with the client of ``bench/lsp_rpc.py``:

* open: from ``didOpen`` to the first ``publishDiagnostics`` for that document;
* keystroke: from a one-character ``didChange`` inside a model body (incremental when the
  server offers it, else the full text) to the diagnostics of that version (the ``version``
  field when the server sends one, else the next publish after the change); alternately a
  letter inserted into a field name and removed again, in models spread through the file,
  the server idle before each change; median;
* hover, completion and definition on the type name of relation fields (a field whose type
  is a model), spread through the file; median;
* peak memory: the server process's ``VmHWM`` at the end.

Schemas: the largest real ones of ``../shared/corpus/real`` (``--real N``, or ``--real all``;
skipped when absent) and
generated ones (``bench/generate.py``) of 100 to 5,000 models. Every step has a timeout and
is reported as "timeout" rather than waited for. The table goes to stdout and to
``bench/lsp-results.md``. See the section "Language server" of ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.lsp_rpc import METHOD_NOT_FOUND, Received, RpcError, ServerExited, StdioClient
from bench.run import prisma7_text

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "real"
NODE_DIR = Path(__file__).resolve().parent / ".node"
OFFICIAL_PACKAGE = "@prisma/language-server"
OFFICIAL_VERSION = "31.12.10"  # latest on npm, 2026-11-25
RESULTS = Path(__file__).resolve().parent / "lsp-results.md"

PUBLISH = "textDocument/publishDiagnostics"
SYNC_NAMES = {0: "none", 1: "full", 2: "incremental"}


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# The two servers
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerSpec:
    """How to start one server, and what to call it in the table."""

    key: str
    label: str
    argv: tuple[str, ...]
    version: str
    env: dict[str, str] | None = None


def ours_spec(log_file: Path | None = None) -> ServerSpec | None:
    """``python -m server`` with this interpreter, once the server package exists; with
    ``log_file``, the server appends its log there, with each keystroke's timings."""
    if not (REPO / "server" / "app.py").exists():
        return None
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                            capture_output=True, text=True, check=False).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "server", "analysis",
                            "grammars"], cwd=REPO, capture_output=True, text=True,
                           check=False).stdout.strip()
    note = " + uncommitted changes in server/, analysis/ or grammars/" if dirty else ""
    logging = ("--log-file", str(log_file), "-vv") if log_file is not None else ()
    return ServerSpec("ours", "ours", (sys.executable, "-m", "server", *logging),
                      f"commit {commit or '?'}{note}", env)


def ensure_official(version: str = OFFICIAL_VERSION) -> ServerSpec | None:
    """Prisma's server from ``bench/.node`` (``npm install`` it there first when missing)."""
    if not (shutil.which("node") and shutil.which("npm")):
        _log("  node or npm missing: the official server is skipped")
        return None
    pkg_dir = NODE_DIR / "node_modules" / "@prisma" / "language-server"
    pkg = pkg_dir / "package.json"
    installed = json.loads(pkg.read_text("utf-8"))["version"] if pkg.exists() else None
    if installed != version:
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        if not (NODE_DIR / "package.json").exists():
            (NODE_DIR / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        _log(f"  npm install {OFFICIAL_PACKAGE}@{version} into {NODE_DIR}")
        proc = subprocess.run(["npm", "install", "--prefix", str(NODE_DIR), "--no-audit",
                               "--no-fund", "--silent", f"{OFFICIAL_PACKAGE}@{version}"],
                              capture_output=True, text=True, check=False, timeout=900)
        if proc.returncode != 0 or not pkg.exists():
            _log(f"  npm install failed: {proc.stderr[-1000:]}")
            return None
    meta = json.loads(pkg.read_text("utf-8"))
    bins = meta.get("bin", {})
    entry = bins if isinstance(bins, str) else next(iter(bins.values()), "dist/bin.js")
    node = subprocess.run(["node", "--version"], capture_output=True, text=True,
                          check=False).stdout.strip()
    return ServerSpec("official", "Prisma", ("node", str(pkg_dir / entry), "--stdio"),
                      f"{OFFICIAL_PACKAGE} {meta['version']}, node {node}")


# ---------------------------------------------------------------------------
# Schemas and positions
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One schema folder; ``main`` is the file the client opens and edits."""

    name: str
    folder: Path
    main: Path
    lines: int
    models: int


_MODEL = re.compile(r"^[ \t]*model[ \t]+(\w+)[ \t]*\{", re.M)
_BLOCK = re.compile(r"^[ \t]*model[ \t]+\w+[ \t]*\{[^\n]*\n(.*?)^[ \t]*\}", re.M | re.S)
_FIELD = re.compile(r"^[ \t]+([A-Za-z]\w*)[ \t]+([A-Za-z]\w*)", re.M)


def _count_lines(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") or not text else 1)


def _write_case(name: str, files: dict[str, str], dest: Path) -> Case:
    folder = dest / name
    for rel, text in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(prisma7_text(text), encoding="utf-8", newline="")
    main = max(files, key=lambda rel: len(files[rel]))
    texts = files.values()
    return Case(name, folder, folder / main, sum(_count_lines(t) for t in texts),
                sum(len(_MODEL.findall(t)) for t in texts))


def real_cases(count: int | None, dest: Path) -> list[Case]:
    """The ``count`` largest schemas (by lines) of the corpus, all of them when ``count``
    is None, copied under ``dest``; largest first."""
    if (count is not None and count <= 0) or not CORPUS.is_dir():
        return []
    schemas = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        files = {str(p.relative_to(folder)): p.read_text("utf-8")
                 for p in sorted(folder.rglob("*.prisma"))}
        if files:
            schemas.append((sum(_count_lines(t) for t in files.values()), folder.name, files))
    schemas.sort(key=lambda s: (-s[0], s[1]))
    return [_write_case(name, files, dest) for _, name, files in schemas[:count]]


def real_count(value: str) -> int | None:
    """``--real``: a number of schemas, or ``all`` (None)."""
    if value.strip().lower() == "all":
        return None
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number or 'all', got {value!r}") from None


def generated_cases(sizes: Sequence[int], dest: Path) -> list[Case]:
    from bench.generate import generate_schema

    return [_write_case(f"generated-{n}", {"schema.prisma": generate_schema(n)}, dest)
            for n in sizes]


def edit_points(text: str, count: int) -> list[int]:
    """Offsets just after the first letter of a field name, in ``count`` models spread
    through ``text``."""
    blocks = []
    for m in _BLOCK.finditer(text):
        fields = [m.start(1) + f.start(1) for f in _FIELD.finditer(m.group(1))]
        if fields:
            blocks.append(fields)
    return [fields[len(fields) // 2] + 1 for fields in _spread(blocks, count)]


def relation_type_spans(text: str, count: int) -> list[tuple[int, int, str]]:
    """(start, end, model name) of the type of relation fields — fields whose type is a
    model — in ``count`` models spread through ``text``."""
    models = set(_MODEL.findall(text))
    blocks = []
    for m in _BLOCK.finditer(text):
        spans = [(m.start(1) + f.start(2), m.start(1) + f.end(2), f.group(2))
                 for f in _FIELD.finditer(m.group(1)) if f.group(2) in models]
        if spans:
            blocks.append(spans)
    return [spans[len(spans) // 2] for spans in _spread(blocks, count)]


def _spread(items: list[Any], count: int) -> list[Any]:
    """``count`` items evenly spaced from first to last (fewer if there are fewer)."""
    if not items or count <= 0:
        return []
    if len(items) <= count:
        return list(items)
    step = (len(items) - 1) / max(count - 1, 1)
    return [items[round(k * step)] for k in range(count)]


def position(text: str, offset: int) -> dict[str, int]:
    """The LSP position (UTF-16 code units, the default encoding) of a code-point offset."""
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    prefix = text[start:offset]
    return {"line": line, "character": len(prefix.encode("utf-16-le")) // 2}


def offset_of(text: str, pos: dict[str, int]) -> int:
    """The code-point offset of an LSP position (UTF-16), clamped to its line."""
    start = 0
    for _ in range(pos["line"]):
        nl = text.find("\n", start)
        if nl < 0:
            return len(text)
        start = nl + 1
    end = text.find("\n", start)
    line = text[start:] if end < 0 else text[start:end]
    units = 0
    for i, ch in enumerate(line):
        if units >= pos["character"]:
            return start + i
        units += 2 if ord(ch) > 0xFFFF else 1
    return start + len(line)


# ---------------------------------------------------------------------------
# One server on one schema
# ---------------------------------------------------------------------------


@dataclass
class Measure:
    """Everything measured for one server on one schema (seconds; None = not measured)."""

    server: str
    schema: str
    start_s: float | None = None
    open_s: float | None = None
    open_diagnostics: int | None = None
    open_publishes: int | None = None
    sync: str | None = None
    versioned: bool | None = None
    open_cpu_s: float | None = None
    edits_s: list[float] = field(default_factory=list)
    edits_cpu_s: list[float] = field(default_factory=list)
    burst_s: float | None = None
    burst_publishes: int | None = None
    hover_s: list[float] = field(default_factory=list)
    completion_s: list[float] = field(default_factory=list)
    definition_s: list[float] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    peak_rss_kib: int | None = None
    cpu_s: float | None = None
    failures: dict[str, str] = field(default_factory=dict)
    server_requests: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _client_capabilities() -> dict[str, Any]:
    return {
        "general": {"positionEncodings": ["utf-16"]},
        "window": {"workDoneProgress": True},
        "workspace": {"configuration": True, "workspaceFolders": True,
                      "didChangeConfiguration": {"dynamicRegistration": True},
                      "didChangeWatchedFiles": {"dynamicRegistration": True}},
        "textDocument": {
            "synchronization": {"dynamicRegistration": False, "didSave": True},
            "publishDiagnostics": {"relatedInformation": True, "versionSupport": True,
                                   "tagSupport": {"valueSet": [1, 2]},
                                   "codeDescriptionSupport": True, "dataSupport": True},
            "hover": {"contentFormat": ["markdown", "plaintext"]},
            "completion": {"contextSupport": True,
                           "completionItem": {"snippetSupport": True,
                                              "documentationFormat": ["markdown",
                                                                      "plaintext"]}},
            "definition": {"linkSupport": False},
            "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {
                "valueSet": ["quickfix", "refactor", "source", "source.fixAll"]}}},
        },
    }


def _sync_kind(capabilities: dict[str, Any]) -> int:
    sync = capabilities.get("textDocumentSync")
    if isinstance(sync, int):
        return sync
    if isinstance(sync, dict):
        return int(sync.get("change", 0))
    return 0


def _vmhwm_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def _cpu_s(pid: int) -> float | None:
    """CPU time of a process, all its threads, from /proc: the scheduler's nanosecond
    counts per thread (``task/*/schedstat``), else user + system clock ticks."""
    try:
        total = 0
        for task in Path(f"/proc/{pid}/task").iterdir():
            total += int((task / "schedstat").read_text().split()[0])
        return total / 1e9
    except (OSError, ValueError, IndexError):
        pass
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _cpu_delta(before: float | None, after: float | None) -> float | None:
    """Server CPU time spent between two readings: read right after the publish, it
    is the server's work for the step (plus whatever it did before answering)."""
    return after - before if before is not None and after is not None else None


async def settle(client: StdioClient, quiet: float = 0.25, limit: float = 30.0) -> None:
    """Wait until the server is idle: no message for ``quiet`` seconds and (where /proc
    tells) under 5 % of a core used over that time. Each measured step starts from rest,
    like a lone keystroke in an editor."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        cpu0 = _cpu_s(client.pid)
        await asyncio.sleep(quiet)
        cpu1 = _cpu_s(client.pid)
        wire_quiet = time.perf_counter() - client.last_message_at >= quiet
        cpu_quiet = cpu0 is None or cpu1 is None or cpu1 - cpu0 < 0.05 * quiet
        if wire_quiet and cpu_quiet:
            return


def _diagnostics_for(uri: str, version: int | None = None) -> Callable[[Received], bool]:
    """A publish for ``uri``; with ``version``, not one for an older version (a publish
    without a version field is taken as the latest)."""
    def match(note: Received) -> bool:
        if note.method != PUBLISH or not isinstance(note.params, dict):
            return False
        if note.params.get("uri") != uri:
            return False
        got = note.params.get("version")
        return version is None or not isinstance(got, int) or got >= version
    return match


def _change(text: str, offset: int, end: int, new: str, sync: int) -> tuple[str, dict[str, Any]]:
    """The text after replacing [offset, end) by ``new`` and the change event for it."""
    after = text[:offset] + new + text[end:]
    if sync == 2:
        event = {"range": {"start": position(text, offset), "end": position(text, end)},
                 "text": new}
    else:
        event = {"text": after}
    return after, event


#: Typing: this many one-character changes, ``BURST_GAP`` seconds apart.
BURST = 5
BURST_GAP = 0.05


async def _burst(client: StdioClient, result: Measure, uri: str, text: str, version: int,
                 sync: int, timeout: float) -> bool:
    """Type ``BURST`` letters into a field name in the middle of the file at a fast typist's
    pace, then remove them; record how many publishes the burst caused and the time from
    its last keystroke to the diagnostics of the final text (a server that analyzes every
    version in turn falls behind; one that coalesces does not). False on a timeout."""
    points = edit_points(text, 3)
    if not points:
        return True
    offset = points[len(points) // 2]
    seen = len(client.notifications)
    sent = 0.0
    for k in range(BURST):
        text, event = _change(text, offset + k, offset + k, "q", sync)
        sent = await client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version + k + 1},
            "contentChanges": [event]})
        if k < BURST - 1:
            await asyncio.sleep(BURST_GAP)
    last = version + BURST
    try:
        _, note = await client.wait_notification(seen, _diagnostics_for(uri, last), timeout)
    except TimeoutError:
        result.failures["burst"] = "timeout"
        return False
    await settle(client)
    publishes = [n for n in client.notifications[seen:] if _diagnostics_for(uri)(n)]
    if not isinstance(note.params.get("version"), int):
        note = publishes[-1]  # unversioned: the last publish is the one of the final text
    result.burst_s = note.at - sent
    result.burst_publishes = len(publishes)
    # remove the letters again (one change), from rest
    text, event = _change(text, offset, offset + BURST, "", sync)
    seen = len(client.notifications)
    await client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": last + 1}, "contentChanges": [event]})
    try:
        await client.wait_notification(seen, _diagnostics_for(uri, last + 1), timeout)
    except TimeoutError:
        result.failures["burst"] = "timeout (undo)"
        return False
    await settle(client)
    return True


def _check_hover(result: Any) -> bool:
    if not isinstance(result, dict):
        return False
    contents = result.get("contents")
    if isinstance(contents, dict):
        return bool(contents.get("value"))
    return bool(contents)


def _check_completion(result: Any, expected: str) -> bool:
    items = result.get("items", []) if isinstance(result, dict) else result
    return isinstance(items, list) and any(
        isinstance(i, dict) and i.get("label") == expected for i in items)


def _check_definition(result: Any, case: Case, name: str) -> bool:
    """The answer points at the declaration ``model <name>``."""
    locations = result if isinstance(result, list) else [result] if result else []
    for loc in locations:
        if not isinstance(loc, dict):
            continue
        uri = loc.get("uri") or loc.get("targetUri")
        rng = loc.get("range") or loc.get("targetSelectionRange")
        if not (isinstance(uri, str) and uri.startswith("file://") and isinstance(rng, dict)):
            continue
        path = Path(uri[len("file://"):].replace("%40", "@"))
        try:
            text = path.read_text("utf-8")
        except OSError:
            continue
        line = text.split("\n")[rng["start"]["line"]] if text else ""
        if re.match(rf"\s*model\s+{re.escape(name)}\b", line):
            return True
    return False


async def measure(spec: ServerSpec, case: Case, *, edits: int, positions: int, repeat: int,
                  timeout: float) -> Measure:
    """Start ``spec`` in ``case``'s folder and take every measurement; never raises."""
    result = Measure(spec.key, case.name)
    client = StdioClient(spec.argv, cwd=str(case.folder), env=spec.env)
    try:
        await _measure(client, result, case, edits=edits, positions=positions,
                       repeat=repeat, timeout=timeout)
    except ServerExited as exc:
        result.failures["server"] = f"exited: {exc}"
    except (RpcError, OSError) as exc:
        result.failures["server"] = f"{type(exc).__name__}: {exc}"
    finally:
        if client.proc is not None:
            result.peak_rss_kib = result.peak_rss_kib or _vmhwm_kib(client.pid)
            result.cpu_s = result.cpu_s or _cpu_s(client.pid)
            result.server_requests = dict(client.server_requests.counts)
            await client.close()
    return result


async def _measure(client: StdioClient, result: Measure, case: Case, *, edits: int,
                   positions: int, repeat: int, timeout: float) -> None:
    uri = case.main.as_uri()
    root = case.folder.as_uri()
    t0 = time.perf_counter()
    await client.start()
    _, init = await client.request("initialize", {
        "processId": os.getpid(), "clientInfo": {"name": "prisma-architect bench"},
        "rootUri": root, "rootPath": str(case.folder),
        "workspaceFolders": [{"uri": root, "name": case.name}],
        "capabilities": _client_capabilities()}, timeout)
    result.start_s = time.perf_counter() - t0
    sync = _sync_kind(init.get("capabilities", {}) if isinstance(init, dict) else {})
    result.sync = SYNC_NAMES.get(sync, str(sync))
    await client.notify("initialized", {})
    await settle(client)

    # didOpen → first diagnostics
    text = case.main.read_text("utf-8")
    version = 1
    seen = len(client.notifications)
    cpu0 = _cpu_s(client.pid)
    sent = await client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "prisma", "version": version, "text": text}})
    try:
        _, note = await client.wait_notification(seen, _diagnostics_for(uri), timeout)
    except TimeoutError:
        result.failures["open"] = "timeout"
        return
    result.open_s = note.at - sent
    result.open_cpu_s = _cpu_delta(cpu0, _cpu_s(client.pid))
    result.open_diagnostics = len(note.params.get("diagnostics", []))
    result.versioned = isinstance(note.params.get("version"), int)
    await settle(client)
    result.open_publishes = sum(1 for n in client.notifications[seen:]
                                if _diagnostics_for(uri)(n))

    # one-character changes: insert a letter into a field name, then remove it
    for offset in edit_points(text, edits):
        for start, end, new in ((offset, offset, "q"), (offset, offset + 1, "")):
            version += 1
            text, event = _change(text, start, end, new, sync)
            seen = len(client.notifications)
            cpu0 = _cpu_s(client.pid)
            sent = await client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version}, "contentChanges": [event]})
            try:
                _, note = await client.wait_notification(
                    seen, _diagnostics_for(uri, version), timeout)
            except TimeoutError:
                result.failures["edit"] = "timeout"
                return
            result.edits_s.append(note.at - sent)
            if (cpu := _cpu_delta(cpu0, _cpu_s(client.pid))) is not None:
                result.edits_cpu_s.append(cpu)
            await settle(client)

    if not await _burst(client, result, uri, text, version, sync, timeout):
        return
    version += BURST + 1

    # hover, completion, definition on relation field types
    spans = relation_type_spans(text, positions)
    ok = {"hover": 0, "completion": 0, "definition": 0}
    asked = 0
    for start, end, name in spans:
        middle = position(text, (start + end) // 2)
        after = position(text, end)
        doc = {"uri": uri}
        for _ in range(repeat):
            asked += 1
            for feature, method, params, samples in (
                    ("hover", "textDocument/hover",
                     {"textDocument": doc, "position": middle}, result.hover_s),
                    ("completion", "textDocument/completion",
                     {"textDocument": doc, "position": after,
                      "context": {"triggerKind": 1}}, result.completion_s),
                    ("definition", "textDocument/definition",
                     {"textDocument": doc, "position": middle}, result.definition_s)):
                if feature in result.failures:
                    continue
                try:
                    took, answer = await client.request(method, params, timeout)
                except TimeoutError:
                    result.failures[feature] = "timeout"
                    continue
                except RpcError as exc:
                    result.failures[feature] = ("not implemented" if exc.code == METHOD_NOT_FOUND
                                                else f"error: {exc}"[:200])
                    continue
                samples.append(took)
                ok[feature] += {"hover": _check_hover(answer),
                                "completion": _check_completion(answer, name),
                                "definition": _check_definition(answer, case, name)}[feature]
    result.answers = {k: f"{v}/{asked}" for k, v in ok.items()}
    result.peak_rss_kib = _vmhwm_kib(client.pid)
    result.cpu_s = _cpu_s(client.pid)


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

METRICS: tuple[tuple[str, str], ...] = (
    ("open", "didOpen → diagnostics ms"),
    ("edit", "keystroke → diagnostics ms (median)"),
    ("hover", "hover ms (median)"),
    ("completion", "completion ms (median)"),
    ("definition", "definition ms (median)"),
    ("memory", "peak RSS MiB"),
)


def metric(m: Measure | None, key: str) -> float | str | None:
    """One figure of a measure (ms or MiB), a failure word, or None when not measured."""
    if m is None:
        return None
    if "server" in m.failures and key != "memory":
        fail = m.failures["server"]
        return "timeout" if "timeout" in fail else "crashed"
    if key == "open":
        return m.open_s * 1000 if m.open_s is not None else m.failures.get("open")
    if key == "edit":
        if m.edits_s:
            return statistics.median(m.edits_s) * 1000
        return m.failures.get("edit") or m.failures.get("open")
    if key == "memory":
        return m.peak_rss_kib / 1024 if m.peak_rss_kib is not None else None
    samples: list[float] = getattr(m, f"{key}_s")
    if samples:
        return statistics.median(samples) * 1000
    return m.failures.get(key) or m.failures.get("open") or m.failures.get("edit")


def _cell(value: float | str | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return "error" if value.startswith("error") else value
    return f"{value:,.1f}" if value < 1000 else f"{value:,.0f}"


def _ratio(ours: float | str | None, theirs: float | str | None) -> str:
    if isinstance(ours, float) and isinstance(theirs, float) and theirs > 0:
        r = ours / theirs
        return f"{r:.1g}×" if r < 0.01 else f"{r:.2f}×" if r < 10 else f"{r:.1f}×"
    return "–"


def table(cases: Sequence[Case], results: dict[tuple[str, str], Measure]) -> str:
    """Rows = schemas; per metric the two servers and the ratio ours / Prisma."""
    headers = ["schema", "lines", "models"]
    for _, title in METRICS:
        headers += [f"{title}: ours", "Prisma", "ours/Prisma"]
    rows = []
    for case in cases:
        ours, theirs = results.get(("ours", case.name)), results.get(("official", case.name))
        row = [case.name, f"{case.lines:,}", f"{case.models:,}"]
        for key, _ in METRICS:
            a, b = metric(ours, key), metric(theirs, key)
            row += [_cell(a), _cell(b), _ratio(a, b)]
        rows.append(row)
    out = ["| " + " | ".join(headers) + " |",
           "|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out)


def cpu_table(cases: Sequence[Case], results: dict[tuple[str, str], Measure]) -> str:
    """The server's own CPU time for didOpen and a keystroke: what load on a shared
    machine does not inflate (wall time above includes waiting for a core)."""
    headers = ["schema", "didOpen CPU ms: ours", "Prisma", "ours/Prisma",
               "keystroke CPU ms (median): ours", "Prisma", "ours/Prisma"]
    rows = []
    for case in cases:
        row = [case.name]
        for key in ("open", "edit"):
            pair: list[float | None] = []
            for server in ("ours", "official"):
                m = results.get((server, case.name))
                if m is None:
                    pair.append(None)
                elif key == "open":
                    pair.append(m.open_cpu_s * 1000 if m.open_cpu_s is not None else None)
                else:
                    pair.append(statistics.median(m.edits_cpu_s) * 1000
                                if m.edits_cpu_s else None)
            row += [_cell(pair[0]), _cell(pair[1]), _ratio(pair[0], pair[1])]
        rows.append(row)
    out = ["| " + " | ".join(headers) + " |",
           "|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out)


def details(cases: Sequence[Case], results: dict[tuple[str, str], Measure]) -> str:
    """What each server did: sync kind, diagnostics, answers that made sense, failures."""
    headers = ["schema", "server", "start ms", "sync", "didOpen: server CPU ms",
               "keystroke: server CPU ms (median)", "diagnostics at open",
               "publishes after open", "version in publish", "edits",
               "first keystroke → diagnostics ms", f"burst of {BURST}: publishes",
               "burst: last keystroke → diagnostics ms", "hover ok", "completion ok",
               "definition ok", "server CPU s", "requests to the client",
               "failures"]
    rows = []
    for case in cases:
        for key in ("ours", "official"):
            m = results.get((key, case.name))
            if m is None:
                continue
            rows.append([
                case.name, "ours" if key == "ours" else "Prisma",
                _cell(m.start_s * 1000 if m.start_s is not None else None), m.sync or "–",
                _cell(m.open_cpu_s * 1000 if m.open_cpu_s is not None else None),
                _cell(statistics.median(m.edits_cpu_s) * 1000 if m.edits_cpu_s else None),
                f"{m.open_diagnostics:,}" if m.open_diagnostics is not None else "–",
                str(m.open_publishes) if m.open_publishes is not None else "–",
                {True: "yes", False: "no", None: "–"}[m.versioned], str(len(m.edits_s)),
                _cell(m.edits_s[0] * 1000 if m.edits_s else None),
                str(m.burst_publishes) if m.burst_publishes is not None else "–",
                _cell(m.burst_s * 1000 if m.burst_s is not None else m.failures.get("burst")),
                m.answers.get("hover", "–"), m.answers.get("completion", "–"),
                m.answers.get("definition", "–"),
                f"{m.cpu_s:.1f}" if m.cpu_s is not None else "–",
                ", ".join(f"{k} ×{v}" for k, v in sorted(m.server_requests.items())) or "–",
                "; ".join(f"{k}: {v}" for k, v in m.failures.items())[:300] or "–"])
    out = ["| " + " | ".join(headers) + " |",
           "|" + "|".join("---" if i < 2 else "---:" for i in range(len(headers))) + "|"]
    out += ["| " + " | ".join(r.replace("|", "\\|") for r in row) + " |" for row in rows]
    return "\n".join(out)


def _header(specs: Sequence[ServerSpec], args: argparse.Namespace) -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    servers = "; ".join(f"{s.label}: `{' '.join(Path(a).name if '/' in a else a for a in s.argv)}`"
                        f" ({s.version})" for s in specs)
    return (f"{time.strftime('%Y-%m-%d %H:%M %Z')}; {os.cpu_count()} cores; Python "
            f"{sys.version.split()[0]}; load average at start {load:.2f}. {servers}. "
            f"Keystroke: {2 * args.edits} one-character changes; burst: {BURST} changes "
            f"{BURST_GAP * 1000:.0f} ms apart; hover/completion/definition: "
            f"{args.positions} relation fields × {args.repeat}; timeout {args.timeout:g} s per "
            "step.")


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


async def run(specs: Sequence[ServerSpec], cases: Sequence[Case],
              args: argparse.Namespace) -> dict[tuple[str, str], Measure]:
    results: dict[tuple[str, str], Measure] = {}
    for case in cases:
        for spec in specs:
            _log(f"  {case.name} ({case.lines:,} lines): {spec.label}")
            m = await measure(spec, case, edits=args.edits, positions=args.positions,
                              repeat=args.repeat, timeout=args.timeout)
            results[(spec.key, case.name)] = m
            figures = ", ".join(f"{key} {_cell(value)}{unit if isinstance(value, float) else ''}"
                                for key, unit in (("open", " ms"), ("edit", " ms"),
                                                  ("hover", " ms"), ("completion", " ms"),
                                                  ("definition", " ms"), ("memory", " MiB"))
                                for value in [metric(m, key)])
            _log(f"    {figures}" + (f"; failures: {m.failures}" if m.failures else ""))
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.lsp", description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100,1000,3000,5000",
                    help="generated schema sizes, comma-separated (default %(default)s)")
    ap.add_argument("--real", type=real_count, default=3,
                    help="how many of the largest real schemas, or 'all' (default %(default)s)")
    ap.add_argument("--edits", type=int, default=5,
                    help="edit points; each gives two changes (default %(default)s)")
    ap.add_argument("--positions", type=int, default=3,
                    help="relation fields asked about (default %(default)s)")
    ap.add_argument("--repeat", type=int, default=5,
                    help="requests per position and feature (default %(default)s)")
    ap.add_argument("--timeout", type=float, default=120.0,
                    help="seconds per step before it is reported as a timeout")
    ap.add_argument("--servers", default="ours,official",
                    help="which servers: ours, official or both (default %(default)s)")
    ap.add_argument("--quick", action="store_true",
                    help="100 and 1,000 models and one real schema, fewer samples")
    ap.add_argument("--json", type=Path, help="also write every sample to this JSON file")
    ap.add_argument("--server-log", type=Path,
                    help="our server appends its log here, with the timings of each "
                    "keystroke's steps (`-vv`)")
    ap.add_argument("--output", type=Path,
                    help="where the markdown goes (default bench/lsp-results.md, none with "
                    "--quick; '-' for none)")
    args = ap.parse_args(argv)
    if args.quick:
        args.sizes, args.real, args.edits, args.repeat = "100,1000", 1, 2, 3
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    wanted = {s.strip() for s in args.servers.split(",")}

    specs: list[ServerSpec] = []
    if "ours" in wanted:
        spec = ours_spec(args.server_log)
        if spec is None:
            _log("  server/app.py not found: our server is skipped")
        else:
            specs.append(spec)
    if "official" in wanted and (official := ensure_official()) is not None:
        specs.append(official)
    if not specs:
        _log("no server to measure")
        return 1

    with tempfile.TemporaryDirectory(prefix="prisma-architect-lsp-bench-") as tmp:
        dest = Path(tmp)
        cases = real_cases(args.real, dest) + generated_cases(sizes, dest)
        header = _header(specs, args)
        results = asyncio.run(run(specs, cases, args))
    text = "\n".join([
        "# Language servers side by side", "", header, "",
        table(cases, results), "", "## Server CPU time", "", cpu_table(cases, results), "",
        "## What each server did", "",
        details(cases, results), ""])
    print(text)
    output = args.output or (None if args.quick else RESULTS)
    if output is not None and str(output) != "-":
        output.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(
            {"header": header, "results": [m.to_json() for m in results.values()]},
            indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
