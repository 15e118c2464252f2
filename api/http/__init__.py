"""The HTTP API: routes (commands and queries with roles), preconditions, problem details."""
