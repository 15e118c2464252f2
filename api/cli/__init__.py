"""The `forum` command line."""
