"""``python -m govfoi`` runs the CLI."""

import sys

from govfoi.cli import main

sys.exit(main())
