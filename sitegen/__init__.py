"""sitegen: build a Thai agency's integrity-measures website from Markdown files."""

from importlib import metadata

DISTRIBUTION = "sitegen-ita"
"""The name on the package index (PyPI's "sitegen" is an unrelated project); the import package and the command are
sitegen."""

try:  # pyproject.toml is the one place the version is written
    __version__ = metadata.version(DISTRIBUTION)
except metadata.PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"
