-- Earlier versions seeded a platform operator with a published password
-- (platform@kasir.demo / kasir-platform-123), also on server installs. Retire that account: it loses
-- the platform role, its password can no longer match ('!' is not an argon2 hash), and its sessions
-- end. The operator account is now created with `npm run platform:admin`.
UPDATE auth_sessions
   SET revoked_at = now(), revoke_reason = 'demo_operator_retired'
 WHERE revoked_at IS NULL
   AND user_id IN (SELECT id FROM users WHERE lower(email) = 'platform@kasir.demo');

UPDATE users
   SET platform_role = NULL, password_hash = '!', updated_at = now()
 WHERE lower(email) = 'platform@kasir.demo';
