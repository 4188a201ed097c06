"""The summary that goes up the line: its tables, narrative and charts, and the files they are written into."""
