"""Completion inside `datasource` and `generator` blocks: keys and their values."""

from __future__ import annotations

import re
from collections.abc import Sequence

from analysis.ide import language
from analysis.ide.completion_items import CompletionItem, matches
from analysis.model.schema import Schema
from analysis.syntax.nodes import Block
from analysis.validate.config import known_preview_features

_KEY = re.compile(r"[ \t]*([\w-]*)$")
_VALUE = re.compile(r"[ \t]*([\w-]+)[ \t]*=[ \t]*(.*)$")
_IN_STRING = re.compile(r'"([^"\\]*)$')
_ENV = re.compile(r'env\([ \t]*"([^"\\]*)$')
_URL_KEYS = ("url", "directUrl", "shadowDatabaseUrl")


def config_items(
    schema: Schema, block: Block, line: str, column: int, line_offset: int
) -> list[CompletionItem]:
    """Items for a datasource or generator line, the cursor at ``column``."""
    before = line[:column]
    if "//" in _outside_strings(before):
        return []
    if (m := _KEY.fullmatch(before)) is not None:
        return _keys(schema, block, m.group(1), line, column, line_offset)
    m = _VALUE.fullmatch(before)
    if m is None:
        return []
    key, value = m.group(1), m.group(2)
    if (env := _ENV.search(value)) is not None:
        if block.kind == "datasource" and key in _URL_KEYS:
            start = line_offset + column - len(env.group(1))
            variable = language.URL_VARIABLES[key]
            return _values([language.Constant(variable, "The usual variable name.")],
                           env.group(1), start, line_offset + _string_end(line, column), False)
        return []
    choices = _choices(schema, block, key)
    if key == "previewFeatures" and block.kind == "generator":
        return _features(schema, value, line, column, line_offset)
    if (s := _IN_STRING.search(value)) is not None and value.count('"') % 2 == 1:
        typed = s.group(1)
        start = line_offset + column - len(typed)
        return _values(choices, typed, start, line_offset + _string_end(line, column), False)
    if value.strip() and not re.fullmatch(r"[\w-]*", value):
        return []
    typed = value.strip()
    start = line_offset + column - len(typed)
    end = line_offset + column + len(re.match(r"[\w-]*", line[column:]).group())  # type: ignore[union-attr]
    items = _values(choices, typed, start, end, True)
    if block.kind == "datasource" and key in _URL_KEYS and schema.prisma_version < 7:
        items += [
            CompletionItem("env()", "function", start, end, 'env("$0")', True,
                           detail="Read the URL from an environment variable"),
            CompletionItem('""', "value", start, end, '"$0"', True, detail="A literal URL"),
        ]
    return items


def _outside_strings(text: str) -> str:
    return re.sub(r'"(?:\\.|[^"\\])*"?', '""', text)


def _string_end(line: str, column: int) -> int:
    """The column of the end of the string's contents from ``column``."""
    m = re.match(r'[^"\\]*', line[column:])
    return column + (len(m.group()) if m is not None else 0)


def _keys(
    schema: Schema, block: Block, typed: str, line: str, column: int, line_offset: int
) -> list[CompletionItem]:
    present = {kv.key.text for kv in block.properties} - {typed}
    if block.kind == "datasource":
        keys: Sequence[language.ConfigKey] = language.datasource_keys(
            schema.prisma_version, _provider(block), schema.preview_features)
    else:
        keys = language.GENERATOR_KEYS
    start = line_offset + column - len(typed)
    end = line_offset + column + len(re.match(r"[\w-]*", line[column:]).group())  # type: ignore[union-attr]
    return [
        CompletionItem(k.name, "property", start, end, k.snippet, True, documentation=k.doc,
                       sort_text=f"{i:02}")
        for i, k in enumerate(keys)
        if k.name not in present and matches(typed, k.name)
    ]


def _provider(block: Block) -> str | None:
    for kv in block.properties:
        if kv.key.text == "provider":
            value = getattr(kv.value, "value", None)
            if isinstance(value, str):
                return "postgresql" if value == "postgres" else value
    return None


def _choices(schema: Schema, block: Block, key: str) -> Sequence[language.Constant]:
    if block.kind == "datasource":
        if key == "provider":
            return language.DATASOURCE_PROVIDERS
        if key in ("relationMode", "referentialIntegrity"):
            modes = language.RELATION_MODES
            if _provider(block) == "mongodb":
                return [m for m in modes if m.name == "prisma"]
            return modes
        return ()
    if key == "provider":
        return language.GENERATOR_PROVIDERS
    if key == "engineType":
        return language.ENGINE_TYPES
    return ()


def _values(
    choices: Sequence[language.Constant], typed: str, start: int, end: int, quote: bool
) -> list[CompletionItem]:
    return [
        CompletionItem(c.name, "value", start, end, f'"{c.name}"' if quote else c.name,
                       documentation=c.doc, sort_text=f"{i:02}")
        for i, c in enumerate(choices)
        if matches(typed, c.name)
    ]


def _features(
    schema: Schema, value: str, line: str, column: int, line_offset: int
) -> list[CompletionItem]:
    """`previewFeatures = [...]`: the features not listed yet."""
    if not value.startswith("[") or value.count("[") <= value.count("]"):
        return []
    listed = set(re.findall(r'"([^"]*)"', line))
    in_string = value.count('"') % 2 == 1
    typed = _IN_STRING.search(value).group(1) if in_string else ""  # type: ignore[union-attr]
    listed.discard(typed)
    start = line_offset + column - len(typed)
    end = line_offset + (_string_end(line, column) if in_string else column)
    features = known_preview_features(schema.provider, schema.prisma_version)
    return [
        CompletionItem(f, "value", start, end, f if in_string else f'"{f}"',
                       sort_text=f"{i:02}")
        for i, f in enumerate(features)
        if f not in listed and matches(typed, f)
    ]
