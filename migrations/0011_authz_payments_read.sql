-- payments:read: reading payments and refunds (amounts, card brand, last 4 digits, QR codes, the
-- payments realtime topic) needs its own permission; orders:read no longer shows them, so a kitchen
-- display no longer sees card details.
--
-- Built-in roles are stored per tenant (created at sign-up from src/modules/identity/permissions.ts):
-- give it to the built-in roles that take money. The kitchen role does not get it.
UPDATE roles
   SET permissions = array_append(permissions, 'payments:read'), updated_at = now()
 WHERE builtin
   AND key IN ('owner', 'admin', 'manager', 'cashier', 'waiter')
   AND NOT ('payments:read' = ANY (permissions));

-- Custom roles and API keys that take or refund payments keep seeing them; those that only read
-- orders lose payment reads (that was the gap).
UPDATE roles
   SET permissions = array_append(permissions, 'payments:read'), updated_at = now()
 WHERE NOT builtin
   AND permissions && ARRAY['payments:create', 'payments:refund']::text[]
   AND NOT ('payments:read' = ANY (permissions));

UPDATE api_keys
   SET scopes = array_append(scopes, 'payments:read')
 WHERE scopes && ARRAY['payments:create', 'payments:refund']::text[]
   AND NOT ('payments:read' = ANY (scopes));
