"""Column layout of a block body, the way `prisma format` lays it out.

A block's members are rendered as a table: field name, type and attributes
(or key and `= value`) are cells of a row, each column padded to its widest
cell plus one space, the last cell of a row never padded. A row may carry a
*suffix* (a trailing comment, or a whole comment line) that is appended
after the cells and never influences the widths, and a line kept verbatim
(a line that does not parse) is *interleaved*: it sits between the rows
without taking part in the layout either.

Widths are measured in UTF-8 bytes, as Prisma's formatter does (Rust's
``str::len``): a non-ASCII cell is padded as if it were that many bytes
wide. Identifiers are ASCII, so only string literals inside a non-last cell
(`Unsupported("…")` types) are affected.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def width(text: str) -> int:
    """The width Prisma gives ``text``: its length in UTF-8 bytes."""
    return len(text) if text.isascii() else len(text.encode("utf-8"))


@dataclass(slots=True)
class _Row:
    cells: list[str] = field(default_factory=list)
    suffix: str = ""
    verbatim: str | None = None
    """Text kept as written: the row has no cells and no suffix."""


@dataclass(slots=True)
class Table:
    """Rows being collected; :meth:`render` lays them out and empties the table."""

    rows: list[_Row] = field(default_factory=list)

    def start_row(self) -> None:
        """A new row; rendered as an empty line if nothing is put in it."""
        self.rows.append(_Row())

    def cell(self, column: int, text: str) -> None:
        """Set the cell at ``column`` of the current row (earlier ones stay empty)."""
        cells = self.rows[-1].cells
        while len(cells) <= column:
            cells.append("")
        cells[column] = text

    def add_suffix(self, text: str) -> None:
        self.rows[-1].suffix += text

    def interleave(self, text: str) -> None:
        self.rows.append(_Row(verbatim=text))

    def render(self, out: list[str], indent: str) -> None:
        """Append the table's lines (each ending with ``\\n``) to ``out``."""
        widths: list[int] = []
        for row in self.rows:
            cells = row.cells
            while cells and not cells[-1]:
                cells.pop()  # empty trailing cells neither count nor pad
            for i, cell in enumerate(cells):
                w = width(cell)
                if i == len(widths):
                    widths.append(w)
                elif w > widths[i]:
                    widths[i] = w
        for row in self.rows:
            if row.verbatim is not None:
                out.append(f"{indent}{row.verbatim}\n")
                continue
            cells = row.cells
            parts = []
            last = len(cells) - 1
            for i, cell in enumerate(cells):
                parts.append(cell)
                if i < last:
                    parts.append(" " * (widths[i] - width(cell) + 1))
            if row.suffix:
                if cells:
                    parts.append(" ")
                parts.append(row.suffix)
            line = "".join(parts)
            out.append(f"{indent}{line}\n" if line else "\n")
        self.rows = []
