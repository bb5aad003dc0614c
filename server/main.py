"""Starting the server: ``prisma-architect server`` and ``python -m server``."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence


def _address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {value!r}")
    return host, int(port)


def parser(prog: str = "prisma-architect server") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog, description="Run the prisma-architect language server (stdio by default)."
    )
    p.add_argument("--stdio", action="store_true", help="talk LSP over stdin/stdout (default)")
    p.add_argument(
        "--tcp", type=_address, metavar="HOST:PORT", help="listen on a TCP port (for debugging)"
    )
    p.add_argument("--log-file", help="write the server's log to this file instead of stderr")
    p.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log what the server does; twice: also each keystroke's timings",
    )
    return p


def main(argv: Sequence[str] | None = None, prog: str = "prisma-architect server") -> int:
    args = parser(prog).parse_args(argv)
    handler: logging.Handler = (
        logging.FileHandler(args.log_file) if args.log_file else logging.StreamHandler(sys.stderr)
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    level = {0: logging.WARNING, 1: logging.INFO}.get(args.verbose, logging.DEBUG)
    logging.basicConfig(level=level, handlers=[handler])
    logging.getLogger("pygls").setLevel(logging.WARNING)  # it logs every message body at INFO

    from server.app import create_server

    server = create_server()
    if args.tcp is not None:
        server.start_tcp(*args.tcp)
    else:
        server.start_io()
    return 0
