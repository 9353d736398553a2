"""``python -m generator`` runs the gongkai command line."""

from .cli import main

raise SystemExit(main())
