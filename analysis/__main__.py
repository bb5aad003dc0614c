"""``python -m analysis`` runs the ``prisma-architect`` command line."""

from analysis.cli import main

raise SystemExit(main())
