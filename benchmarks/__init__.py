"""Benchmarks (``make bench``), outside the installed package: they import gongkai, never the reverse."""
