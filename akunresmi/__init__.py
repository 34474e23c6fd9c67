"""Akun Resmi: a static-site generator for a directory of official government accounts."""

__version__ = "0.1.0"
