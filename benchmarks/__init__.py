"""Benchmarks and evaluation scripts: run them directly, they print figures."""
