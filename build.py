#!/usr/bin/env python3
"""Akun Resmi command line: `python build.py [build|check|serve|new] --help`."""

from akunresmi.commands.cli import exit_with

if __name__ == "__main__":
    exit_with()
