"""The ``govfoi`` command.

``main`` is imported here because the installed console script runs ``from govfoi.cli import main``.
"""

from govfoi.cli.commands import main

__all__ = ["main"]
