"""The Prisma Schema Language grammar, shipped as package data.

Importing this package is how the grammar is found both from a checkout and
from an installed wheel: the ``.lark`` file sits beside this module.
"""

from pathlib import Path

GRAMMAR_PATH = Path(__file__).with_name("prisma.lark")
