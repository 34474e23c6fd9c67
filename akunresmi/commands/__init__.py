"""The commands: command line, new agency template, report, live preview."""
