"""The patching writer: a marked copy made by rewriting only the parts that change (see writer.py)."""
