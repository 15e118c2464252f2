-- The two roles of an append-only installation, on the local cluster (idempotent; run by .ci/postgres-up
-- and by the tests). forum_owner owns the event and seal tables (`forum db setup`); forum_app is the role the
-- application runs as: it reads and appends, and cannot rewrite, delete or truncate history.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'forum_owner') THEN
    CREATE ROLE forum_owner LOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'forum_app') THEN
    CREATE ROLE forum_app LOGIN;
  END IF;
END $$;
