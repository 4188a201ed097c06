import xladdin  # noqa: F401 - chooses openpyxl's XML backend before any openpyxl import
