import type { Tx } from '../platform/db/db.ts';
import { newId } from '../platform/ids/ids.ts';

type Shape = 'square' | 'round' | 'rect';
/** name, seats, shape, x, y, width, height — in plan units (0–10000; the apps scale to fit). */
type DemoTable = [string, number, Shape, number, number, number, number];

/**
 * The demo restaurant's floor (issue 13): the Kemang outlet seats guests inside ("Dalam": two-tops
 * by the window, round four-tops in the middle, two long family tables at the back) and on the
 * terrace ("Teras": three small round tables and a long bench). The waiter app draws them.
 */
export const DEMO_FLOORS: { name: string; tables: DemoTable[] }[] = [
  {
    name: 'Dalam',
    tables: [
      ['Meja 1', 2, 'square', 60, 60, 240, 240],
      ['Meja 2', 2, 'square', 380, 60, 240, 240],
      ['Meja 3', 4, 'square', 700, 60, 240, 240],
      ['Meja 4', 4, 'round', 50, 420, 260, 260],
      ['Meja 5', 4, 'round', 370, 420, 260, 260],
      ['Meja 6', 4, 'round', 690, 420, 260, 260],
      ['Meja 7', 6, 'rect', 60, 800, 400, 240],
      ['Meja 8', 8, 'rect', 540, 800, 400, 240],
    ],
  },
  {
    name: 'Teras',
    tables: [
      ['Teras 1', 2, 'round', 60, 60, 240, 240],
      ['Teras 2', 2, 'round', 380, 60, 240, 240],
      ['Teras 3', 2, 'round', 700, 60, 240, 240],
      ['Teras 4', 6, 'rect', 60, 420, 880, 240],
    ],
  },
];

/** Seeds the floors and tables of the demo's first outlet (Kemang). */
export async function seedDemoFloor(tx: Tx, tenantId: string, now: Date): Promise<void> {
  const outlet = await tx
    .selectFrom('outlets')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .orderBy('name', 'desc') // "… Kemang" before "… Bandung"
    .executeTakeFirstOrThrow();
  for (const [position, floor] of DEMO_FLOORS.entries()) {
    const floorId = newId();
    await tx
      .insertInto('floors')
      .values({
        tenant_id: tenantId,
        id: floorId,
        outlet_id: outlet.id,
        name: floor.name,
        position,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await tx
      .insertInto('dining_tables')
      .values(
        floor.tables.map(([name, seats, shape, x, y, width, height]) => ({
          tenant_id: tenantId,
          id: newId(),
          outlet_id: outlet.id,
          floor_id: floorId,
          name,
          seats,
          shape,
          x,
          y,
          width,
          height,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
  // Every table has a live QR code (version 1) from the start: the banner prints one table's page.
  const tables = await tx
    .selectFrom('dining_tables')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .execute();
  await tx
    .insertInto('table_codes')
    .values(tables.map((t) => ({ tenant_id: tenantId, table_id: t.id, version: 1, issued_at: now })))
    .execute();
}
