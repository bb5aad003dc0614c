"""Rendering the formatter's items (:mod:`analysis.format.scan`) as Prisma lays them out.

The layout, as `prisma format` does it:

* Top level: leading empty lines dropped; a run of empty lines becomes one;
  every block is followed by one empty line (unless the file ends there);
  comments lose their indentation.
* A block body is indented by two spaces. Its empty lines at the start and
  the end are dropped; any other run of empty lines becomes one and starts a
  new alignment table, except before comments and block attributes, where
  it is dropped. Comments take part in no column, so they do not break the
  alignment of the members around them.
* Block attributes (`@@…`) move to the end of the block, after one empty
  line, sorted in Prisma's order (:data:`expressions.ATTRIBUTE_ORDER`), each
  with the comment lines directly above it.
* `/* … */` comments on their own lines become a `/** … */` block, one
  ` * ` line per non-empty line.
"""

from __future__ import annotations

from analysis.format import expressions
from analysis.format.scan import (
    AliasItem,
    BlockItem,
    Comments,
    Empty,
    Item,
    MemberLine,
)
from analysis.format.table import Table
from analysis.syntax.nodes import Attribute, EnumValue, Field, KeyValue

INDENT = "  "


def render(items: list[Item]) -> str:
    out: list[str] = []
    start = 0
    while start < len(items) and isinstance(items[start], Empty):
        start += 1
    last = len(items) - 1
    for index in range(start, len(items)):
        item = items[index]
        if isinstance(item, Empty):
            if index < last:
                out.append("\n")
        elif isinstance(item, Comments):
            if index and isinstance(items[index - 1], BlockItem):
                out.append("\n")  # a block is followed by an empty line, as Prisma's second pass
            table = Table()
            _comment_rows(table, item)
            table.render(out, "")
        elif isinstance(item, BlockItem):
            _block(out, item)
        else:
            assert isinstance(item, AliasItem)
            out.append(item.text)  # its line break is the empty-line run after it
    text = "".join(out)
    return text if text.endswith("\n") else text + "\n"


def _comment_rows(table: Table, comments: Comments) -> None:
    for text in comments.texts:
        if not text.startswith("/*"):
            table.start_row()
            table.add_suffix(text)
            continue
        table.start_row()
        table.add_suffix("/**")
        for line in text[2:-2].splitlines():
            line = line.strip()
            if line.startswith("*"):
                line = line[1:].lstrip()
            if line:
                table.start_row()
                table.add_suffix(" * " + line)
        table.start_row()
        table.add_suffix(" */")


def _block(out: list[str], item: BlockItem) -> None:
    block = item.block
    header = f"{block.keyword.text} {block.name.text} {{"
    out.append(f"{header} {item.header_comment}\n" if item.header_comment else header + "\n")
    body = item.body
    table = Table()
    attributes: list[tuple[Comments | None, MemberLine]] = []
    pending: Comments | None = None
    index, count = 0, len(body)
    while index < count and isinstance(body[index], Empty):
        index += 1
    while True:
        ate_empty = index < count and isinstance(body[index], Empty)
        if ate_empty:
            index += 1
            following = body[index] if index < count else None
            if not (
                following is None
                or isinstance(following, Comments)
                or (isinstance(following, MemberLine) and following.is_block_attribute)
            ):
                table.render(out, INDENT)  # an empty line starts a new alignment
                table.start_row()
        if index >= count:
            break
        current = body[index]
        index += 1
        if isinstance(current, Comments):
            following = body[index] if index < count else None
            if isinstance(following, MemberLine) and following.is_block_attribute:
                pending = current  # it moves with the attribute
            else:
                if ate_empty:
                    table.render(out, INDENT)
                    table.start_row()
                _comment_rows(table, current)
        elif isinstance(current, MemberLine):
            if current.verbatim is not None:
                table.interleave(current.verbatim)
            elif current.is_block_attribute:
                attributes.append((pending, current))
                pending = None
            else:
                _member_row(table, current)
    table.render(out, INDENT)
    if attributes:
        table.start_row()
        attributes.sort(key=lambda pair: _rank(pair[1]))
        for comments, line in attributes:
            if comments is not None:
                _comment_rows(table, comments)
            table.start_row()
            assert isinstance(line.member, Attribute)
            table.cell(0, expressions.attribute(line.member))
            if line.suffix:
                table.add_suffix(line.suffix)
        table.render(out, INDENT)
    out.append(f"}} {item.close_comment}\n" if item.close_comment else "}\n")


def _rank(line: MemberLine) -> int:
    assert isinstance(line.member, Attribute)
    return expressions.attribute_rank(line.member)


def _member_row(table: Table, line: MemberLine) -> None:
    member = line.member
    table.start_row()
    if isinstance(member, Field):
        table.cell(0, member.name.text)
        if member.type is not None:
            table.cell(1, expressions.field_type(member.type))
        table.cell(2, expressions.field_attributes(member.attributes))
    elif isinstance(member, KeyValue):
        table.cell(0, member.key.text)
        table.cell(1, "= " + expressions.expression(member.value))
    else:
        assert isinstance(member, EnumValue)
        table.cell(0, member.name.text)
        table.cell(1, " ".join(expressions.attribute(a) for a in member.attributes))
    if line.suffix:
        table.add_suffix(line.suffix)
