"""Exit codes every command shares: 0 success, 1 mistakes in the content, 2 a mistake in the call."""

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2
