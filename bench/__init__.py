"""Benchmarks (`make bench`); never collected by pytest (not under testpaths)."""
