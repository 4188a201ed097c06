"""Marking a checked workbook: what to mark (plan) and writing it into a file."""
