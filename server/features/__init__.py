"""The server's features, one module each, discovered here.

Every module of this package that defines ``register(server)`` is a feature;
:func:`register_all` calls them all, so adding a feature is adding a module.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from server.app import ArchitectServer


def register_all(server: ArchitectServer) -> None:
    """Register every feature module's handlers on ``server``."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(server)
