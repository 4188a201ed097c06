"""回头看 (huitoukan): check, mark and summarise the branches' look-back reports.

The Excel entry points (main, validate, summarize, export, clear_marks) live
in xladdin.excel.entry, the only module that imports xlwings; they are loaded on
first use so that `import xladdin` and the `check` command stay light.
"""

import os

__version__ = "0.1.0"

# python-docx (the Word report) depends on lxml, and openpyxl switches its XML reading and writing to
# lxml whenever lxml is installed: entity handling without defusedxml, lxml's own errors on a damaged
# part, other serialisation. Everything here was built and measured on openpyxl's standard-library path,
# so keep it (openpyxl's documented switch), unless the user set it. Set before openpyxl is imported.
os.environ.setdefault("OPENPYXL_LXML", "False")

_ENTRY_POINTS = ("main", "validate", "summarize", "export", "clear_marks")


def __getattr__(name: str):
    if name in _ENTRY_POINTS:
        from xladdin.excel import entry as excel

        return getattr(excel, name)
    raise AttributeError(f"module 'xladdin' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_ENTRY_POINTS])
