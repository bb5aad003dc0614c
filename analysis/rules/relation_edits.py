"""Shared helpers of the integrity rules: name words, naming style, and edits
that add fields and relations while keeping the file's layout.

Not a rule module: it defines no rule (discovery imports it harmlessly).
"""

from __future__ import annotations

from functools import cache, lru_cache

from analysis.fixes import after_line, indentation, line_break, line_start, next_line
from analysis.model.schema import Field, Model
from analysis.rules import naming_case
from analysis.rules.base import Edit
from analysis.syntax.nodes import Attribute, Block
from analysis.syntax.nodes import Field as FieldNode


def words(name: str) -> list[str]:
    """The lower-case words of a camelCase / PascalCase / snake_case name."""
    return naming_case.lower_words(name)


@cache
def snake(name: str) -> str:
    return "_".join(words(name))


def camel(name: str) -> str:
    parts = words(name)
    return parts[0] + "".join(p.capitalize() for p in parts[1:]) if parts else name


def plural(word: str) -> str:
    """The plural of an English noun (`category` → `categories`)."""
    return naming_case.plural(word, ())


def is_snake_style(model: Model) -> bool:
    """Whether the model's multi-word field names are snake_case."""
    return sum(_name_style(fld.name) for fld in model.fields) > 0


@cache
def _name_style(name: str) -> int:
    """1 for a snake_case multi-word name, -1 for a camelCase one, else 0. Cached: rules
    ask for the style of a model once per finding, and field names repeat."""
    if "_" in name.strip("_"):
        return 1
    return -1 if any(map(str.isupper, name[1:])) else 0


def field_name(model: Model, camel_name: str) -> str:
    """``camel_name`` in the model's field naming style."""
    return snake(camel_name) if is_snake_style(model) else camel_name


def maps_to_snake(fld: Field) -> bool:
    """Whether the field has `@map` with the snake_case of its (camelCase) name."""
    attr = fld.attribute("map")
    if attr is None:
        return False
    arg = attr.arg("name", 0)
    from analysis.syntax.nodes import StringLit

    return (
        arg is not None
        and isinstance(arg.value, StringLit)
        and arg.value.value == snake(fld.name)
        and arg.value.value != fld.name
    )


def free_name(model: Model, name: str, *also_taken: str) -> str:
    """``name``, or ``name`` with a number when the model already has that field."""
    taken = set(model.by_name) | set(also_taken)
    if name not in taken:
        return name
    n = 2
    while f"{name}{n}" in taken:
        n += 1
    return f"{name}{n}"


def relations_between(a: Model, b: Model) -> int:
    """How many relation fields of ``a`` point at ``b`` (and of ``b`` at ``a``)."""
    count = sum(1 for f in a.relation_fields if f.target is b)
    if a is not b:
        count += sum(1 for f in b.relation_fields if f.target is a)
    return count


def id_field(model: Model) -> Field | None:
    """The single-field primary key (or the first single-field unique) of a model."""
    pk = model.primary_key
    if pk is not None and len(pk.fields) == 1 and pk.fields[0].field is not None:
        return pk.fields[0].field
    if pk is None:
        for unique in model.uniques:
            if len(unique.fields) == 1 and unique.fields[0].field is not None:
                return unique.fields[0].field
    return None


def attribute_text(text: str, fld: Field, attr: Attribute) -> str:
    """An attribute of a field as written in ``text`` (the field's file)."""
    return text[fld.decl.offset + attr.start : fld.decl.offset + attr.end]


# ---------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------


def columns(text: str, model: Model, near: FieldNode | None = None) -> tuple[int, int]:
    """The widths of the name and type columns of the field lines around ``near`` (default:
    the last field), ``0`` when unknown. Like `prisma format`, alignment is per group of
    field lines; a blank line starts a new group.

    Kept per file text, block and anchor: fixes that add a back relation ask again for
    the same target (`User`) at every finding. An entry holds the objects it is kept
    for, so their ids are not reused while it lives."""
    block = model.decl.block
    key = (id(text), id(block), id(near))
    found = _widths.get(key)
    if found is not None and found[0] is text and found[1] is block and found[2] is near:
        return found[3]
    widths = _columns(text, model, near)
    if len(_widths) >= _WIDTHS_KEPT or (
        id(text) not in _texts and len(_texts) >= _TEXTS_KEPT
    ):  # start over rather than hold many old texts of an editing session
        _widths.clear()
        _texts.clear()
    _texts[id(text)] = text
    _widths[key] = (text, block, near, widths)
    return widths


_widths: dict[tuple[int, int, int], tuple[str, Block, FieldNode | None, tuple[int, int]]] = {}
_texts: dict[int, str] = {}
_WIDTHS_KEPT = 4096
_TEXTS_KEPT = 64


