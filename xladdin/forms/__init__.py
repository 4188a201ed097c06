"""The branch forms themselves: the template, the sample, filling and repairing."""
