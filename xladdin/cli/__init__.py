"""The huitoukan command line."""

from xladdin.cli.commands import main

__all__ = ["main"]
