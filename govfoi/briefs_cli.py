"""Placeholder: brief commands are added by the briefs module."""

from __future__ import annotations

import argparse


def add_brief_commands(sub: argparse._SubParsersAction) -> None:  # noqa: SLF001
    """No brief commands yet."""
