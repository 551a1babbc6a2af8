"""sitegen: build a Thai agency's integrity-measures website from Markdown files."""

DISTRIBUTION = "sitegen-ita"
"""The name on the package index (PyPI's "sitegen" is an unrelated project); the import package and the command are
sitegen."""


def __getattr__(name: str) -> str:
    """``sitegen.__version__``, read from the installed package's metadata when asked (importlib.metadata is slow
    to import, and a build does not need it)."""
    if name != "__version__":
        raise AttributeError(f"module 'sitegen' has no attribute {name!r}")
    from importlib import metadata

    try:  # pyproject.toml is the one place the version is written
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"
