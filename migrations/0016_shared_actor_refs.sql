-- One stored reference for "who did it" (issue 10): `<kind>:<id>`, kind one of user (the user's
-- id, not a membership's), api_key, device, platform, system — as events (`actor`) and payments
-- already stored it, and as the audit log stores it in two columns (actor_type, actor_id). Orders
-- stored a bare membership, API key or device id; approvals a membership id (or only the kind);
-- the demo's fee schedule 'demo'. Foreign keys to memberships (api_keys.created_by,
-- devices.paired_by, device_pairing_codes.created_by) stay as they are: only staff create those.
UPDATE orders o
   SET created_by = 'user:' || m.user_id
  FROM memberships m
 WHERE m.tenant_id = o.tenant_id AND m.id::text = o.created_by;
UPDATE orders o
   SET created_by = 'api_key:' || o.created_by
 WHERE position(':' in o.created_by) = 0
   AND EXISTS (SELECT 1 FROM api_keys k WHERE k.tenant_id = o.tenant_id AND k.id::text = o.created_by);
UPDATE orders o
   SET created_by = 'device:' || o.created_by
 WHERE position(':' in o.created_by) = 0
   AND EXISTS (SELECT 1 FROM devices d WHERE d.tenant_id = o.tenant_id AND d.id::text = o.created_by);

UPDATE approvals a
   SET requested_by = 'user:' || m.user_id
  FROM memberships m
 WHERE m.tenant_id = a.tenant_id AND m.id::text = a.requested_by;
UPDATE approvals
   SET requested_by = requested_by || ':unknown'
 WHERE position(':' in requested_by) = 0;
UPDATE approvals a
   SET used_by = 'user:' || m.user_id
  FROM memberships m
 WHERE a.used_by LIKE 'user:%' AND m.tenant_id = a.tenant_id AND 'user:' || m.id::text = a.used_by;

UPDATE fee_schedules SET updated_by = 'system:' || updated_by WHERE position(':' in updated_by) = 0;
