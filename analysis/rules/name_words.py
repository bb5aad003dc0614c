"""Word-list matching on field names, for the rules that judge a field by its
name (money, dates, flags, emails).

Not a rule module: it defines no :class:`~analysis.rules.base.Rule`. Names
are split by :func:`analysis.rules.naming_case.lower_words` (`unitPrice` →
unit, price; `price_cents` → price, cents); a word matches a list when it or
its singular is in it (`prices`, `taxes`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import lru_cache

from analysis.rules.naming_case import lower_words
from analysis.rules.naming_case import singular as _singular


@lru_cache(maxsize=8192)
def words(name: str) -> tuple[str, ...]:
    """The lower-case words of ``name``."""
    return tuple(lower_words(name))


@lru_cache(maxsize=8192)
def singular(word: str) -> str:
    return _singular(word) if word.isalpha() else word


def is_word(word: str, vocabulary: Collection[str]) -> bool:
    """Whether ``word`` or its singular is in ``vocabulary`` (lower case)."""
    return word in vocabulary or singular(word) in vocabulary


def has_word(name_words: Sequence[str], vocabulary: Collection[str]) -> bool:
    """Whether any of the words is in ``vocabulary`` (plurals accepted)."""
    return any(is_word(w, vocabulary) for w in name_words)