def _columns(text: str, model: Model, near: FieldNode | None) -> tuple[int, int]:
    # Members are in source order; only the anchor's group is read.
    nodes = [m for m in model.decl.block.members if isinstance(m, FieldNode) and m.type is not None]
    if not nodes:
        return 0, 0
    # By identity: `in` would compare the other nodes field by field.
    at = (
        len(nodes) - 1
        if near is None
        else next((i for i, n in enumerate(nodes) if n is near), None)
    )
    if at is None:
        group = nodes
    else:
        offset = model.decl.offset
        first = last = at
        while first > 0 and not _blank_between(text, offset, nodes[first - 1], nodes[first]):
            first -= 1
        while last + 1 < len(nodes) and not _blank_between(
            text, offset, nodes[last], nodes[last + 1]
        ):
            last += 1
        group = nodes[first : last + 1]
    name_width = type_width = 0
    for node in group:
        assert node.type is not None
        name_width = max(name_width, node.type.start - node.name.start)
        if node.attributes:
            type_width = max(type_width, node.attributes[0].start - node.type.start)
    return name_width, type_width


def _blank_between(text: str, offset: int, prev: FieldNode, node: FieldNode) -> bool:
    """Whether a blank line separates two field lines (a new alignment group)."""
    between = text[offset + prev.end : offset + node.start]
    return between.count("\n") >= 2 or "\n\r\n" in between or "\r\r" in between


def field_line(name: str, type_text: str, attrs: str, widths: tuple[int, int]) -> str:
    """A field line's text (no indentation, no line break), in the given columns."""
    name_part = name.ljust(widths[0] - 1) + " "
    if not attrs:
        return name_part + type_text
    return name_part + type_text.ljust(widths[1] - 1) + " " + attrs


def insert_fields(text: str, model: Model, lines: list[str]) -> Edit:
    """Add field lines (without indentation) after the model's last field."""
    indent = indentation(text, model)
    eol = line_break(text)
    body = "".join(f"{indent}{line}{eol}" for line in lines)
    last_field = max(model.block.fields, key=lambda m: m.end, default=None)
    if last_field is not None or model.block.close_brace is None:
        # After the last field, or (a block still being typed, no `}` yet) after the
        # line of its `{`: the fields land in the model either way.
        anchor = last_field.end if last_field is not None else model.block.open_brace
        at, lead = next_line(text, model.decl.offset + anchor, eol)
        return Edit(model.decl.path, at, at, lead + body)
    # Before the `}`, on a line of its own: a block closed on the line of its `{`
    # does not parse as closed.
    at = line_start(text, model.decl.offset + model.block.close_brace)
    return Edit(model.decl.path, at, at, body)


def insert_block_attributes(text: str, model: Model, attributes: list[str]) -> Edit:
    """Add several block attributes, in order, after the model's last one."""
    from analysis.fixes import insert_block_attribute

    indent = indentation(text, model)
    last_attribute = max(model.block.attributes, key=lambda m: m.end, default=None)
    if last_attribute is not None:
        start = model.decl.offset + last_attribute.start
        indent = text[line_start(text, start) : start]
    joined = (line_break(text) + indent).join(attributes)
    return insert_block_attribute(text, model, joined)


def remove_line(text: str, model: Model, node: FieldNode | Attribute) -> Edit:
    """Delete the whole line(s) of a member (its comments and doc lines included)."""
    start = model.decl.offset + node.start
    end = model.decl.offset + node.end
    begin = line_start(text, start)
    if isinstance(node, FieldNode) and node.doc is not None:
        # `///` lines directly above belong to the field
        while True:
            prev_end = begin - 1 if begin > 0 else 0
            prev_start = line_start(text, max(prev_end - 1, 0)) if begin > 0 else 0
            if begin == 0 or not text[prev_start:prev_end].strip().startswith("///"):
                break
            begin = prev_start
    return Edit(model.decl.path, begin, after_line(text, end), "")


#: Last words of model names that mark logs (and `audit` anywhere): their rows record
#: references that must outlive the rows they mention.
LOG_WORDS = (
    "audit",
    "log",
    "logs",
    "history",
    "journal",
    "outbox",
    "event",
    "events",
    "activity",
    "activities",
)


def is_log_model(model: Model, log_words: tuple[str, ...] = LOG_WORDS) -> bool:
    """Whether the model's name says it is a log (`AuditLog`, `ActivityEvent`, …)."""
    return _is_log_name(model.name, log_words)


@lru_cache(maxsize=16384)
def _is_log_name(name: str, log_words: tuple[str, ...]) -> bool:
    w = naming_case.word_tuple(name)
    return bool(w) and (w[-1] in log_words or "audit" in w)
