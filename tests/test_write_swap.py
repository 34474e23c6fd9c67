"""Writing the output folder, in this process so the mutation tester sees it (issue 14)."""
