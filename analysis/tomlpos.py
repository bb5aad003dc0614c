"""Where keys and values are in a TOML text (tomllib gives values, not positions).

A small scanner over text that :mod:`tomllib` has already accepted: it walks
table headers, dotted keys, arrays and inline tables and records, per key path
(as tomllib would nest it, with list indexes as ints), the 1-based line and
column of the key and of its value.
"""

from __future__ import annotations

import contextlib
import re
import tomllib

from analysis.text import LineIndex

Path = tuple[str | int, ...]
Position = tuple[int, int]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR_END = re.compile(r"[,\]}\r\n#]")


class Positions:
    """Key and value positions of one TOML text."""

    def __init__(self, text: str) -> None:
        self.keys: dict[Path, Position] = {}
        self.values: dict[Path, Position] = {}
        self._text = text
        self._lines = LineIndex(text)
        self._i = 0
        self._tables: dict[Path, int] = {}
        with contextlib.suppress(IndexError, ValueError):  # keep what was found
            self._document()

    # ------------------------------------------------------------ lookups

    def key(self, path: Path) -> Position | None:
        """The position of the (innermost) key of ``path``, or of the nearest enclosing one."""
        return self._nearest(self.keys, path)

    def value(self, path: Path) -> Position | None:
        """The position of the value at ``path``, else of its nearest enclosing key or value."""
        for n in range(len(path), 0, -1):
            prefix = path[:n]
            if prefix in self.values:
                return self.values[prefix]
            if prefix in self.keys:
                return self.keys[prefix]
        return None

    @staticmethod
    def _nearest(table: dict[Path, Position], path: Path) -> Position | None:
        for n in range(len(path), 0, -1):
            if path[:n] in table:
                return table[path[:n]]
        return None

    # ------------------------------------------------------------ scanning

    def _pos(self, offset: int) -> Position:
        p = self._lines.position(offset)
        return (p.line + 1, p.column + 1)

    def _blank(self, newlines: bool) -> None:
        text = self._text
        while self._i < len(text):
            c = text[self._i]
            if c in " \t" or (newlines and c in "\r\n"):
                self._i += 1
            elif c == "#":
                while self._i < len(text) and text[self._i] not in "\r\n":
                    self._i += 1
            else:
                return

    def _document(self) -> None:
        text = self._text
        table: Path = ()
        while True:
            self._blank(newlines=True)
            if self._i >= len(text):
                return
            if text.startswith("[[", self._i):
                header = self._pos(self._i)
                self._i += 2
                name = self._key_path(())
                self._i += 2  # ]]
                count = self._tables.get(name, -1) + 1
                self._tables[name] = count
                table = (*name, count)
                self.keys.setdefault(table, header)
            elif text[self._i] == "[":
                self._i += 1
                table = self._key_path(())
                self._i += 1  # ]
            else:
                path = self._key_path(table)
                self._blank(newlines=False)
                self._i += 1  # =
                self._blank(newlines=False)
                self._value(path)

    def _key_path(self, base: Path) -> Path:
        parts: list[str | int] = list(base)
        text = self._text
        while True:
            self._blank(newlines=False)
            start = self._i
            if text[start] in "\"'":
                end = self._string_end(start)
                parts.append(tomllib.loads("k = " + text[start:end])["k"])
                self._i = end
            else:
                match = _BARE.match(text, start)
                if match is None:
                    raise ValueError(f"no key at {start}")
                parts.append(match.group())
                self._i = match.end()
            self.keys.setdefault(tuple(parts), self._pos(start))
            self._blank(newlines=False)
            if self._i < len(text) and text[self._i] == ".":
                self._i += 1
                continue
            return tuple(parts)

    def _string_end(self, start: int) -> int:
        """The offset just after the string that starts at ``start``."""
        text = self._text
        quote = text[start]
        if text.startswith(quote * 3, start):
            end = text.index(quote * 3, start + 3)
            if quote == '"':
                while text[end - 1] == "\\" and _escaped(text, end - 1):
                    end = text.index(quote * 3, end + 1)
            end += 3
            while end < len(text) and text[end] == quote:  # up to two quotes may end the content
                end += 1
            return end
        i = start + 1
        while text[i] != quote:
            i += 2 if quote == '"' and text[i] == "\\" else 1
        return i + 1

    def _value(self, path: Path) -> None:
        text = self._text
        self.values[path] = self._pos(self._i)
        c = text[self._i]
        if c in "\"'":
            self._i = self._string_end(self._i)
        elif c == "[":
            self._i += 1
            index = 0
            while True:
                self._blank(newlines=True)
                if text[self._i] == "]":
                    self._i += 1
                    return
                self._value((*path, index))
                index += 1
                self._blank(newlines=True)
                if text[self._i] == ",":
                    self._i += 1
        elif c == "{":
            self._i += 1
            while True:
                self._blank(newlines=False)
                if text[self._i] == "}":
                    self._i += 1
                    return
                key = self._key_path(path)
                self._blank(newlines=False)
                self._i += 1  # =
                self._blank(newlines=False)
                self._value(key)
                self._blank(newlines=False)
                if text[self._i] == ",":
                    self._i += 1
        else:
            match = _SCALAR_END.search(text, self._i)
            end = match.start() if match else len(text)
            if end == self._i:  # no value here: not TOML
                raise ValueError(f"no value at {end}")
            self._i = end


def _escaped(text: str, backslash: int) -> bool:
    """Whether the backslash at ``backslash`` escapes the next character (an odd run)."""
    run = 0
    while backslash >= 0 and text[backslash] == "\\":
        run += 1
        backslash -= 1
    return run % 2 == 1
