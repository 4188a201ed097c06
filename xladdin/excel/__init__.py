"""The xlwings adapter: the ribbon's entry points and the jobs they run on an open book."""
