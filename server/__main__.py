"""``python -m server``: the language server over stdio (``--tcp HOST:PORT`` for debugging)."""

import sys

from server.main import main

sys.exit(main(prog="python -m server"))
