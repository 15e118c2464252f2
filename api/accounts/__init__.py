"""Who may sign in: users, their roles and tokens."""
