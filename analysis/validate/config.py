"""Validation checks: the `datasource` and `generator` blocks.

What Prisma's configuration loader rejects (codes :data:`CONFIG`, warnings
:data:`WARNING`):

* datasources: at most one; `provider` present, a string literal and a known
  connector; `url` required by Prisma 6 and rejected (with `directUrl` and
  `shadowDatabaseUrl`) by Prisma 7, whose connection URLs live in
  `prisma.config.ts`; string-or-`env("…")` values and the `env()` call itself;
  `shadowDatabaseUrl` equal to `url` or `directUrl`; `relationMode` (and the
  deprecated `referentialIntegrity`); `schemas`; PostgreSQL `extensions`;
  `previewFeatures` in the wrong block; unknown properties;
* generators: `provider` present; `previewFeatures` known for the Prisma
  version and provider (stabilized and deprecated ones only warn).

Prisma validates the configuration independently of the models, so nothing
here is gated by other findings.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from analysis.model.schema import ConfigBlock, Datasource, Decl, Generator, Schema
from analysis.syntax.nodes import (
    ArrayExpr,
    ConstRef,
    Expression,
    FuncCall,
    KeyValue,
    NumberLit,
    StringLit,
)
from analysis.validate.codes import CONFIG, DUPLICATE, WARNING
from analysis.validate.report import Report

#: Provider spellings Prisma knows → the connector they select.
PROVIDERS = {
    "postgresql": "postgresql",
    "postgres": "postgresql",
    "mysql": "mysql",
    "sqlite": "sqlite",
    "sqlserver": "sqlserver",
    "mongodb": "mongodb",
    "cockroachdb": "cockroachdb",
}

#: How messages name each connector.
PROVIDER_NAMES = {
    "postgresql": "PostgreSQL",
    "cockroachdb": "CockroachDB",
    "mysql": "MySQL",
    "sqlite": "SQLite",
    "sqlserver": "SQL Server",
    "mongodb": "MongoDB",
}

#: Connectors that support several database schemas (`schemas = [...]`).
MULTI_SCHEMA_PROVIDERS = frozenset({"postgresql", "cockroachdb", "sqlserver"})

_URL_KEYS = ("url", "directUrl", "shadowDatabaseUrl")
_DATASOURCE_KEYS = frozenset(
    {"provider", *_URL_KEYS, "relationMode", "referentialIntegrity", "schemas", "previewFeatures"}
)
_EXTENSION_ARGS = frozenset({"version", "schema", "map"})

# ---------------------------------------------------------------------------
# Preview features (Prisma 6.19, psl-core `preview_features.rs`)
# ---------------------------------------------------------------------------

#: Valid and listed.
ACTIVE_FEATURES = (
    "metrics",
    "nativeDistinct",
    "postgresqlExtensions",
    "relationJoins",
    "schemaEngineDriverAdapters",
    "shardKeys",
    "strictUndefinedChecks",
    "views",
)
#: Valid only with one connector.
NATIVE_FEATURES = {"fullTextSearchPostgres": "postgresql"}
#: Valid but not advertised.
HIDDEN_FEATURES = ("reactNative", "typedSql")
#: Generally available now: accepted with a warning.
STABILIZED_FEATURES = (
    "atomicNumberOperations",
    "aggregateApi",
    "clientExtensions",
    "connectOrCreate",
    "createMany",
    "dataProxy",
    "deno",
    "distinct",
    "driverAdapters",
    "extendedIndexes",
    "extendedWhereUnique",
    "fieldReference",
    "filteredRelationCount",
    "filterJson",
    "fullTextIndex",
    "fullTextSearch",
    "groupBy",
    "improvedQueryRaw",
    "interactiveTransactions",
    "jsonProtocol",
    "middlewares",
    "multiSchema",
    "namedConstraints",
    "nApi",
    "nativeTypes",
    "omitApi",
    "orderByAggregateGroup",
    "orderByNulls",
    "orderByRelation",
    "prismaSchemaFolder",
    "queryCompiler",
    "referentialActions",
    "referentialIntegrity",
    "selectRelationCount",
    "tracing",
    "transactionApi",
    "uncheckedScalarInputs",
)
#: Deprecated (going away): accepted with a warning by Prisma 6, unknown to Prisma 7.
DEPRECATED_FEATURES = ("metrics",)
#: Removed by Prisma 7 (an error there).
_REMOVED_IN_7 = frozenset(f.lower() for f in DEPRECATED_FEATURES)
#: Stabilized under another name for one connector.
RENAMED_FEATURES = {("fullTextSearch", "postgresql"): "fullTextSearchPostgres"}


def _lower_map(names: Iterable[str]) -> dict[str, str]:
    return {name.lower(): name for name in names}


_ALL_FEATURES = _lower_map(
    (*ACTIVE_FEATURES, *NATIVE_FEATURES, *HIDDEN_FEATURES, *STABILIZED_FEATURES)
)


def known_preview_features(provider: str | None, prisma_version: int) -> list[str]:
    """The preview features a generator may enable (what completion offers)."""
    features = [f for f in ACTIVE_FEATURES
                if not (prisma_version >= 7 and f in DEPRECATED_FEATURES)]
    features += [f for f, p in NATIVE_FEATURES.items() if p == provider]
    return features


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """` Did you mean "x"?` for the candidate closest to a misspelled ``name``, or ``""``."""
    options = list(candidates)
    lower = {c.lower(): c for c in options}
    if name.lower() in lower:
        return f' Did you mean "{lower[name.lower()]}"?'
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.8)
    return f' Did you mean "{close[0]}"?' if close else ""


def describe(expr: Expression) -> str:
    """How a value is called in messages."""
    if isinstance(expr, StringLit):
        return "a string"
    if isinstance(expr, NumberLit):
        return "a number"
    if isinstance(expr, ConstRef):
        return "a constant"
    if isinstance(expr, ArrayExpr):
        return "a list"
    return "a function call"


def _render(node: object) -> str:
    if isinstance(node, StringLit):
        return node.raw
    if isinstance(node, (NumberLit, ConstRef)):
        return node.text
    if isinstance(node, ArrayExpr):
        return "[" + ", ".join(_render(item) for item in node.items) + "]"
    if isinstance(node, FuncCall):
        parts = []
        for arg in node.args.args:
            value = _render(arg.value) if arg.value is not None else ""
            parts.append(f"{arg.name.text}: {value}" if arg.name is not None else value)
        return f"{node.name.text}({', '.join(parts)})"
    return ""


class _Checker:
    def __init__(self, schema: Schema, report: Report) -> None:
        self.schema = schema
        self.report = report

    def error(self, decl: Decl, node: object, message: str) -> None:
        self.report.error(CONFIG, message, decl.span(node))

    def warning(self, decl: Decl, node: object, message: str) -> None:
        self.report.warning(WARNING, message, decl.span(node))

    # -- values -------------------------------------------------------------

    def env_call(self, decl: Decl, call: FuncCall) -> bool:
        """Check an `env("VAR")` call; ``True`` when it is usable."""
        args = call.args.args
        for arg in args:
            if arg.name is not None and arg.value is not None:
                self.warning(decl, arg, "`env()` takes no named argument: write "
                             f"`env({_render(arg.value)})`.")
        if args and all(arg.value is None for arg in args):
            self.error(decl, call, "`env()` expects exactly one unnamed string argument, "
                       'the name of an environment variable: `env("DATABASE_URL")`.')
            return False
        if len(args) != 1 or call.args.trailing_comma:
            self.error(decl, call, "`env()` expects exactly one string argument, "
                       'the name of an environment variable: `env("DATABASE_URL")`.')
            return False
        value = args[0].value
        if value is not None and not isinstance(value, StringLit):
            self.error(decl, value, "The argument of `env()` must be a string (the name of an "
                       f"environment variable), but this is {describe(value)}: "
                       f"`{_render(value)}`.")
            return False
        return True

    def string_or_env(self, decl: Decl, kv: KeyValue) -> bool:
        """A value that must be a string literal or `env("…")`."""
        value = kv.value
        if isinstance(value, StringLit):
            return True
        if isinstance(value, FuncCall) and value.name.text == "env":
            return self.env_call(decl, value)
        self.error(decl, value, f"`{kv.key.text}` must be a string or `env(\"…\")`, but this is "
                   f"{describe(value)}: `{_render(value)}`.")
        return False

    def string_list(self, decl: Decl, kv: KeyValue) -> bool:
        """A value that must be a string or a list of strings."""
        items = kv.value.items if isinstance(kv.value, ArrayExpr) else (kv.value,)
        ok = True
        for item in items:
            if not isinstance(item, StringLit):
                self.error(decl, item, f"The entries of `{kv.key.text}` must be strings, but this "
                           f"is {describe(item)}: `{_render(item)}`.")
                ok = False
        return ok

    # -- datasource -----------------------------------------------------------

    def datasources(self) -> None:
        sources = self.schema.datasources
        if len(sources) > 1:
            for ds in sources:
                self.error(ds.decl, ds.decl.block.name,
                           f'More than one datasource: "{ds.name}" is one of '
                           f"{len(sources)}. A Prisma schema has exactly one datasource.")
        for ds in sources:
            self.datasource(ds)

    def datasource(self, ds: Datasource) -> None:
        decl, props = ds.decl, ds.properties
        name_node = decl.block.name
        provider_kv = props.get("provider")
        if provider_kv is None:
            self.error(decl, name_node, f'The datasource "{ds.name}" has no `provider`: add '
                       'one, e.g. `provider = "postgresql"`.')
            return
        value = provider_kv.value
        if isinstance(value, FuncCall) and value.name.text == "env":
            self.error(decl, name_node, "The datasource `provider` cannot come from `env()`: write "
                       'the provider as a string, e.g. `provider = "postgresql"`.')
            return
        if not isinstance(value, StringLit):
            self.error(decl, value, "The datasource `provider` must be a string literal, e.g. "
                       '`provider = "postgresql"`.')
            return
        if value.value == "":
            self.error(decl, value, "The datasource `provider` must not be empty.")
            return
        provider = PROVIDERS.get(value.value)
        if provider is None:
            self.error(decl, value, f'Unknown datasource provider "{value.value}". Expected one '
                       "of: postgresql, postgres, mysql, sqlite, sqlserver, mongodb, cockroachdb.")
            return
        self.relation_mode(ds, provider)
        self.extensions(ds, provider)
        if self.schema.prisma_version >= 7:
            self.urls_v7(ds)
        else:
            self.urls_v6(ds, provider)
        if "previewFeatures" in props:
            self.error(decl, props["previewFeatures"], "`previewFeatures` belongs in a generator "
                       "block, not in the datasource: move it to the generator.")
        self.schemas(ds, provider)
        for key, kv in props.items():
            if key in _DATASOURCE_KEYS or (key == "extensions" and provider in (
                    "postgresql", "cockroachdb")):
                continue
            hint = did_you_mean(key, sorted(_DATASOURCE_KEYS - {"referentialIntegrity"}))
            self.error(decl, kv, f'Unknown datasource property "{key}".{hint}')

    def relation_mode(self, ds: Datasource, provider: str) -> None:
        decl, props = ds.decl, ds.properties
        legacy = props.get("referentialIntegrity")
        if legacy is not None:
            self.warning(decl, legacy, "`referentialIntegrity` is deprecated: use `relationMode` "
                         "instead (https://pris.ly/d/relation-mode).")
        mode = props.get("relationMode")
        if mode is not None and legacy is not None:
            self.error(decl, legacy, "`referentialIntegrity` and `relationMode` cannot be used "
                       "together: keep only `relationMode`.")
            return
        kv = mode or legacy
        if kv is None:
            return
        if not isinstance(kv.value, StringLit):
            self.error(decl, kv.value, f"`{kv.key.text}` must be a string (\"prisma\" or "
                       f"\"foreignKeys\"), but this is {describe(kv.value)}: "
                       f"`{_render(kv.value)}`.")
            return
        setting = kv.value.value
        if setting not in ("prisma", "foreignKeys"):
            self.error(decl, decl.block.name, f'Invalid relation mode "{setting}" in datasource '
                       f'"{ds.name}": expected "prisma" or "foreignKeys".')
        elif provider == "mongodb" and setting == "foreignKeys":
            self.error(decl, kv.value, 'MongoDB has no foreign keys: the only relation mode it '
                       'supports is "prisma".')

    def urls_v6(self, ds: Datasource, provider: str) -> None:
        decl, props = ds.decl, ds.properties
        url = props.get("url")
        if url is None:
            adapters = any(f.lower() == "schemaenginedriveradapters"
                           for f in self.schema.preview_features)
            if not (adapters and provider == "sqlite"):
                self.error(decl, decl.block.name, f'The datasource "{ds.name}" has no `url`: '
                           'Prisma 6 requires one, e.g. `url = env("DATABASE_URL")`.')
                return
        elif not self.string_or_env(decl, url):
            return
        shadow = props.get("shadowDatabaseUrl")
        shadow_ok = shadow is not None and self.string_or_env(decl, shadow)
        direct = props.get("directUrl")
        direct_ok = direct is not None and self.string_or_env(decl, direct)
        if not shadow_ok or shadow is None:
            return
        shadow_key = _url_key(shadow.value)
        if shadow_key == ("literal", ""):
            return
        if direct_ok and direct is not None and _url_key(direct.value) == shadow_key:
            self.error(decl, direct.value, f'`shadowDatabaseUrl` is the same as `directUrl` in '
                       f'datasource "{ds.name}": Migrate would reset that database. Use a '
                       "separate database as shadow database.")
        if url is not None and _url_key(url.value) == shadow_key:
            self.error(decl, url.value, f'`shadowDatabaseUrl` is the same as `url` in datasource '
                       f'"{ds.name}": Migrate would reset that database. Use a separate database '
                       "as shadow database.")

    def urls_v7(self, ds: Datasource) -> None:
        for key in _URL_KEYS:
            kv = ds.properties.get(key)
            if kv is not None:
                self.error(ds.decl, kv, f"Prisma 7 no longer reads `{key}` from the schema: move "
                           "the connection URL to `prisma.config.ts` "
                           "(https://pris.ly/d/config-datasource).")

    def schemas(self, ds: Datasource, provider: str) -> None:
        kv = ds.properties.get("schemas")
        if kv is None or not self.string_list(ds.decl, kv):
            return
        if provider not in MULTI_SCHEMA_PROVIDERS:
            self.error(ds.decl, kv.value, "The `schemas` property is not supported by this "
                       "provider (only PostgreSQL, CockroachDB and SQL Server have several "
                       "schemas).")
            return
        items = kv.value.items if isinstance(kv.value, ArrayExpr) else (kv.value,)
        if not items:
            self.error(ds.decl, kv.value, "The `schemas` list must not be empty: list the "
                       "database schemas, or remove the property.")
            return
        seen: dict[str, StringLit] = {}
        for item in items:
            assert isinstance(item, StringLit)
            first = seen.setdefault(item.value, item)
            if first is not item:
                self.error(ds.decl, first, f'The schema "{item.value}" is listed twice in '
                           "`schemas`.")

    def extensions(self, ds: Datasource, provider: str) -> None:
        kv = ds.properties.get("extensions")
        if kv is None:
            return
        decl = ds.decl
        if provider not in ("postgresql", "cockroachdb"):
            return  # reported as an unknown property
        if provider != "postgresql":
            return
        items = kv.value.items if isinstance(kv.value, ArrayExpr) else (kv.value,)
        ok = True
        for item in items:
            if isinstance(item, ConstRef):
                name = item.text
            elif isinstance(item, FuncCall):
                name = item.name.text
                ok = self.extension_args(decl, item) and ok
            else:
                self.error(decl, item, "An extension is written as a name, optionally with "
                           'arguments (`postgis` or `postgis(version: "3.4")`), but this is '
                           f"{describe(item)}: `{_render(item)}`.")
                ok = False
                continue
            if "-" in name:
                self.error(decl, item, f"The extension name `{name}` contains `-`, which is not "
                           'allowed: use `map`, e.g. `uuid_ossp(map: "uuid-ossp")`.')
                ok = False
        enabled = any(f.lower() == "postgresqlextensions" for f in self.schema.preview_features)
        if ok and not enabled and self.schema.prisma_version < 7:
            self.error(decl, kv, "The `extensions` property needs the "
                       "`postgresqlExtensions` preview feature in the generator.")

    def extension_args(self, decl: Decl, call: FuncCall) -> bool:
        ok = True
        seen: set[str] = set()
        for arg in call.args.args:
            if arg.name is None:
                self.error(decl, arg, "Extension arguments are named: `version`, `schema` or "
                           "`map`.")
                ok = False
                continue
            key = arg.name.text
            if key not in _EXTENSION_ARGS:
                self.error(decl, arg, f'Unknown extension argument "{key}": expected `version`, '
                           "`schema` or `map`.")
                ok = False
            elif key in seen:
                self.error(decl, arg, f"The extension argument `{key}` is given twice.")
                ok = False
            elif not isinstance(arg.value, StringLit):
                self.error(decl, arg.value if arg.value is not None else arg,
                           f"The extension argument `{key}` must be a string.")
                ok = False
            seen.add(key)
        return ok

    # -- generators -----------------------------------------------------------

    def generator(self, gen: Generator) -> None:
        decl, props = gen.decl, gen.properties
        provider = props.get("provider")
        if provider is None:
            self.error(decl, decl.block.name, f'The generator "{gen.name}" has no `provider`: add '
                       'one, e.g. `provider = "prisma-client"`.')
            return
        if not self.string_or_env(decl, provider):
            return
        engine = props.get("engineType")
        if engine is not None and not isinstance(engine.value, StringLit):
            self.error(decl, engine.value, "`engineType` must be a string, but this is "
                       f"{describe(engine.value)}: `{_render(engine.value)}`.")
        output = props.get("output")
        if output is not None:
            self.string_or_env(decl, output)
        targets = props.get("binaryTargets")
        if targets is not None:
            items = targets.value.items if isinstance(targets.value, ArrayExpr) else (
                targets.value,)
            for item in items:
                if isinstance(item, FuncCall) and item.name.text == "env":
                    self.env_call(decl, item)
                elif not isinstance(item, StringLit):
                    self.error(decl, item, "The entries of `binaryTargets` must be strings or "
                               f"`env(\"…\")`, but this is {describe(item)}: `{_render(item)}`.")
        features = props.get("previewFeatures")
        if features is not None and self.string_list(decl, features):
            self.preview_features(decl, features)
        for key, kv in props.items():
            if key in ("provider", "output", "binaryTargets", "previewFeatures", "engineType"):
                continue
            self.env_calls_in(decl, kv.value)

    def env_calls_in(self, decl: Decl, value: Expression) -> None:
        if isinstance(value, FuncCall) and value.name.text == "env":
            self.env_call(decl, value)
        elif isinstance(value, ArrayExpr):
            for item in value.items:
                self.env_calls_in(decl, item)

    def preview_features(self, decl: Decl, kv: KeyValue) -> None:
        provider = self.schema.provider
        version = self.schema.prisma_version
        items = kv.value.items if isinstance(kv.value, ArrayExpr) else (kv.value,)
        for item in items:
            assert isinstance(item, StringLit)
            written = item.value
            canonical = _ALL_FEATURES.get(written.lower())
            if canonical in DEPRECATED_FEATURES:
                if version >= 7:
                    canonical = None
                else:
                    self.warning(decl, kv.value, f'The preview feature "{written}" is deprecated '
                                 "and will be removed: remove it from `previewFeatures`.")
                    continue
            if canonical in STABILIZED_FEATURES:
                renamed = RENAMED_FEATURES.get((canonical, provider or ""))
                if renamed is not None:
                    self.warning(decl, kv.value, f'With `provider = "{provider}"`, the preview '
                                 f'feature "{written}" is now called "{renamed}" '
                                 "(https://pris.ly/d/fts-postgres).")
                else:
                    self.warning(decl, kv.value, f'The preview feature "{written}" is generally '
                                 "available now: remove it from `previewFeatures`, its "
                                 "functionality works without it.")
                continue
            if canonical in NATIVE_FEATURES and NATIVE_FEATURES[canonical] == provider:
                continue
            if canonical in ACTIVE_FEATURES or canonical in HIDDEN_FEATURES:
                continue
            candidates = known_preview_features(provider, version)
            known = ", ".join(candidates)
            message = (f'Unknown preview feature "{written}".{did_you_mean(written, candidates)} '
                       f"Known preview features: {known}.")
            if version >= 7 and canonical is None and written.lower() not in _REMOVED_IN_7:
                # Prisma 7 may know features newer than this list: warn only.
                self.warning(decl, kv.value, message)
            else:
                self.error(decl, kv.value, message)


def _url_key(value: Expression) -> tuple[str, str] | None:
    if isinstance(value, StringLit):
        return ("literal", value.value)
    if isinstance(value, FuncCall) and value.name.text == "env" and len(value.args.args) == 1:
        arg = value.args.args[0].value
        if isinstance(arg, StringLit):
            return ("env", arg.value)
    return None


def _duplicate_keys(checker: _Checker, block: ConfigBlock, kind: str) -> None:
    seen: set[str] = set()
    for kv in block.decl.block.properties:
        key = kv.key.text
        if key in seen:
            checker.report.error(DUPLICATE, f'The property "{key}" is already defined in '
                                 f'{kind} "{block.name}".', block.decl.span(kv.key))
        seen.add(key)


def check_config(schema: Schema, report: Report) -> None:
    """The datasources and generators (Prisma's configuration validation)."""
    checker = _Checker(schema, report)
    for ds in schema.datasources:
        _duplicate_keys(checker, ds, "datasource")
    for gen in schema.generators:
        _duplicate_keys(checker, gen, "generator")
    checker.datasources()
    for gen in schema.generators:
        checker.generator(gen)
