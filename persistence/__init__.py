"""Storing the model: loading and saving aggregates, the aggregate cache, group commit, snapshots, batches."""
