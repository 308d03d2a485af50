import type { Executor } from '../../platform/db/db.ts';
import type { Keyed } from './rollup-facts.ts';

/**
 * Who did it, as one key and a name: orders store the membership (or API key, or device) id,
 * payments and refunds `user:<id>` / `api_key:<id>` / `device:<id>`; all of one person become
 * `user:<userId>` named by their display name in this business.
 */
export async function peopleDirectory(
  db: Executor,
  tenantId: string,
): Promise<(raw: string | null) => Keyed> {
  const [members, devices, keys] = await Promise.all([
    db
      .selectFrom('memberships')
      .select(['id', 'user_id', 'display_name'])
      .where('tenant_id', '=', tenantId)
      .execute(),
    db.selectFrom('devices').select(['id', 'name']).where('tenant_id', '=', tenantId).execute(),
    db.selectFrom('api_keys').select(['id', 'name']).where('tenant_id', '=', tenantId).execute(),
  ]);
  const byRef = new Map<string, Keyed>();
  for (const m of members) {
    const person = { key: `user:${m.user_id}`, label: m.display_name };
    byRef.set(m.id, person);
    byRef.set(`user:${m.user_id}`, person);
  }
  for (const d of devices) {
    const device = { key: `device:${d.id}`, label: d.name };
    byRef.set(d.id, device);
    byRef.set(`device:${d.id}`, device);
  }
  for (const k of keys) {
    const key = { key: `api_key:${k.id}`, label: k.name };
    byRef.set(k.id, key);
    byRef.set(`api_key:${k.id}`, key);
  }
  return (raw) => (raw ? (byRef.get(raw) ?? { key: raw, label: raw }) : { key: 'unknown', label: 'unknown' });
}

/** The tender a payment was taken with, as a report key: `cash`, `card`, `gateway:<channel or gateway>`. */
export function tenderKey(p: { method: string; gateway: string | null; channel: string | null }): Keyed {
  const key = p.method === 'gateway' ? `gateway:${p.channel ?? p.gateway ?? 'other'}` : p.method;
  return { key, label: key };
}
