"""``python -m govfoi`` runs the CLI."""

import sys

from govfoi.cli.commands import main

if __name__ == "__main__":  # worker processes import this module again: they must not run the CLI
    sys.exit(main())
