"""sitegen: build a Thai agency's integrity-measures website from Markdown files."""

__version__ = "0.1.0"
