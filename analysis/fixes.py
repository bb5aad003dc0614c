"""Text-edit builders for fixes that keep the file's own formatting.

A fix must look as if the user had typed it: the block's indentation, the
file's line endings, block attributes after the fields (separated by a blank
line, as `prisma format` writes them).
"""

from __future__ import annotations

from analysis.model.schema import Decl, Field, Model
from analysis.rules.base import Edit
from analysis.syntax.nodes import Attribute
from analysis.syntax.nodes import Field as FieldNode


def line_break(text: str) -> str:
    """The file's line ending: `\\r\\n` when its first line break is one."""
    at = text.find("\n")
    return "\r\n" if at > 0 and text[at - 1] == "\r" else "\n"


def line_start(text: str, offset: int) -> int:
    """Offset of the line holding ``offset``. A lone `\\r` is looked for only after
    the last `\\n`: searching the whole prefix scanned the file back to its start on
    every call when it has no `\\r` at all."""
    newline = text.rfind("\n", 0, offset)
    return max(newline, text.rfind("\r", newline + 1, offset)) + 1


def after_line(text: str, offset: int) -> int:
    """Offset just past the line break of the line holding ``offset``."""
    newline = text.find("\n", offset)
    # A `\r` is looked for only before that `\n`: not the rest of a file without one.
    cr = text.find("\r", offset, newline if newline >= 0 else len(text))
    if cr >= 0:
        return cr + 2 if text.startswith("\r\n", cr) else cr + 1
    return newline + 1 if newline >= 0 else len(text)


def next_line(text: str, offset: int, eol: str) -> tuple[int, str]:
    """Where a line inserted after the one holding ``offset`` starts, and what must
    come before it: nothing, or a line break when that line is the file's last and
    has none."""
    at = after_line(text, offset)
    return at, eol if at == len(text) and not text.endswith(("\n", "\r")) else ""


def indentation(text: str, model: Model) -> str:
    """The indentation of the block's members (two spaces for an empty block)."""
    for member in model.block.members:
        start = model.decl.offset + member.start
        line = line_start(text, start)
        return text[line:start]
    return "  "


def insert_block_attribute(text: str, model: Model, attribute: str) -> Edit:
    """Add ``attribute`` (e.g. `@@index([a])`) as the model's last block attribute.

    Also in a block being typed (no member yet, not closed): the attribute gets
    a line of its own inside the block."""
    decl = model.decl
    eol = line_break(text)
    members = decl.block.members
    # Members are in source order: the last attribute is the one that ends last.
    last_attribute = next((m for m in reversed(members) if isinstance(m, Attribute)), None)
    if last_attribute is not None:
        start = decl.offset + last_attribute.start
        indent = text[line_start(text, start) : start]
        at, lead = next_line(text, decl.offset + last_attribute.end, eol)
        return Edit(decl.path, at, at, f"{lead}{indent}{attribute}{eol}")
    indent = indentation(text, model)
    if members:  # a blank line between the fields and the block attributes
        at, lead = next_line(text, decl.offset + members[-1].end, eol)
        return Edit(decl.path, at, at, f"{lead}{eol}{indent}{attribute}{eol}")
    if decl.block.close_brace is None:
        at, lead = next_line(text, decl.offset + decl.block.open_brace, eol)
        return Edit(decl.path, at, at, f"{lead}{indent}{attribute}{eol}")
    # A block closed on the line of its `{` does not parse as closed: the brace
    # is on a later line.
    at = line_start(text, decl.offset + decl.block.close_brace)
    return Edit(decl.path, at, at, f"{indent}{attribute}{eol}")


def append_field_attribute(field: Field, attribute: str) -> Edit:
    """Add ``attribute`` (e.g. `@map("x")`) after the field's other attributes."""
    node: FieldNode = field.node
    at = field.decl.offset + node.end
    return Edit(field.decl.path, at, at, f" {attribute}")


def apply(text: str, edits: list[Edit] | tuple[Edit, ...]) -> str:
    """Apply the edits of one file (non-overlapping, any order) to ``text``."""
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.new_text + text[edit.end :]
    return text


def remove_member(text: str, decl: Decl, node: FieldNode | Attribute) -> Edit:
    """Remove a field or attribute of the block ``decl``.

    A member alone on its line goes with its whole line (its trailing comment and the
    `///` doc lines right above it included), and with the blank line before it when
    that would otherwise be left dangling before another blank line or the closing
    brace. An attribute that shares its line (`@unique` after a field's type) goes
    with the spaces before it.
    """
    start = decl.offset + node.start
    end = decl.offset + node.end
    line = line_start(text, start)
    after = after_line(text, end)
    rest = text[end:after].strip()
    if text[line:start].strip() or (rest and not rest.startswith("//")):
        while start > line and text[start - 1] in " \t":
            start -= 1
        return Edit(decl.path, start, end, "")
    while line > 0:
        above = _previous_line_start(text, line)
        if not text[above:line].strip().startswith("///"):
            break
        line = above
    if line > 0:
        above = _previous_line_start(text, line)
        following = text[after : after_line(text, after)].strip()
        if not text[above:line].strip() and (not following or following.startswith("}")):
            line = above
    return Edit(decl.path, line, after, "")


def _previous_line_start(text: str, line: int) -> int:
    """The start of the line before the one starting at ``line`` (> 0)."""
    end = line - 1
    if text[end] == "\n" and end > 0 and text[end - 1] == "\r":
        end -= 1
    return line_start(text, end)
