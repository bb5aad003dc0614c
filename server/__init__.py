"""The prisma-architect language server (pygls 2).

A thin front end over :mod:`analysis`: :mod:`server.app` keeps documents and
schemas current and publishes diagnostics; :mod:`server.features` answers the
editor's requests. Nothing in ``analysis`` imports this package.
"""
