"""Configuration validation (analysis.validate.config): datasources, generators,
`url` per Prisma version, `env()`, relation modes, schemas, extensions and
preview features."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.api import analyze
from analysis.validate.codes import CONFIG, DUPLICATE, WARNING
from tests.helpers import errors, real_manifest, schema_files
from tests.helpers import findings as diags

MODEL = "\nmodel User {\n  id Int @id\n}\n"


def schema(datasource_body: str, generator_body: str | None = None) -> str:
    text = f"datasource db {{\n{datasource_body}}}\n"
    if generator_body is not None:
        text += f"\ngenerator client {{\n{generator_body}}}\n"
    return text + MODEL


# ---------------------------------------------------------------------------
# Valid configurations (no findings at all)
# ---------------------------------------------------------------------------

# Shaped like the real schemas of the corpus (documenso, langfuse, dub):
# pooled and direct URLs, shadow database, relation mode, preview features.
REAL_LIKE_V6 = """\
generator client {
  provider        = "prisma-client-js"
  previewFeatures = ["views", "relationJoins"]
  binaryTargets   = ["native", env("EXTRA_TARGET")]
  output          = "../generated/client"
}

generator json {
  provider  = "prisma-json-types-generator"
  namespace = "PrismaJson"
  custom    = env("CUSTOM")
}

