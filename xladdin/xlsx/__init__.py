"""Reading and writing .xlsx files safely: the package guard, cell sources, atomic writes."""
