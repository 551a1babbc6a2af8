"""Authoring commands (``init``, ``new``, ``catalog``): argument wiring for cli.py."""

from __future__ import annotations

import argparse
from importlib import metadata

AUTHORING_COMMANDS: dict[str, object] = {}


def package_version() -> str:
    """The installed version, from the package metadata (pyproject.toml is the one source)."""
    try:
        return metadata.version("sitegen")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


def add_authoring_commands(sub: argparse._SubParsersAction) -> None:
    """Add the authoring sub-commands to the CLI parser."""


def run_authoring_command(args: argparse.Namespace) -> int:
    raise KeyError(args.command)
