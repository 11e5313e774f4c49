"""Comparing regulation versions: crosswalks between them and comparisons across them."""
