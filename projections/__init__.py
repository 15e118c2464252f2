"""Read models kept up to date from the event log (see issue: projections)."""
