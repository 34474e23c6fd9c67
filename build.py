#!/usr/bin/env python3
"""Akun Resmi command line: `python build.py [build|check|serve|new] --help`."""

import sys

from akunresmi.commands.cli import main

if __name__ == "__main__":
    sys.exit(main())
