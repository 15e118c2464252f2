"""Fault tests: kills, database outages and hostile input, each counted."""
