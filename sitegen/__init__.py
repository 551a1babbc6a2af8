"""sitegen: build a Thai agency's integrity-measures website from Markdown files."""

from importlib import metadata

try:  # pyproject.toml is the one place the version is written
    __version__ = metadata.version("sitegen")
except metadata.PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"
