"""Building: the one build path, its cache and the only writer of output/."""
