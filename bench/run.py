"""Benchmarks of prisma-architect's analysis on this machine.

``python -m bench.run [--quick] [--json OUT] [--no-peers]`` prints one markdown
table per section:

a. full analysis (``analysis.api.analyze``: parse + model + validation) of
   every real schema in ``../shared/corpus/real`` (best of 3);
b. generated schemas of 100 to 5,000 models: the first analysis in a fresh
   process (grammar loading included, once) and warm (best of 3);
c. incremental re-analysis (``reanalyze``) after a one-character edit in a
   field name, 20 edits spread through the 5,000-model schema and through the
   largest real schema (chained, each edit reverted after);
h. the keystroke path of the server, ``analysis.check.recheck`` (re-analysis,
   rules, suppressions) after the same edits, on generated schemas of 100 to
   5,000 models and on every real schema;
d. peak memory of the 5,000-model analysis (tracemalloc peak, ru_maxrss);
e. CLI start-up: ``python -m analysis check <small file>`` (median of 5);
f. optional, peers: Prisma's own validator (``@prisma/prisma-schema-wasm``,
   what ``prisma validate`` and the official language server run) on the same
   files, when node and npm are available;

then a "targets" section. Timing belongs here, never in tests. See
``bench/README.md``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "real"
NODE_DIR = Path(tempfile.gettempdir()) / "prisma-architect-bench-node"
WASM_PACKAGE = "@prisma/prisma-schema-wasm"

TARGET_COLD_5000_S = 3.0
TARGET_EDIT_5000_MS = 50.0
TARGET_EDIT_REAL_MS = 10.0
TARGET_CLI_S = 0.5
TARGET_RECHECK_5000_MS = 60.0
TARGET_RECHECK_REAL_MS = 20.0
TARGET_RULES_SHARE = 0.30
"""All rules against parse + model + validation (issue 4)."""

_MODEL_BLOCK = re.compile(r"^[ \t]*model[ \t]+(\w+)[ \t]*\{[^\n]*\n(.*?)^[ \t]*\}", re.M | re.S)
_FIELD_NAME = re.compile(r"^[ \t]+([A-Za-z]\w*)[ \t]+[A-Za-z]", re.M)


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    out = ["| " + " | ".join(headers) + " |",
           "|" + "|".join("---" if i == 0 else "---:" for i in range(len(headers))) + "|"]
    out.extend("| " + " | ".join(str(c) for c in row) + " |" for row in rows)
    return "\n".join(out)


def _best(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """The best wall time and the best CPU time (this process) of ``runs`` calls.

    CPU time is shown beside wall time because the machine may be shared: when other
    processes compete for the cores, wall time grows and CPU time barely moves."""
    wall = cpu = float("inf")
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall = min(wall, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu


# ---------------------------------------------------------------------------
# Schemas
# ---------------------------------------------------------------------------


def real_schemas() -> list[tuple[str, list[Path]]]:
    """(name, files) per folder of the corpus; a folder of several files is one schema."""
    if not CORPUS.is_dir():
        return []
    out = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        files = sorted(folder.rglob("*.prisma"))
        if files:
            out.append((folder.name, files))
    return out


def _load(files: Sequence[Path], *, prisma7: bool = False) -> list[Any]:
    """The files as SourceFiles; with ``prisma7``, as a Prisma 7 user has them
    (:func:`prisma7_text`)."""
    from analysis.text import SourceFile

    def read(p: Path) -> str:
        text = p.read_text(encoding="utf-8")
        return prisma7_text(text) if prisma7 else text

    return [SourceFile(str(p), read(p)) for p in files]


def _lines(texts: Sequence[str]) -> int:
    return sum(t.count("\n") + (0 if t.endswith("\n") or not t else 1) for t in texts)


def _models(texts: Sequence[str]) -> int:
    return sum(len(re.findall(r"^[ \t]*model[ \t]+\w+", t, re.M)) for t in texts)


# ---------------------------------------------------------------------------
# The child process: cold analysis, memory
# ---------------------------------------------------------------------------


def child(paths: list[str], repeat: int, trace: bool) -> None:
    """Run in a fresh interpreter: time the first analysis (grammar included) and warm ones."""
    import resource

    t0 = time.perf_counter()
    from analysis.api import analyze
    from analysis.text import SourceFile

    t_import = time.perf_counter() - t0
    files = [SourceFile(p, Path(p).read_text(encoding="utf-8")) for p in paths]
    result: dict[str, Any] = {"import_s": t_import}
    if not files:  # a baseline: the interpreter with the package imported
        pass
    elif trace:
        import tracemalloc

        tracemalloc.start()
        t1 = time.perf_counter()
        analysis = analyze(files)
        result["traced_s"] = time.perf_counter() - t1
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result["tracemalloc_peak_bytes"] = peak
    else:
        import gc

        t1, c1 = time.perf_counter(), time.process_time()
        analysis = analyze(files)
        result["cold_s"] = time.perf_counter() - t1
        result["cold_cpu_s"] = time.process_time() - c1
        if repeat:
            result["warm_s"], result["warm_cpu_s"] = _best(lambda: analyze(files), repeat)
            # The same without the cyclic garbage collector: how much of the time it takes.
            gc.collect()
            gc.disable()
            result["warm_nogc_s"], result["warm_nogc_cpu_s"] = _best(
                lambda: analyze(files), repeat)
            gc.enable()
    if files:
        result["diagnostics"] = len(analysis.diagnostics)
        result["errors"] = sum(1 for d in analysis.diagnostics if d.is_error)
    # Linux reports KiB, macOS bytes. On Linux a child's ru_maxrss starts at its
    # parent's size at fork time, so VmHWM (this process image's own peak) is the
    # figure that means something; both are kept.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["maxrss_bytes"] = rss if sys.platform == "darwin" else rss * 1024
    result["vmhwm_bytes"] = _vmhwm()
    print(json.dumps(result))


def _vmhwm() -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _run_child(paths: Sequence[Path], repeat: int, trace: bool = False) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "bench.run", "--child", *map(str, paths),
           "--repeat", str(repeat)]
    if trace:
        cmd.append("--trace")
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"child failed ({proc.returncode}): {proc.stderr[-2000:]}")
    data: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    data["process_wall_s"] = wall
    return data


# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------


def bench_real(runs: int, results: dict[str, Any]) -> str:
    from analysis.api import analyze

    schemas = real_schemas()
    if not schemas:
        msg = f"_skipped: no corpus at {CORPUS}_"
        results["real"] = {"skipped": msg}
        return msg
    analyze(_load([schemas[0][1][0]]))  # load the grammar outside the timings
    rows, data = [], []
    for name, paths in schemas:
        files = _load(paths)
        texts = [f.text for f in files]
        first = analyze(files)
        best, cpu = _best(lambda files=files: analyze(files), runs)
        lines = _lines(texts)
        entry = {"schema": name, "files": len(files), "lines": lines, "models": _models(texts),
                 "best_s": best, "best_cpu_s": cpu,
                 "errors": sum(1 for d in first.diagnostics if d.is_error)}
        data.append(entry)
        rows.append([name, len(files), f"{lines:,}", entry["models"], _ms(best), _ms(cpu),
                     f"{lines / best:,.0f}", entry["errors"]])
    total_lines = sum(d["lines"] for d in data)
    total_s = sum(d["best_s"] for d in data)
    rows.append(["**all**", sum(d["files"] for d in data), f"{total_lines:,}",
                 sum(d["models"] for d in data), _ms(total_s),
                 _ms(sum(d["best_cpu_s"] for d in data)), f"{total_lines / total_s:,.0f}",
                 sum(d["errors"] for d in data)])
    results["real"] = data
    return _table(["schema", "files", "lines", "models", f"analyze ms (best of {runs})",
                   "cpu ms", "lines/s", "errors reported"], rows)


def bench_generated(sizes: Sequence[int], runs: int, workdir: Path,
                    results: dict[str, Any]) -> str:
    from bench.generate import generate_schema

    rows, data = [], []
    for n in sizes:
        path = workdir / f"generated-{n}.prisma"
        text = generate_schema(n)
        path.write_text(text, encoding="utf-8")
        _log(f"  generated {n} models ({text.count(chr(10)):,} lines): cold run in a fresh process")
        r = _run_child([path], repeat=runs)
        lines = _lines([text])
        entry = {"models": n, "lines": lines, **r}
        data.append(entry)
        rows.append([f"{n:,}", f"{lines:,}", _ms(r["cold_s"]), _ms(r["cold_cpu_s"]),
                     _ms(r["warm_s"]), _ms(r["warm_cpu_s"]), _ms(r["warm_nogc_s"]),
                     _ms(r["import_s"]), _ms(r["process_wall_s"]), r["errors"]])
    results["generated"] = data
    return _table(["models", "lines", "cold ms (1st in fresh process)", "cold cpu ms",
                   f"warm ms (best of {runs})", "warm cpu ms", "warm ms, gc disabled",
                   "import ms", "process wall ms", "errors reported"], rows)


def edit_points(text: str, count: int) -> list[int]:
    """Offsets just after the first letter of a field name, in ``count`` models spread
    through ``text`` (cycling when there are fewer models)."""
    blocks = []
    for m in _MODEL_BLOCK.finditer(text):
        body_start = m.start(2)
        fields = [body_start + f.start(1) for f in _FIELD_NAME.finditer(m.group(2))]
        if fields:
            blocks.append(fields)
    if not blocks:
        return []
    if len(blocks) < count:
        chosen = [blocks[k % len(blocks)] for k in range(count)]
    else:
        step = (len(blocks) - 1) / max(count - 1, 1)
        chosen = [blocks[round(k * step)] for k in range(count)]
    return [fields[len(fields) // 2] + 1 for fields in chosen]


def _incremental(files: list[Any], edits: int) -> dict[str, Any]:
    """Chained one-letter insertions, each reverted after; times of both."""
    from analysis.api import analyze, reanalyze
    from analysis.text import TextEdit

    target = max(files, key=lambda f: len(f.text))
    full, _ = _best(lambda: analyze(files), 3)
    current = analyze(files)
    inserts, reverts, insert_cpu = [], [], []
    for offset in edit_points(target.text, edits):
        t0, c0 = time.perf_counter(), time.process_time()
        edited = reanalyze(current, target.path, [TextEdit(offset, offset, "q")])
        t1, c1 = time.perf_counter(), time.process_time()
        current = reanalyze(edited, target.path, [TextEdit(offset, offset + 1, "")])
        t2 = time.perf_counter()
        inserts.append(t1 - t0)
        insert_cpu.append(c1 - c0)
        reverts.append(t2 - t1)
    final = next(f for f in current.files if f.path == target.path)
    assert final.text == target.text, "edits and reverts did not restore the text"
    return {"file": target.path, "lines": _lines([target.text]), "edits": len(inserts),
            "full_s": full, "insert_median_s": statistics.median(inserts),
            "insert_cpu_median_s": statistics.median(insert_cpu),
            "insert_cpu_worst_s": max(insert_cpu),
            "insert_worst_s": max(inserts), "revert_median_s": statistics.median(reverts),
            "revert_worst_s": max(reverts)}


def bench_incremental(gen_models: int, edits: int, workdir: Path,
                      results: dict[str, Any]) -> str:
    path = workdir / f"generated-{gen_models}.prisma"
    if not path.exists():
        from bench.generate import generate_schema

        path.write_text(generate_schema(gen_models), encoding="utf-8")
    cases = [(f"generated, {gen_models:,} models", _load([path]))]
    schemas = real_schemas()
    if schemas:
        name, paths = max(schemas, key=lambda s: _lines([p.read_text("utf-8") for p in s[1]]))
        cases.append((f"real: {name}", _load(paths)))
    rows, data = [], []
    for label, files in cases:
        _log(f"  incremental: {label}")
        r = _incremental(files, edits)
        r["schema"] = label
        data.append(r)
        rows.append([label, f"{r['lines']:,}", r["edits"], _ms(r["insert_median_s"]),
                     _ms(r["insert_worst_s"]), _ms(r["insert_cpu_median_s"]),
                     _ms(r["insert_cpu_worst_s"]), _ms(r["revert_median_s"]),
                     _ms(r["revert_worst_s"]), _ms(r["full_s"])])
    results["incremental"] = data
    return _table(["schema", "lines (edited file)", "edits", "edit median ms", "edit worst ms",
                   "edit cpu median ms", "edit cpu worst ms", "revert median ms",
                   "revert worst ms", "full analyze ms"], rows)


class _Parts:
    """CPU time of the parts of one ``recheck``: the re-analysis (``reanalyze``:
    parse, model, validation), the rules (``lint_again``) and, within the rules,
    moving the kept findings past the edit (``lint._shift``). The functions are
    wrapped only while the bench runs."""

    NAMES = (("analysis.check", "reanalyze", "reanalyze"),
             ("analysis.check", "lint_again", "rules"),
             ("analysis.lint", "_shift", "moving"))

    def __init__(self) -> None:
        self.spent = dict.fromkeys((name for _, _, name in self.NAMES), 0.0)
        self._saved: list[tuple[Any, str, Any]] = []

    def __enter__(self) -> _Parts:
        import importlib

        for module_name, attribute, name in self.NAMES:
            module = importlib.import_module(module_name)
            original = getattr(module, attribute)
            self._saved.append((module, attribute, original))
            setattr(module, attribute, self._timed(original, name))
        return self

    def __exit__(self, *exc: object) -> None:
        for module, attribute, original in self._saved:
            setattr(module, attribute, original)

    def _timed(self, function: Callable[..., Any], name: str) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            c0 = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.spent[name] += time.process_time() - c0
        return timed

    def take(self) -> dict[str, float]:
        """The time of each part since the last call."""
        spent = dict(self.spent)
        self.spent = dict.fromkeys(spent, 0.0)
        return spent


def _recheck_times(files: list[Any], edits: int) -> dict[str, Any]:
    """``recheck`` (re-parse, model, validation, rules, suppressions: the server's
    keystroke path) after one-letter insertions, each reverted by a second recheck.

    As the server runs it: automatic garbage collection off, a collection before
    (the server collects when idle, ``server/collector.py``). With it on, a full
    collection of the whole heap (1–3 s at 3,000–5,000 models) lands inside one
    edit now and then, which the server never lets happen."""
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _rechecked(files, edits)
    finally:
        if enabled:
            gc.enable()


def _rechecked(files: list[Any], edits: int) -> dict[str, Any]:
    from analysis.check import prepare_edits, recheck, run_check
    from analysis.config import default_settings
    from analysis.text import TextEdit

    loaded = default_settings()
    target = max(files, key=lambda f: len(f.text))
    t0, c0 = time.perf_counter(), time.process_time()
    current = run_check(files, loaded)
    cold_wall, cold_cpu = time.perf_counter() - t0, time.process_time() - c0
    prepare_edits(current)  # as the server does once the first check is published
    walls, cpus = [], []
    parts: dict[str, list[float]] = {name: [] for _, _, name in _Parts.NAMES}
    with _Parts() as timing:
        for offset in edit_points(target.text, edits):
            timing.take()
            t0, c0 = time.perf_counter(), time.process_time()
            current = recheck(current, target.path, [TextEdit(offset, offset, "q")], loaded)
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
            for name, spent in timing.take().items():
                parts[name].append(spent)
            current = recheck(current, target.path, [TextEdit(offset, offset + 1, "")], loaded)
    final = next(f for f in current.analysis.files if f.path == target.path)
    assert final.text == target.text, "edits and reverts did not restore the text"

    def median(values: list[float]) -> float | None:
        return statistics.median(values) if values else None

    return {"edits": len(walls), "check_s": cold_wall, "check_cpu_s": cold_cpu,
            "median_s": median(walls), "worst_s": max(walls) if walls else None,
            "cpu_median_s": median(cpus), "cpu_worst_s": max(cpus) if cpus else None,
            "findings": len(current.findings),
            **{f"{name}_cpu_median_s": median(values) for name, values in parts.items()}}


def bench_recheck(sizes: Sequence[int], edits: int, workdir: Path,
                  results: dict[str, Any]) -> str:
    """One-character edits through ``analysis.check.recheck`` on generated schemas and on
    every real schema (median and worst per schema; max and median over the corpus)."""
    from bench.generate import generate_schema

    rows, data = [], []

    def row(label: str, r: dict[str, Any]) -> list[Any]:
        def ms(v: float | None) -> str:
            return "–" if v is None else _ms(v)

        return [label, r["edits"], ms(r["median_s"]), ms(r["worst_s"]), ms(r["cpu_median_s"]),
                ms(r["cpu_worst_s"]), ms(r["reanalyze_cpu_median_s"]),
                ms(r["rules_cpu_median_s"]), ms(r["moving_cpu_median_s"]), _ms(r["check_s"]),
                r["findings"]]

    for models in sizes:
        path = workdir / f"generated-{models}.prisma"
        if not path.exists():
            path.write_text(generate_schema(models), encoding="utf-8")
        _log(f"  recheck: generated {models}")
        r = _recheck_times(_load([path]), edits)
        r["schema"] = f"generated, {models:,} models"
        data.append(r)
        rows.append(row(r["schema"], r))
    real = []
    for name, paths in real_schemas():
        _log(f"  recheck: {name}")
        r = _recheck_times(_load(paths, prisma7=True), min(edits, 10))
        r["schema"] = f"real: {name}"
        real.append(r)
        data.append(r)
    if real:
        measured = [r for r in real if r["median_s"] is not None]
        slowest = max(measured, key=lambda r: r["median_s"])
        rows.append(row(f"real, slowest ({slowest['schema'][6:]})", slowest))
        largest = max(measured, key=lambda r: r["findings"])
        if largest is not slowest:
            rows.append(row(f"real, most findings ({largest['schema'][6:]})", largest))
        rows.append(["real, median over the corpus", sum(r["edits"] for r in measured), *(
            _ms(statistics.median(r[key] for r in measured))
            for key in ("median_s", "worst_s", "cpu_median_s", "cpu_worst_s",
                        "reanalyze_cpu_median_s", "rules_cpu_median_s",
                        "moving_cpu_median_s", "check_s")), "–"])
    results["recheck"] = data
    return _table(["schema", "edits", "recheck median ms", "recheck worst ms", "cpu median ms",
                   "cpu worst ms", "of which re-analysis (cpu median)",
                   "rules (cpu median)", "of which moving kept findings", "first run_check ms",
                   "findings"], rows)


def bench_memory(gen_models: int, workdir: Path, results: dict[str, Any]) -> str:
    path = workdir / f"generated-{gen_models}.prisma"
    if not path.exists():
        from bench.generate import generate_schema

        path.write_text(generate_schema(gen_models), encoding="utf-8")
    _log(f"  memory: {gen_models} models")
    plain = _run_child([path], repeat=0)
    traced = _run_child([path], repeat=0, trace=True)
    base = _run_child([], repeat=0)
    data = {"models": gen_models, "tracemalloc_peak_bytes": traced["tracemalloc_peak_bytes"],
            "peak_rss_bytes": _rss(plain), "peak_rss_empty_bytes": _rss(base),
            "peak_rss_traced_bytes": _rss(traced), "maxrss_bytes": plain["maxrss_bytes"],
            "vmhwm_bytes": plain["vmhwm_bytes"]}
    results["memory"] = data

    def mib(n: int | None) -> str:
        return "–" if n is None else f"{n / (1024 * 1024):,.1f}"

    return _table(["figure", "MiB"], [
        ["tracemalloc peak during `analyze` (Python allocations)",
         mib(data["tracemalloc_peak_bytes"])],
        ["peak RSS of the process (no tracing)", mib(data["peak_rss_bytes"])],
        ["peak RSS of the same process analyzing nothing (baseline)",
         mib(data["peak_rss_empty_bytes"])],
        ["peak RSS with tracemalloc on", mib(data["peak_rss_traced_bytes"])],
    ]) + ("\n\nPeak RSS is the child's `VmHWM`, i.e. its `ru_maxrss` counted from its own "
          "`exec` (Linux's `ru_maxrss` would also count the parent's size at fork).")


def _rss(child_result: dict[str, Any]) -> int:
    value: int = child_result.get("vmhwm_bytes") or child_result["maxrss_bytes"]
    return value


def bench_cli(runs: int, workdir: Path, results: dict[str, Any]) -> str:
    if not (REPO / "analysis" / "cli.py").exists():
        msg = "_skipped: analysis/cli.py does not exist yet_"
        results["cli"] = {"skipped": msg}
        return msg
    from bench.generate import generate_schema

    small = workdir / "small.prisma"
    small.write_text(generate_schema(10), encoding="utf-8")
    if (REPO / "analysis" / "__main__.py").exists():
        cmd = [sys.executable, "-m", "analysis", "check", str(small)]
    else:  # what the `prisma-architect` console script runs
        cmd = [sys.executable, "-c",
               "import sys; from analysis.cli import main; sys.argv[0] = 'prisma-architect'; "
               "raise SystemExit(main())", "check", str(small)]
    import resource

    times, cpus, codes = [], [], set()
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        codes.add(proc.returncode)
    shown = " ".join(["python", *cmd[1:3], "…"]) if "-c" in cmd else " ".join(
        ["python", *cmd[1:4], "small.prisma"])
    data = {"command": shown, "median_s": statistics.median(times), "max_s": max(times),
            "cpu_median_s": statistics.median(cpus),
            "exit_codes": sorted(codes), "lines": _lines([small.read_text("utf-8")])}
    if codes - {0, 1}:
        data["stderr_tail"] = proc.stderr[-500:]
    results["cli"] = data
    return _table(["command", "lines", f"median ms (of {runs})", "max ms", "cpu median ms",
                   "exit codes"],
                  [[f"`{shown}`", data["lines"], _ms(data["median_s"]), _ms(data["max_s"]),
                    _ms(data["cpu_median_s"]), ", ".join(map(str, data["exit_codes"]))]])


# ---------------------------------------------------------------------------
# Peers: Prisma's own validator, through @prisma/prisma-schema-wasm
# ---------------------------------------------------------------------------

_NODE_SCRIPT = r"""
const fs = require('fs');
const t0 = process.hrtime.bigint();
const wasm = require('@prisma/prisma-schema-wasm');
const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
const jobs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const runs = Number(process.argv[3]);
function time(fn) {
  const t = process.hrtime.bigint(); fn(); return Number(process.hrtime.bigint() - t) / 1e6;
}
const out = { loadMs, schemas: [] };
for (const job of jobs) {
  const files = job.files.map(p => [p, fs.readFileSync(p, 'utf8')]);
  const validateInput = JSON.stringify({ prismaSchema: files, noColor: true });
  const lintInput = JSON.stringify(files);
  let valid = true;
  const validate = () => { try { wasm.validate(validateInput); } catch (e) { valid = false; } };
  const lint = () => wasm.lint(lintInput);
  const first = time(validate);
  let bestValidate = Infinity, bestLint = Infinity;
  for (let i = 0; i < runs; i++) bestValidate = Math.min(bestValidate, time(validate));
  for (let i = 0; i < runs; i++) bestLint = Math.min(bestLint, time(lint));
  out.schemas.push({ name: job.name, firstValidateMs: first, validateMs: bestValidate,
                     lintMs: bestLint, valid });
}
console.log(JSON.stringify(out));
"""


_DATASOURCE = re.compile(r"^[ \t]*datasource[ \t]+\w+[ \t]*\{.*?^[ \t]*\}", re.M | re.S)
_URL_LINE = re.compile(r"^[ \t]*(url|directUrl|shadowDatabaseUrl)[ \t]*=[^\n]*\n", re.M)


def prisma7_text(text: str) -> str:
    """The schema without the datasource URLs Prisma 7 rejects: with them, Prisma stops
    before validating the models (which would flatter its timings), and so do we before
    the schema-wide stage (which would flatter ours)."""
    return _DATASOURCE.sub(lambda m: _URL_LINE.sub("", m.group()), text)


def _prisma7_copies(name: str, paths: Sequence[Path], dest: Path) -> list[Path]:
    """Copies without the datasource URLs Prisma 7 rejects: with them, Prisma stops
    before validating the models, which would flatter its timings."""
    root = CORPUS / name
    out = []
    for p in paths:
        text = prisma7_text(p.read_text("utf-8"))
        target = dest / name / p.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        out.append(target)
    return out


def _ensure_wasm() -> str | None:
    """Install the wasm package into a temp folder outside the repository; its version."""
    if not (shutil.which("node") and shutil.which("npm")):
        return None
    pkg = NODE_DIR / "node_modules" / "@prisma" / "prisma-schema-wasm" / "package.json"
    if not pkg.exists():
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        if not (NODE_DIR / "package.json").exists():
            (NODE_DIR / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        _log(f"  npm install {WASM_PACKAGE} into {NODE_DIR}")
        proc = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent",
                               WASM_PACKAGE], cwd=NODE_DIR, capture_output=True, text=True,
                              check=False, timeout=600)
        if proc.returncode != 0 or not pkg.exists():
            _log(proc.stderr[-1000:])
            return None
    version: str = json.loads(pkg.read_text(encoding="utf-8"))["version"]
    return version


def bench_peers(gen_sizes: Sequence[int], runs: int, workdir: Path,
                results: dict[str, Any]) -> str:
    try:
        version = _ensure_wasm()
    except (OSError, subprocess.SubprocessError) as exc:
        version = None
        _log(f"  peers: {exc}")
    if version is None:
        msg = f"_skipped: node/npm missing or `npm install {WASM_PACKAGE}` failed_"
        results["peers"] = {"skipped": msg}
        return msg
    from analysis.api import analyze

    jobs: list[dict[str, Any]] = []
    ours: dict[str, float] = {}
    for name, paths in real_schemas():
        copies = _prisma7_copies(name, paths, workdir / "peers")
        files = _load(copies)
        analyze(files)
        ours[name] = _best(lambda files=files: analyze(files), runs)[0]
        jobs.append({"name": name, "files": [str(p) for p in copies]})
    jobs += [{"name": f"generated-{n}", "files": [str(workdir / f"generated-{n}.prisma")]}
             for n in gen_sizes if (workdir / f"generated-{n}.prisma").exists()]
    (workdir / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
    script = NODE_DIR / "bench-validate.js"
    script.write_text(_NODE_SCRIPT, encoding="utf-8")
    _log(f"  peers: {WASM_PACKAGE} {version} on {len(jobs)} schemas")
    proc = subprocess.run(["node", str(script), str(workdir / "jobs.json"), str(runs)],
                          cwd=NODE_DIR, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        msg = f"_skipped: the node script failed: {proc.stderr[-300:]!r}_"
        results["peers"] = {"skipped": msg}
        return msg
    peer = json.loads(proc.stdout.strip().splitlines()[-1])
    ours.update({f"generated-{d['models']}": d["warm_s"] for d in results.get("generated", [])})
    rows = []
    for s in peer["schemas"]:
        mine = ours.get(s["name"])
        ratio = f"{mine * 1000 / s['validateMs']:.1f}×" if mine and s["validateMs"] else "–"
        s["ours_s"] = mine
        rows.append([s["name"], _ms(mine) if mine else "–", f"{s['validateMs']:,.1f}",
                     f"{s['lintMs']:,.1f}", ratio, "yes" if s["valid"] else "no"])
    valid = [s for s in peer["schemas"] if s["valid"] and s["ours_s"] and s["validateMs"]]
    if valid:
        ours_total = sum(s["ours_s"] for s in valid) * 1000
        theirs_total = sum(s["validateMs"] for s in valid)
        rows.append([f"**all valid ({len(valid)})**", _ms(ours_total / 1000),
                     f"{theirs_total:,.1f}", f"{sum(s['lintMs'] for s in valid):,.1f}",
                     f"{ours_total / theirs_total:.1f}×", "yes"])
    results["peers"] = {"package": WASM_PACKAGE, "version": version, **peer}
    head = (f"`{WASM_PACKAGE}` {version} (the engine of `prisma validate` and of "
            f"`@prisma/language-server`), node {_node_version()}; wasm load "
            f"{peer['loadMs']:,.0f} ms once. Both run on copies of the real schemas without "
            "`url`/`directUrl`/`shadowDatabaseUrl` (Prisma 7 rejects them and then skips model "
            "validation). Ratio = ours / Prisma validate (> 1: we are slower); it compares "
            "like with like only where Prisma found the schema valid.")
    return head + "\n\n" + _table(
        ["schema", "ours analyze ms", f"prisma validate ms (best of {runs})", "prisma lint ms",
         "ratio", "valid for Prisma 7"], rows)


def bench_rules(big: int, runs: int, results: dict[str, Any]) -> str:
    """All rules vs parse + model + validation, on the largest real schema and a
    generated one (the rules must stay well under the analysis they read)."""
    from analysis.api import analyze
    from analysis.lint import lint
    from analysis.rules import all_rules
    from analysis.text import SourceFile
    from bench.generate import generate_schema

    cases: list[tuple[str, list[Any]]] = []
    schemas = real_schemas()
    if schemas:
        name, paths = max(schemas, key=lambda s: _lines([p.read_text() for p in s[1]]))
        cases.append((f"real: {name}", _load(paths)))
    cases.append((f"generated, {big:,} models", [SourceFile("g.prisma", generate_schema(big))]))
    rows, data = [], []
    for label, files in cases:
        gc.collect()  # each case from a heap without the garbage of the ones before
        analysis = analyze(files)
        analyze_s, _ = _best(lambda files=files: analyze(files), runs)
        rules_s, _ = _best(lambda analysis=analysis: lint(analysis), runs)
        findings = len(lint(analysis))
        entry = {"schema": label, "analyze_s": analyze_s, "rules_s": rules_s,
                 "findings": findings, "rules": len(all_rules())}
        data.append(entry)
        rows.append([label, entry["rules"], _ms(analyze_s), _ms(rules_s),
                     f"{100 * rules_s / analyze_s:.0f} %", findings])
    results["rules"] = data
    return _table(["schema", "rules", f"analyze ms (best of {runs})", "all rules ms",
                   "rules / analysis", "findings"], rows)


def _node_version() -> str:
    try:
        return subprocess.run(["node", "--version"], capture_output=True, text=True,
                              check=False).stdout.strip()
    except OSError:
        return "?"


# ---------------------------------------------------------------------------
# Targets and main
# ---------------------------------------------------------------------------


def targets(results: dict[str, Any]) -> str:
    rows = []

    def row(what: str, target: str, value: float | None, limit: float, unit: str,
            cpu: float | None = None) -> None:
        def show(v: float) -> str:
            return f"{v:,.2f} s" if unit == "s" else f"{v * 1000:,.1f} ms"

        if value is None:
            rows.append([what, target, "not measured", "–", "–"])
        else:
            rows.append([what, target, show(value), "–" if cpu is None else show(cpu),
                         "met" if value < limit else "**missed**"])

    gen = {d["models"]: d for d in results.get("generated", [])}
    biggest = max(gen) if gen else None
    row(f"{biggest or 5000:,} models, cold (fresh process, 1st analysis)", "< 3 s",
        gen[biggest]["cold_s"] if biggest == 5000 else None, TARGET_COLD_5000_S, "s",
        gen[biggest]["cold_cpu_s"] if biggest == 5000 else None)
    inc = results.get("incremental", [])
    gen_inc = next((d for d in inc if d["schema"].startswith("generated, 5,000")), None)
    real_inc = next((d for d in inc if d["schema"].startswith("real")), None)
    row("one-char edit, 5,000 models (median)", "< 50 ms",
        gen_inc["insert_median_s"] if gen_inc else None, TARGET_EDIT_5000_MS / 1000, "ms",
        gen_inc["insert_cpu_median_s"] if gen_inc else None)
    row("one-char edit, 5,000 models (worst)", "< 50 ms",
        gen_inc["insert_worst_s"] if gen_inc else None, TARGET_EDIT_5000_MS / 1000, "ms",
        gen_inc["insert_cpu_worst_s"] if gen_inc else None)
    label = real_inc["schema"].removeprefix("real: ") if real_inc else "largest real schema"
    row(f"one-char edit, {label} (median)", "< 10 ms",
        real_inc["insert_median_s"] if real_inc else None, TARGET_EDIT_REAL_MS / 1000, "ms",
        real_inc["insert_cpu_median_s"] if real_inc else None)
    row(f"one-char edit, {label} (worst)", "< 10 ms",
        real_inc["insert_worst_s"] if real_inc else None, TARGET_EDIT_REAL_MS / 1000, "ms",
        real_inc["insert_cpu_worst_s"] if real_inc else None)
    checks = results.get("recheck", [])
    gen_check = next((d for d in checks if d["schema"].startswith("generated, 5,000")), None)
    real_checks = [d for d in checks if d["schema"].startswith("real") and d["worst_s"]]
    row("recheck after a one-char edit, 5,000 models (median)", "< 60 ms",
        gen_check["median_s"] if gen_check else None, TARGET_RECHECK_5000_MS / 1000, "ms",
        gen_check["cpu_median_s"] if gen_check else None)
    slowest = max(real_checks, key=lambda d: d["median_s"]) if real_checks else None
    row("recheck after a one-char edit, every real schema (slowest median)", "< 20 ms",
        slowest["median_s"] if slowest else None, TARGET_RECHECK_REAL_MS / 1000, "ms",
        slowest["cpu_median_s"] if slowest else None)
    cli = results.get("cli", {})
    row("CLI `check` on a small file (median)", "< 0.5 s", cli.get("median_s"),
        TARGET_CLI_S, "s", cli.get("cpu_median_s"))
    for entry in results.get("rules", []):
        share = entry["rules_s"] / entry["analyze_s"]
        rows.append([f"all rules / analysis, {entry['schema']}", "< 30 %", f"{share:.0%}", "–",
                     "met" if share < TARGET_RULES_SHARE else "**missed**"])
    most = max(real_checks, key=lambda d: d["findings"]) if real_checks else None
    for check in (gen_check, slowest, most if most is not slowest else None):
        if check is None or check.get("rules_cpu_median_s") is None:
            continue
        rules, again = check["rules_cpu_median_s"], check["reanalyze_cpu_median_s"]
        rows.append([f"rules after a one-char edit ≤ re-analysis, {check['schema']} (cpu medians)",
                     "≤ 1×", f"{rules / again:.1f}× ({rules * 1000:.1f} / {again * 1000:.1f} ms)",
                     "–", "met" if rules <= again else "**missed**"])
    return _table(["target", "goal", "measured (wall)", "cpu", ""], rows)


def _machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                            capture_output=True, text=True, check=False).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "analysis", "grammars"],
                           cwd=REPO, capture_output=True, text=True, check=False).stdout.strip()
    if dirty:
        commit += " + uncommitted changes in analysis/ or grammars/"
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "python": platform.python_version(),
            "load_at_start": f"{load[0]:.2f}",
            "platform": platform.platform(), "cpu": cpu, "cores": os.cpu_count(),
            "commit": commit}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="a reduced set, for smoke tests")
    ap.add_argument("--json", type=Path, help="also write all figures to this JSON file")
    ap.add_argument("--no-peers", action="store_true", help="skip the Prisma wasm comparison")
    ap.add_argument("--only", choices=["recheck", "rules"],
                    help="run one section alone (recheck: h, rules: g)")
    ap.add_argument("--child", nargs="*", help=argparse.SUPPRESS)
    ap.add_argument("--repeat", type=int, default=3, help=argparse.SUPPRESS)
    ap.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child is not None:
        child(args.child, args.repeat, args.trace)
        return 0

    sys.path.insert(0, str(REPO))
    if args.quick:
        runs, sizes, big, edits, cli_runs = 1, (100, 1000), 1000, 5, 2
    else:
        runs, sizes, big, edits, cli_runs = 3, (100, 1000, 3000, 5000), 5000, 20, 5
    results: dict[str, Any] = {"machine": _machine(), "quick": args.quick}
    m = results["machine"]
    out = [f"# prisma-architect benchmarks{' (quick)' if args.quick else ''}", "",
           f"{m['date']}; {m['cores']} cores, {m['cpu']}; Python {m['python']}; "
           f"commit {m['commit']}; load average at start {m['load_at_start']}", ""]
    with tempfile.TemporaryDirectory(prefix="prisma-architect-bench-") as tmp:
        workdir = Path(tmp)
        sections: list[tuple[str, Callable[[], str]]] = [
            ("a. Real schemas: full analysis", lambda: bench_real(runs, results)),
            ("b. Generated schemas: full analysis",
             lambda: bench_generated(sizes, runs, workdir, results)),
            ("c. Incremental: one-character edit in a field name",
             lambda: bench_incremental(big, edits, workdir, results)),
            ("h. Keystroke: `recheck` after a one-character edit",
             lambda: bench_recheck(sizes, edits, workdir, results)),
            (f"d. Memory: {big:,}-model analysis", lambda: bench_memory(big, workdir, results)),
            ("e. CLI start-up", lambda: bench_cli(cli_runs, workdir, results)),
            ("g. Rules: time of all rules beside the analysis",
             lambda: bench_rules(big, runs, results)),
        ]
        if args.only is not None:
            wanted = {"recheck": "h.", "rules": "g."}[args.only]
            sections = [s for s in sections if s[0].startswith(wanted)]
        elif not args.no_peers:
            sections.append(("f. Peers: Prisma's own validator (wasm)",
                             lambda: bench_peers(sizes, runs, workdir, results)))
        for title, fn in sections:
            _log(title)
            body = fn()
            out += [f"## {title}", "", body, ""]
        out += ["## Targets", "", targets(results), ""]
    text = "\n".join(out)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
