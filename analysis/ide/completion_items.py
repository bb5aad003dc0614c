"""The completion item type and the helpers every completion context uses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

CompletionKind = Literal[
    "keyword",  # model, enum, …
    "scalar",  # String, Int, …
    "model",
    "enum",
    "composite",
    "attribute",  # @id, @@index
    "native_type",  # @db.VarChar
    "argument",  # `fields: `, `map: `
    "function",  # now(), env()
    "value",  # Cascade, Desc, "postgresql", true
    "field",  # a field name in a list
    "property",  # a datasource or generator key
]


@dataclass(frozen=True, slots=True)
class CompletionItem:
    """One suggestion; ``start``/``end`` is the code-point range it replaces."""

    label: str
    kind: CompletionKind
    start: int
    end: int
    insert_text: str
    snippet: bool = False
    """``insert_text`` uses snippet syntax (`$0`, `${1:name}`)."""
    detail: str | None = None
    documentation: str | None = None
    """Markdown."""
    sort_text: str | None = None
    preselect: bool = False

    @property
    def plain_text(self) -> str:
        """``insert_text`` for a client without snippet support."""
        return strip_snippet(self.insert_text) if self.snippet else self.insert_text


@dataclass(frozen=True, slots=True)
class Completions:
    """The items at one position; ``incomplete`` when the list was cut short
    (the client should ask again as the user types more)."""

    items: tuple[CompletionItem, ...]
    incomplete: bool = False


NO_COMPLETIONS = Completions(())

_PLACEHOLDER = re.compile(r"\$\{\d+:([^}]*)\}|\$\d+")


def strip_snippet(text: str) -> str:
    """Snippet text as plain text: placeholders keep their default, tab stops go."""
    return _PLACEHOLDER.sub(lambda m: m.group(1) or "", text)


def matches(prefix: str, label: str) -> bool:
    """Whether ``label`` could still be what the user is typing: it starts
    with the first typed character and holds the others in order
    (case-insensitive), as editors filter."""
    if not prefix:
        return True
    lowered = label.lower()
    typed = prefix.lower()
    if not lowered.startswith(typed[0]):
        return False
    position = 1
    for char in typed[1:]:
        position = lowered.find(char, position)
        if position < 0:
            return False
        position += 1
    return True
