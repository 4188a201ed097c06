"""The pure core: plain data in, findings out; no file formats, no libraries beyond the standard one."""
