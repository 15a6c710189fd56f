"""A tiny inventory library used as drydock's quickstart sample."""
