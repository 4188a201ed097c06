"""The summary that goes up the line: its tables, narrative and charts, and the files they are written into."""

import xladdin  # noqa: F401 - sets openpyxl's XML backend (xladdin/__init__.py) before any openpyxl import here
