-- Per-node caches invalidated by the database itself (the session cache, docs/ARCHITECTURE.md
-- "Session cache"): any UPDATE or DELETE of a row the session read depends on (auth_sessions,
-- users, tenants, memberships, roles, devices) — whichever code or tool makes it — announces
-- '<kind>:<id>' in the changing transaction:
--   * NOTIFY kasir_cache: delivered on commit to every node's listener, which drops the entries
--     that depend on that row;
--   * a NOTICE (SQLSTATE KC001) to the session that made the change, at once: the node that
--     commits a change has dropped its own entries before the commit returns, so its next
--     request never answers from a stale one.
-- TRUNCATE announces '*' (drop everything).
CREATE FUNCTION kasir_cache_invalidate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  key text;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    key := '*';
  ELSE
    key := TG_ARGV[0] || ':' || OLD.id;
  END IF;
  PERFORM pg_notify('kasir_cache', key);
  RAISE NOTICE USING MESSAGE = key, ERRCODE = 'KC001';
  RETURN NULL;
END $$;

CREATE TRIGGER auth_sessions_cache AFTER UPDATE OR DELETE ON auth_sessions
  FOR EACH ROW EXECUTE FUNCTION kasir_cache_invalidate('s');
CREATE TRIGGER users_cache AFTER UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION kasir_cache_invalidate('u');
CREATE TRIGGER tenants_cache AFTER UPDATE OR DELETE ON tenants
  FOR EACH ROW EXECUTE FUNCTION kasir_cache_invalidate('t');
CREATE TRIGGER memberships_cache AFTER UPDATE OR DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION kasir_cache_invalidate('m');
CREATE TRIGGER roles_cache AFTER UPDATE OR DELETE ON roles
  FOR EACH ROW EXECUTE FUNCTION kasir_cache_invalidate('r');
CREATE TRIGGER devices_cache AFTER UPDATE OR DELETE ON devices
  FOR EACH ROW EXECUTE FUNCTION kasir_cache_invalidate('d');

CREATE TRIGGER auth_sessions_cache_truncate AFTER TRUNCATE ON auth_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION kasir_cache_invalidate();
CREATE TRIGGER users_cache_truncate AFTER TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION kasir_cache_invalidate();
CREATE TRIGGER tenants_cache_truncate AFTER TRUNCATE ON tenants
  FOR EACH STATEMENT EXECUTE FUNCTION kasir_cache_invalidate();
CREATE TRIGGER memberships_cache_truncate AFTER TRUNCATE ON memberships
  FOR EACH STATEMENT EXECUTE FUNCTION kasir_cache_invalidate();
CREATE TRIGGER roles_cache_truncate AFTER TRUNCATE ON roles
  FOR EACH STATEMENT EXECUTE FUNCTION kasir_cache_invalidate();
CREATE TRIGGER devices_cache_truncate AFTER TRUNCATE ON devices
  FOR EACH STATEMENT EXECUTE FUNCTION kasir_cache_invalidate();
