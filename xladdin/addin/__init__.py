"""Building and installing the Excel ribbon add-in."""
