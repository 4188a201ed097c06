"""The one spec: the form, its labels and colours, and every message the tool prints."""
