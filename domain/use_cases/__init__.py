"""The use cases, one module per aggregate they write; ``domain.tracker.Tracker`` combines them with the store."""
