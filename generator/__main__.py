"""``python -m generator`` runs the gongkai command line."""

from generator.cli import main

raise SystemExit(main())