datasource db {
  provider          = "postgresql"
  url               = env("DATABASE_URL")
  directUrl         = env("DIRECT_URL")
  shadowDatabaseUrl = env("SHADOW_DATABASE_URL")
  relationMode      = "foreignKeys"
}
""" + MODEL


def test_real_like_configuration_is_valid_for_prisma_6() -> None:
    assert diags(REAL_LIKE_V6) == []


@pytest.mark.parametrize("provider", ["postgresql", "postgres", "mysql", "sqlite", "sqlserver",
                                      "cockroachdb"])
def test_every_provider_spelling_is_valid(provider: str) -> None:
    assert diags(schema(f'  provider = "{provider}"\n  url = env("DB")\n')) == []


def test_prisma_7_schema_without_urls_is_valid() -> None:
    text = schema('  provider = "postgresql"\n  relationMode = "prisma"\n',
                  '  provider = "prisma-client"\n  previewFeatures = ["views"]\n')
    assert diags(text, version=7) == []


def test_sqlite_with_schema_engine_driver_adapters_needs_no_url() -> None:
    text = schema('  provider = "sqlite"\n',
                  '  provider = "prisma-client"\n'
                  '  previewFeatures = ["schemaEngineDriverAdapters"]\n')
    assert diags(text) == []


def test_multi_schema_extensions_and_native_feature_are_valid() -> None:
    text = schema('  provider   = "postgresql"\n  url        = env("DB")\n'
                  '  schemas    = ["public", "auth"]\n'
                  '  extensions = [pgcrypto, postgis(version: "3.4", schema: "gis"), '
                  'uuid_ossp(map: "uuid-ossp")]\n',
                  '  provider = "prisma-client-js"\n'
                  '  previewFeatures = ["postgresqlExtensions", "fullTextSearchPostgres", '
                  '"typedSql", "STRICTUNDEFINEDCHECKS"]\n')
    text = text.replace("model User {\n  id Int @id\n}",
                        'model User {\n  id Int @id\n\n  @@schema("auth")\n}')
    assert diags(text) == []


def test_empty_shadow_database_url_is_not_compared() -> None:
    text = schema('  provider = "postgresql"\n  url = ""\n  shadowDatabaseUrl = ""\n')
    assert diags(text) == []


def test_named_env_argument_only_warns() -> None:
    text = schema('  provider = "mysql"\n  url      = env(named: "DATABASE_URL")\n')
    assert diags(text) == [
        (WARNING, '`env()` takes no named argument: write `env("DATABASE_URL")`.',
         'named: "DATABASE_URL"'),
    ]


# ---------------------------------------------------------------------------
# Datasources
# ---------------------------------------------------------------------------


def test_more_than_one_datasource() -> None:
    text = ('datasource db {\n  provider = "sqlite"\n  url = "file:a.db"\n}\n'
            'datasource other {\n  provider = "sqlite"\n  url = "file:b.db"\n}\n' + MODEL)
    assert errors(text) == [
        (CONFIG, 'More than one datasource: "db" is one of 2. A Prisma schema has exactly one '
         "datasource.", "db"),
        (CONFIG, 'More than one datasource: "other" is one of 2. A Prisma schema has exactly '
         "one datasource.", "other"),
    ]


def test_duplicate_datasource_name_is_a_duplicate() -> None:
    text = ('datasource db {\n  provider = "sqlite"\n  url = "file:a.db"\n}\n'
            'datasource db {\n  provider = "sqlite"\n  url = "file:b.db"\n}\n' + MODEL)
    found = errors(text)
    assert (DUPLICATE, 'The datasource "db" cannot be defined because a datasource with that '
            "name already exists.", "db") in found
    assert [f for f in found if f[0] == CONFIG] == [
        (CONFIG, 'More than one datasource: "db" is one of 2. A Prisma schema has exactly one '
         "datasource.", "db"),
    ] * 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            schema('  url = env("DB")\n'),
            [
                (
                    CONFIG,
                    'The datasource "db" has no `provider`: add one, e.g. `provider = '
                    '"postgresql"`.',
                    "db",
                ),
            ],
            id="missing_provider",
        ),
        pytest.param(
            schema('  provider = "oracle"\n  url = env("DB")\n'),
            [
                (
                    CONFIG,
                    'Unknown datasource provider "oracle". Expected one of: postgresql, postgres, '
                    "mysql, sqlite, sqlserver, mongodb, cockroachdb.",
                    '"oracle"',
                ),
            ],
            id="unknown_provider",
        ),
    ],
)
def test_datasource_provider_errors(text: str, expected: list[tuple[str, ...]]) -> None:
    assert errors(text) == expected


def test_provider_from_env_and_not_a_string() -> None:
    assert errors(schema('  provider = env("P")\n  url = env("DB")\n')) == [
        (CONFIG, "The datasource `provider` cannot come from `env()`: write the provider as a "
         'string, e.g. `provider = "postgresql"`.', "db"),
    ]
    assert errors(schema('  provider = postgresql\n  url = env("DB")\n')) == [
        (CONFIG, 'The datasource `provider` must be a string literal, e.g. `provider = '
         '"postgresql"`.', "postgresql"),
    ]


def test_prisma_6_requires_url() -> None:
    assert errors(schema('  provider = "postgresql"\n')) == [
        (CONFIG, 'The datasource "db" has no `url`: Prisma 6 requires one, e.g. '
         '`url = env("DATABASE_URL")`.', "db"),
    ]


def test_url_still_required_with_driver_adapters_on_postgres() -> None:
    text = schema('  provider = "postgres"\n', '  provider = "prisma-client"\n'
                  '  previewFeatures = ["schemaEngineDriverAdapters"]\n')
    assert [m for _, m, _ in errors(text)] == [
        'The datasource "db" has no `url`: Prisma 6 requires one, e.g. '
        '`url = env("DATABASE_URL")`.'
    ]


def test_prisma_7_rejects_every_url_property() -> None:
    text = schema('  provider          = "postgresql"\n  url               = env("A")\n'
                  '  directUrl         = env("B")\n  shadowDatabaseUrl = env("C")\n')
    assert errors(text, version=7) == [
        (CONFIG, f"Prisma 7 no longer reads `{key}` from the schema: move the connection URL to "
         "`prisma.config.ts` (https://pris.ly/d/config-datasource).", source)
        for key, source in (("url", 'url               = env("A")'),
                            ("directUrl", 'directUrl         = env("B")'),
                            ("shadowDatabaseUrl", 'shadowDatabaseUrl = env("C")'))
    ]


def test_url_must_be_a_string_or_env() -> None:
    assert errors(schema('  provider = "postgresql"\n  url = 4\n')) == [
        (CONFIG, '`url` must be a string or `env("…")`, but this is a number: `4`.', "4"),
    ]


@pytest.mark.parametrize(
    ("call", "message", "covered"),
    [
        ("env(named: )", '`env()` expects exactly one unnamed string argument, the name of an '
         'environment variable: `env("DATABASE_URL")`.', "env(named: )"),
        ("env()", '`env()` expects exactly one string argument, the name of an environment '
         'variable: `env("DATABASE_URL")`.', "env()"),
        ('env("A", "B")', '`env()` expects exactly one string argument, the name of an '
         'environment variable: `env("DATABASE_URL")`.', 'env("A", "B")'),
        ("env(4)", "The argument of `env()` must be a string (the name of an environment "
         "variable), but this is a number: `4`.", "4"),
        ("env(true)", "The argument of `env()` must be a string (the name of an environment "
         "variable), but this is a constant: `true`.", "true"),
        ("env([DATABASE_URL])", "The argument of `env()` must be a string (the name of an "
         "environment variable), but this is a list: `[DATABASE_URL]`.", "[DATABASE_URL]"),
    ],
)
def test_env_arguments(call: str, message: str, covered: str) -> None:
    assert errors(schema(f'  provider = "postgresql"\n  url = {call}\n')) == [
        (CONFIG, message, covered),
    ]


def test_shadow_database_same_as_url_and_direct_url() -> None:
    text = schema('  provider = "mysql"\n  url = "mysql://x"\n  directUrl = "mysql://x"\n'
                  '  shadowDatabaseUrl = "mysql://x"\n')
    assert errors(text) == [
        (CONFIG, '`shadowDatabaseUrl` is the same as `url` in datasource "db": Migrate would '
         "reset that database. Use a separate database as shadow database.", '"mysql://x"'),
        (CONFIG, '`shadowDatabaseUrl` is the same as `directUrl` in datasource "db": Migrate '
         "would reset that database. Use a separate database as shadow database.",
         '"mysql://x"'),
    ]
    # Different variables are fine.
    ok = schema('  provider = "mysql"\n  url = env("A")\n  shadowDatabaseUrl = env("B")\n')
    assert diags(ok) == []
    same_env = schema('  provider = "mysql"\n  url = env("A")\n  shadowDatabaseUrl = env("A")\n')
    assert [c for c, _, _ in errors(same_env)] == [CONFIG]


def test_relation_mode_values() -> None:
    assert errors(schema('  provider = "mysql"\n  url = env("A")\n  relationMode = "emulated"\n')
                  ) == [
        (CONFIG, 'Invalid relation mode "emulated" in datasource "db": expected "prisma" or '
         '"foreignKeys".', "db"),
    ]
    assert errors(schema('  provider = "mongodb"\n  url = env("A")\n'
                         '  relationMode = "foreignKeys"\n')) == [
        (CONFIG, 'MongoDB has no foreign keys: the only relation mode it supports is "prisma".',
         '"foreignKeys"'),
    ]


def test_referential_integrity_is_deprecated_and_exclusive() -> None:
    legacy = schema('  provider = "mysql"\n  url = env("A")\n'
                    '  referentialIntegrity = "prisma"\n')
    assert diags(legacy) == [
        (WARNING, "`referentialIntegrity` is deprecated: use `relationMode` instead "
         "(https://pris.ly/d/relation-mode).", 'referentialIntegrity = "prisma"'),
    ]
    both = schema('  provider = "mysql"\n  url = env("A")\n  relationMode = "prisma"\n'
                  '  referentialIntegrity = "prisma"\n')
    assert errors(both) == [
        (CONFIG, "`referentialIntegrity` and `relationMode` cannot be used together: keep only "
         "`relationMode`.", 'referentialIntegrity = "prisma"'),
    ]


def test_schemas_property() -> None:
    assert errors(schema('  provider = "postgresql"\n  url = env("A")\n'
                         '  schemas = ["one", 2, ["three"]]\n')) == [
        (CONFIG, "The entries of `schemas` must be strings, but this is a number: `2`.", "2"),
        (CONFIG, 'The entries of `schemas` must be strings, but this is a list: `["three"]`.',
         '["three"]'),
    ]
    assert errors(schema('  provider = "postgresql"\n  url = env("A")\n  schemas = []\n')) == [
        (CONFIG, "The `schemas` list must not be empty: list the database schemas, or remove "
         "the property.", "[]"),
    ]
    assert errors(schema('  provider = "mysql"\n  url = env("A")\n  schemas = ["a"]\n')) == [
        (CONFIG, "The `schemas` property is not supported by this provider (only PostgreSQL, "
         "CockroachDB and SQL Server have several schemas).", '["a"]'),
    ]
    assert errors(schema('  provider = "postgresql"\n  url = env("A")\n'
                         '  schemas = ["a", "b", "a"]\n')) == [
        (CONFIG, 'The schema "a" is listed twice in `schemas`.', '"a"'),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            schema(
                '  provider = "sqlite"\n  url = env("A")\n  extensions = [postgis]\n'
                '  pool = 5\n  previewFeatures = ["views"]\n'
            ),
            [
                (CONFIG, 'Unknown datasource property "extensions".', "extensions = [postgis]"),
                (CONFIG, 'Unknown datasource property "pool".', "pool = 5"),
                (
                    CONFIG,
                    "`previewFeatures` belongs in a generator block, not in the datasource: move "
                    "it to the generator.",
                    'previewFeatures = ["views"]',
                ),
            ],
            id="unknown_properties_and_preview_features_in_datasource",
        ),
        pytest.param(
            schema('  provider = "sqlite"\n  url = "file:a.db"\n  url = "file:b.db"\n'),
            [
                (DUPLICATE, 'The property "url" is already defined in datasource "db".', "url"),
            ],
            id="duplicate_property",
        ),
    ],
)
def test_datasource_property_errors(text: str, expected: list[tuple[str, ...]]) -> None:
    assert errors(text) == expected


# ---------------------------------------------------------------------------
# PostgreSQL extensions
# ---------------------------------------------------------------------------

FEATURE = '  provider = "prisma-client"\n  previewFeatures = ["postgresqlExtensions"]\n'


@pytest.mark.parametrize(
    ("value", "message", "covered"),
    [
        ('[ "postgis" ]', 'An extension is written as a name, optionally with arguments '
         '(`postgis` or `postgis(version: "3.4")`), but this is a string: `"postgis"`.',
         '"postgis"'),
        ("[uuid-ossp]", "The extension name `uuid-ossp` contains `-`, which is not allowed: use "
         '`map`, e.g. `uuid_ossp(map: "uuid-ossp")`.', "uuid-ossp"),
        ('[postgis(version: "2.1", foobar: "1.0")]', 'Unknown extension argument "foobar": '
         "expected `version`, `schema` or `map`.", 'foobar: "1.0"'),
        ('[postgis(version: "2.1", version: "1.0")]', "The extension argument `version` is "
         "given twice.", 'version: "1.0"'),
        ("[postgis(version: 2.1)]", "The extension argument `version` must be a string.", "2.1"),
    ],
)
def test_extension_values(value: str, message: str, covered: str) -> None:
    text = schema(f'  provider = "postgresql"\n  url = "u"\n  extensions = {value}\n', FEATURE)
    assert errors(text) == [(CONFIG, message, covered)]


def test_extensions_need_the_preview_feature() -> None:
    text = schema('  provider = "postgresql"\n  url = "u"\n  extensions = [ postgis ]\n',
                  '  provider = "prisma-client"\n')
    assert errors(text) == [
        (CONFIG, "The `extensions` property needs the `postgresqlExtensions` preview feature in "
         "the generator.", "extensions = [ postgis ]"),
    ]


# ---------------------------------------------------------------------------
# Generators
# ---------------------------------------------------------------------------

DS = '  provider = "postgresql"\n  url = env("DB")\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            schema(DS, '  output = "x"\n'),
            [
                (
                    CONFIG,
                    'The generator "client" has no `provider`: add one, e.g. `provider = '
                    '"prisma-client"`.',
                    "client",
                ),
            ],
            id="generator_needs_a_provider",
        ),
        pytest.param(
            schema(
                DS,
                '  provider = "prisma-client-js"\n  engineType = library\n'
                '  binaryTargets = ["native", 3]\n  custom = env(1)\n',
            ),
            [
                (
                    CONFIG,
                    "`engineType` must be a string, but this is a constant: `library`.",
                    "library",
                ),
                (
                    CONFIG,
                    'The entries of `binaryTargets` must be strings or `env("…")`, but this is a '
                    "number: `3`.",
                    "3",
                ),
                (
                    CONFIG,
                    "The argument of `env()` must be a string (the name of an environment "
                    "variable), but this is a number: `1`.",
                    "1",
                ),
            ],
            id="generator_values",
        ),
        pytest.param(
            schema(DS, '  provider = "prisma-client"\n')
            + ('\ngenerator client {\n  provider = "prisma-client"\n  output = "edge"\n}\n'),
            [
                (
                    DUPLICATE,
                    'The generator "client" cannot be defined because a generator with that name '
                    "already exists.",
                    "client",
                ),
            ],
            id="duplicate_generator_names",
        ),
        pytest.param(
            schema(
                DS.replace("postgresql", "mysql"),
                '  provider = "prisma-client"\n  previewFeatures = ["fullTextSearchPostgres"]\n',
            ),
            [
                (
                    CONFIG,
                    'Unknown preview feature "fullTextSearchPostgres". Known preview features: '
                    "metrics, nativeDistinct, postgresqlExtensions, relationJoins, "
                    "schemaEngineDriverAdapters, shardKeys, strictUndefinedChecks, views.",
                    '["fullTextSearchPostgres"]',
                ),
            ],
            id="unknown_preview_feature",
        ),
        pytest.param(
            schema(DS, '  provider = "prisma-client"\n  previewFeatures = [views]\n'),
            [
                (
                    CONFIG,
                    "The entries of `previewFeatures` must be strings, but this is a constant: "
                    "`views`.",
                    "views",
                ),
            ],
            id="preview_features_must_be_strings",
        ),
    ],
)
def test_generator_errors(text: str, expected: list[tuple[str, ...]]) -> None:
    assert errors(text) == expected


def test_stabilized_renamed_and_deprecated_preview_features_warn() -> None:
    text = schema(DS, '  provider = "prisma-client"\n'
                  '  previewFeatures = ["fullTextSearch", "tracing", "metrics"]\n')
    covered = '["fullTextSearch", "tracing", "metrics"]'
    assert diags(text) == [
        (WARNING, 'With `provider = "postgresql"`, the preview feature "fullTextSearch" is now '
         'called "fullTextSearchPostgres" (https://pris.ly/d/fts-postgres).', covered),
        (WARNING, 'The preview feature "tracing" is generally available now: remove it from '
         "`previewFeatures`, its functionality works without it.", covered),
        (WARNING, 'The preview feature "metrics" is deprecated and will be removed: remove it '
         "from `previewFeatures`.", covered),
    ]


def test_prisma_7_rejects_metrics_and_only_warns_about_other_unknown_features() -> None:
    text = schema('  provider = "postgresql"\n',
                  '  provider = "prisma-client"\n  previewFeatures = ["metrics", "brandNew"]\n')
    found = diags(text, version=7)
    assert [(code, message.split(".")[0]) for code, message, _ in found] == [
        (CONFIG, 'Unknown preview feature "metrics"'),
        (WARNING, 'Unknown preview feature "brandNew"'),
    ]


def test_real_corpus_configurations_are_accepted(corpus: Path) -> None:
    checked = 0
    for row in real_manifest(corpus):
        files = schema_files(corpus / "real" / row["dir"])
        for column, version in (("psl_6.19.0", 6), ("psl_8.1.0", 7)):
            if not row[column].startswith("ok"):
                continue
            analysis = analyze(files, prisma_version=version)
            config_errors = [d for d in analysis.diagnostics
                             if d.is_error and d.code in (CONFIG, DUPLICATE)]
            assert config_errors == [], (row["dir"], version)
            checked += 1
    assert checked > 30


def test_misspelled_property_and_preview_feature_get_a_suggestion() -> None:
    text = schema('  provider = "postgresql"\n  url = env("A")\n  directURL = env("B")\n',
                  '  provider = "prisma-client"\n  previewFeatures = ["relationJoin"]\n')
    assert errors(text) == [
        (CONFIG, 'Unknown datasource property "directURL". Did you mean "directUrl"?',
         'directURL = env("B")'),
        (CONFIG, 'Unknown preview feature "relationJoin". Did you mean "relationJoins"? Known '
         "preview features: metrics, nativeDistinct, postgresqlExtensions, relationJoins, "
         "schemaEngineDriverAdapters, shardKeys, strictUndefinedChecks, views, "
         "fullTextSearchPostgres.", '["relationJoin"]'),
    ]
