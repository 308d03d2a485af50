import type { Tx } from '../platform/db/db.ts';
import { newId } from '../platform/ids/ids.ts';

/** A station key from an outlet's name: "Warung Demo — Kemang" + "dapur" → `dapur-kemang`. */
export function demoStationKey(station: string, outletName: string): string {
  const place = (outletName.split('—').pop() ?? outletName)
    .trim()
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${station}-${place}`.slice(0, 40);
}

/**
 * The demo's kitchen (issue 13): at every outlet a "Dapur" station (the default: every line no
 * rule routes goes there, late after 8 minutes) and a "Bar" for the drinks category (late after
 * 4 minutes). The demo menu has no starters or mains, so no default course is set: courses are
 * chosen by hand on the waiter's screen.
 */
export async function seedDemoKitchen(tx: Tx, tenantId: string, now: Date): Promise<void> {
  const outlets = await tx
    .selectFrom('outlets')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .execute();
  const drinks = await tx
    .selectFrom('categories')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('name', '=', 'Minuman')
    .executeTakeFirst();
  for (const outlet of outlets) {
    const dapur = newId();
    const bar = newId();
    const station = (
      id: string,
      key: string,
      name: string,
      isDefault: boolean,
      late: number,
      position: number,
    ) => ({
      tenant_id: tenantId,
      id,
      outlet_id: outlet.id,
      key: demoStationKey(key, outlet.name),
      name,
      is_default: isDefault,
      late_after_seconds: late,
      position,
      created_at: now,
      updated_at: now,
    });
    await tx
      .insertInto('kitchen_stations')
      .values([
        station(dapur, 'dapur', 'Dapur', true, 8 * 60, 0),
        station(bar, 'bar', 'Bar', false, 4 * 60, 1),
      ])
      .execute();
    if (drinks) {
      await tx
        .insertInto('kitchen_routes')
        .values({
          tenant_id: tenantId,
          id: newId(),
          outlet_id: outlet.id,
          station_id: bar,
          category_id: drinks.id,
          course: null,
          created_at: now,
        })
        .execute();
    }
  }
}
