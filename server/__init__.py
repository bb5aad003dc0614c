"""The prisma-architect language server (pygls).

The package arrives with its issue; until then it is intentionally empty.
Nothing in ``analysis`` imports it.
"""
