import type { Tx } from '../platform/db/db.ts';
import { newId } from '../platform/ids/ids.ts';
import { applyMovements } from '../modules/inventory/index.ts';

/**
 * The demo's stock (issue 16): ingredients and a retail good, a supplier with a received purchase
 * order as the opening stock (so the books and the average costs start right), recipes for the
 * dishes and drinks (the large coffee and the boba option their own), and reorder levels.
 */
export async function seedDemoInventory(tx: Tx, tenantId: string, now: Date): Promise<void> {
  const outlets = await tx
    .selectFrom('outlets')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .orderBy('name', 'desc')
    .execute();
  const items = await tx
    .selectFrom('items as i')
    .innerJoin('item_variants as v', (j) =>
      j.onRef('v.tenant_id', '=', 'i.tenant_id').onRef('v.item_id', '=', 'i.id'),
    )
    .select(['i.id', 'i.name', 'v.id as variant_id', 'v.name as variant_name'])
    .where('i.tenant_id', '=', tenantId)
    .execute();
  const boba = await tx
    .selectFrom('modifier_options')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('name', '=', 'Boba')
    .executeTakeFirst();
  const item = (name: string) => items.find((i) => i.name === name)?.id;
  const variant = (name: string, v: string) =>
    items.find((i) => i.name === name && i.variant_name === v)?.variant_id;

  // [name, dimension, stock unit, purchase unit, base units per purchase unit, opening purchase units, cost per purchase unit]
  const stock: [string, 'mass' | 'volume' | 'count', string, string, number, number, number][] = [
    ['Beras', 'mass', 'kg', 'karung 25 kg', 25_000_000, 2, 32_500_000],
    ['Telur', 'count', 'pcs', 'tray 30', 30_000, 4, 6_000_000],
    ['Ayam', 'mass', 'kg', 'kg', 1_000_000, 8, 4_200_000],
    ['Mie', 'mass', 'kg', 'bal 5 kg', 5_000_000, 2, 9_000_000],
    ['Kopi bubuk', 'mass', 'g', 'pak 1 kg', 1_000_000, 2, 18_000_000],
    ['Susu', 'volume', 'l', 'karton 12 l', 12_000_000, 2, 24_000_000],
    ['Gula', 'mass', 'kg', 'kg', 1_000_000, 5, 1_600_000],
    ['Teh', 'mass', 'g', 'pak 500 g', 500_000, 2, 3_500_000],
    ['Boba', 'mass', 'kg', 'kg', 1_000_000, 2, 6_000_000],
    ['Air mineral 600 ml', 'count', 'pcs', 'dus 24', 24_000, 3, 7_200_000],
  ];
  const ids = new Map<string, string>();
  for (const [name, dimension, unit, purchaseUnit, perPurchase] of stock) {
    const id = newId();
    ids.set(name, id);
    await tx
      .insertInto('stock_items')
      .values({
        tenant_id: tenantId,
        id,
        name,
        kind: name.startsWith('Air') ? 'retail' : 'ingredient',
        dimension,
        stock_unit: unit,
        purchase_unit: purchaseUnit,
        purchase_unit_qty: perPurchase,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  const supplierId = newId();
  await tx
    .insertInto('suppliers')
    .values({
      tenant_id: tenantId,
      id: supplierId,
      name: 'CV Sumber Pangan',
      contact: 'Pak Hendra',
      phone: '0812-3456-7890',
      created_at: now,
    })
    .execute();

  for (const outlet of outlets) {
    const poId = newId();
    await tx
      .insertInto('purchase_orders')
      .values({
        tenant_id: tenantId,
        id: poId,
        outlet_id: outlet.id,
        supplier_id: supplierId,
        status: 'received',
        note: 'Stok awal',
        created_at: now,
        sent_at: now,
        updated_at: now,
      })
      .execute();
    await tx
      .insertInto('purchase_order_lines')
      .values(
        stock.map(([name, , , , perPurchase, units, cost], i) => ({
          tenant_id: tenantId,
          purchase_order_id: poId,
          id: newId(),
          line_no: i + 1,
          stock_item_id: ids.get(name)!,
          qty_ordered: perPurchase * units,
          cost_ordered: cost * units,
          qty_received: perPurchase * units,
          cost_received: cost * units,
        })),
      )
      .execute();
    await applyMovements(
      tx,
      { tenantId, emit: () => undefined },
      stock.map(([name, , , , perPurchase, units, cost]) => ({
        outletId: outlet.id,
        stockItemId: ids.get(name)!,
        reason: 'receiving' as const,
        qtyDelta: perPurchase * units,
        value: cost * units,
        occurredAt: now,
        purchaseOrderId: poId,
        note: 'Stok awal',
      })),
      { actor: 'system:demo', now, memo: 'opening stock' },
    );
    // Reorder levels: a quarter of the opening stock.
    for (const [name, , , , perPurchase, units] of stock) {
      await tx
        .updateTable('stock_levels')
        .set({ reorder_level: Math.floor((perPurchase * units) / 4) })
        .where('tenant_id', '=', tenantId)
        .where('outlet_id', '=', outlet.id)
        .where('stock_item_id', '=', ids.get(name)!)
        .execute();
    }
  }

  // Recipes (per portion or glass, base units): [target type, target id, yield bp, [stock item, qty]].
  const recipes: ['item' | 'variant' | 'modifier_option', string | undefined, number, [string, number][]][] =
    [
      [
        'item',
        item('Nasi Goreng Spesial'),
        10_000,
        [
          ['Beras', 150_000],
          ['Telur', 1_000],
          ['Ayam', 50_000],
        ],
      ],
      [
        'item',
        item('Mie Ayam'),
        10_000,
        [
          ['Mie', 120_000],
          ['Ayam', 60_000],
        ],
      ],
      ['item', item('Sate Ayam (10 tusuk)'), 8_500, [['Ayam', 150_000]]],
      [
        'item',
        item('Es Kopi Susu'),
        10_000,
        [
          ['Kopi bubuk', 15_000],
          ['Susu', 150_000],
          ['Gula', 15_000],
        ],
      ],
      [
        'variant',
        variant('Es Kopi Susu', 'Large'),
        10_000,
        [
          ['Kopi bubuk', 20_000],
          ['Susu', 220_000],
          ['Gula', 20_000],
        ],
      ],
      [
        'item',
        item('Es Teh Manis'),
        9_000,
        [
          ['Teh', 4_000],
          ['Gula', 20_000],
        ],
      ],
      ['modifier_option', boba?.id, 10_000, [['Boba', 50_000]]],
    ];
  for (const [type, targetId, yieldBp, lines] of recipes) {
    if (!targetId) {
      continue;
    }
    const id = newId();
    await tx
      .insertInto('recipes')
      .values({
        tenant_id: tenantId,
        id,
        target_type: type,
        target_id: targetId,
        version: 1,
        yield_bp: yieldBp,
        effective_from: now,
        created_at: now,
        actor: 'system:demo',
      })
      .execute();
    await tx
      .insertInto('recipe_lines')
      .values(
        lines.map(([name, qty], i) => ({
          tenant_id: tenantId,
          recipe_id: id,
          line_no: i + 1,
          stock_item_id: ids.get(name)!,
          qty,
        })),
      )
      .execute();
  }
}
