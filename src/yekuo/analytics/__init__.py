"""Process analytics over the event log, computed in DuckDB from a columnar copy of it.

The live log (the application lifecycle's events) and imported historical logs ("named logs") live side by
side in one DuckDB file under the data directory but never mix: each analysis reads exactly one of them.
"""
