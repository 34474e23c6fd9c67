"""Validation mistakes an editor makes, checked in this process so the mutation tester sees them
(issue 14): each asserts the message, the hint and the file:line:col an editor reads."""
