"""Benchmarks: each `bench_*.py` module has `run() -> dict` and `main()` that prints a table."""
