import { hashPassword } from '../platform/crypto/passwords.ts';
import type { Db, Tx } from '../platform/db/db.ts';
import { appendAudit } from '../platform/audit/audit.ts';
import { newId, type TenantId } from '../platform/ids/ids.ts';
import type { StaffService } from '../modules/identity/index.ts';
import type { TenancyService } from '../modules/tenancy/index.ts';
import { createTenantWithOwner } from '../flows/sign-up.ts';
import { seedDemoInventory } from './inventory.ts';
import { seedDemoFloor } from './restaurant.ts';
import { seedDemoKitchen } from './kitchen.ts';

/** The demo business's logins (printed at start; demo only — change them for real use). */
export const DEMO = {
  tenantName: 'Warung Demo',
  password: 'kasir-demo-123',
  owner: { email: 'owner@warung.demo', name: 'Ibu Sari (owner)' },
  manager: { email: 'manager@warung.demo', name: 'Budi (manager)', pin: '1111' },
  cashiers: [
    { email: 'kasir1@warung.demo', name: 'Ani (cashier)', pin: '2222' },
    { email: 'kasir2@warung.demo', name: 'Dewi (cashier)', pin: '3333' },
  ],
  kitchen: { email: 'dapur@warung.demo', name: 'Joko (kitchen)' },
  waiter: { email: 'pelayan@warung.demo', name: 'Rudi (waiter)', pin: '4444' },
} as const;

export interface DemoSummary {
  tenantId: string;
  outlets: { id: string; name: string; registers: { id: string; name: string }[] }[];
  /** One demo table with a live QR code (the banner prints its customer page). */
  qrTable: { id: string; name: string; version: number } | null;
  created: boolean;
}

/**
 * Seeds the demo business once: on a database with no tenants. Returns null when the database
 * already holds other businesses (never touches real data).
 */
export async function seedDemo(
  db: Db,
  services: { tenancy: TenancyService; staff: StaffService },
  now: () => Date,
): Promise<DemoSummary | null> {
  const existing = await db.selectFrom('tenants').select(['id', 'name']).orderBy('created_at').execute();
  const demo = existing.find((t) => t.name === DEMO.tenantName);
  if (demo) {
    return { ...(await describe(db, demo.id)), created: false };
  }
  if (existing.length > 0) {
    return null;
  }
  const tenantId = await db.transaction().execute(async (tx) => {
    const { tenant, userId } = await createTenantWithOwner(tx, services, {
      businessName: DEMO.tenantName,
      currency: 'IDR',
      timezone: 'Asia/Jakarta',
      locale: 'id-ID',
      ownerName: DEMO.owner.name,
      email: DEMO.owner.email,
      password: DEMO.password,
    });
    const tid = tenant.id as TenantId;
    const outlets = [
      {
        name: 'Warung Demo — Kemang',
        address: 'Jl. Kemang Raya 10, Jakarta',
        registers: ['Kasir 1', 'Kasir 2'],
      },
      { name: 'Warung Demo — Bandung', address: 'Jl. Braga 5, Bandung', registers: ['Kasir 1'] },
    ];
    for (const o of outlets) {
      const outletId = newId();
      await tx
        .insertInto('outlets')
        .values({ tenant_id: tid, id: outletId, name: o.name, address: o.address })
        .execute();
      for (const r of o.registers) {
        await tx
          .insertInto('registers')
          .values({ tenant_id: tid, id: newId(), outlet_id: outletId, name: r })
          .execute();
      }
    }
    const roleIds = Object.fromEntries(
      (await tx.selectFrom('roles').select(['key', 'id']).where('tenant_id', '=', tid).execute()).map((r) => [
        r.key,
        r.id,
      ]),
    );
    const passwordHash = await hashPassword(DEMO.password);
    const people: { email: string; name: string; role: string; pin?: string }[] = [
      { ...DEMO.manager, role: 'manager' },
      ...DEMO.cashiers.map((c) => ({ ...c, role: 'cashier' })),
      { ...DEMO.kitchen, role: 'kitchen' },
      { ...DEMO.waiter, role: 'waiter' },
    ];
    for (const p of people) {
      const uid = newId();
      await tx
        .insertInto('users')
        .values({ id: uid, email: p.email, name: p.name, password_hash: passwordHash })
        .execute();
      await tx
        .insertInto('memberships')
        .values({
          tenant_id: tid,
          id: newId(),
          user_id: uid,
          role_id: roleIds[p.role]!,
          display_name: p.name,
          pin_hash: p.pin ? await hashPassword(p.pin) : null,
        })
        .execute();
    }
    await seedDemoMenu(tx, tid);
    await seedDemoInventory(tx, tid, now());
    await seedDemoFloor(tx, tid, now());
    await seedDemoKitchen(tx, tid, now());
    await appendAudit(
      tx,
      [
        {
          tenantId: tid,
          actorType: 'system',
          actorId: null,
          action: 'demo.seeded',
          targetType: 'tenant',
          targetId: tid,
          after: { owner: userId },
        },
      ],
      now(),
    );
    return tid;
  });
  return { ...(await describe(db, tenantId)), created: true };
}

/** A small warung menu: PB1 10% (exclusive), 5% service on dine-in, drinks with sugar/extra choices. */
async function seedDemoMenu(tx: Tx, tenantId: string): Promise<void> {
  await tx
    .updateTable('tenants')
    .set({ cash_rounding_increment: 10_000 })
    .where('id', '=', tenantId)
    .execute();
  await tx.insertInto('catalog_heads').values({ tenant_id: tenantId, version: 1 }).execute();
  const version = '1';
  const pb1 = newId();
  await tx
    .insertInto('tax_rates')
    .values({ tenant_id: tenantId, id: pb1, name: 'PB1 10%', rate_ppm: 100_000, inclusive: false, version })
    .execute();
  const service = newId();
  await tx
    .insertInto('service_charges')
    .values({
      tenant_id: tenantId,
      id: service,
      name: 'Service 5%',
      rate_ppm: 50_000,
      dining_options: ['dine_in'],
      taxable: true,
      version,
    })
    .execute();
  await tx
    .insertInto('service_charge_taxes')
    .values({ tenant_id: tenantId, service_charge_id: service, tax_rate_id: pb1 })
    .execute();
  const categories = { food: newId(), drinks: newId() };
  await tx
    .insertInto('categories')
    .values([
      { tenant_id: tenantId, id: categories.food, name: 'Makanan', sort_order: 1, version },
      { tenant_id: tenantId, id: categories.drinks, name: 'Minuman', sort_order: 2, version },
    ])
    .execute();
  await tx
    .insertInto('category_taxes')
    .values([
      { tenant_id: tenantId, category_id: categories.food, tax_rate_id: pb1 },
      { tenant_id: tenantId, category_id: categories.drinks, tax_rate_id: pb1 },
    ])
    .execute();
  const sugar = newId();
  const extras = newId();
  await tx
    .insertInto('modifier_groups')
    .values([
      { tenant_id: tenantId, id: sugar, name: 'Gula', min_select: 1, max_select: 1, version },
      { tenant_id: tenantId, id: extras, name: 'Tambahan', min_select: 0, max_select: 2, version },
    ])
    .execute();
  const options: [string, string, number][] = [
    [sugar, 'Kurang manis', 0],
    [sugar, 'Normal', 0],
    [extras, 'Extra shot', 500_000],
    [extras, 'Boba', 600_000],
  ];
  await tx
    .insertInto('modifier_options')
    .values(
      options.map(([group, name, price], i) => ({
        tenant_id: tenantId,
        id: newId(),
        group_id: group,
        name,
        price,
        sort_order: i,
        version,
      })),
    )
    .execute();
  const menu: [string, string, [string, number][], string[]][] = [
    ['Nasi Goreng Spesial', categories.food, [['Porsi', 3_500_000]], []],
    ['Mie Ayam', categories.food, [['Porsi', 2_500_000]], []],
    ['Sate Ayam (10 tusuk)', categories.food, [['Porsi', 3_000_000]], []],
    [
      'Es Kopi Susu',
      categories.drinks,
      [
        ['Regular', 2_200_000],
        ['Large', 2_800_000],
      ],
      [sugar, extras],
    ],
    ['Es Teh Manis', categories.drinks, [['Gelas', 800_000]], [sugar]],
  ];
  for (const [name, category, variants, groups] of menu) {
    const itemId = newId();
    await tx
      .insertInto('items')
      .values({ tenant_id: tenantId, id: itemId, category_id: category, name, version })
      .execute();
    await tx
      .insertInto('item_variants')
      .values(
        variants.map(([v, price], i) => ({
          tenant_id: tenantId,
          id: newId(),
          item_id: itemId,
          name: v,
          price,
          sort_order: i,
          version,
        })),
      )
      .execute();
    if (groups.length) {
      await tx
        .insertInto('item_modifier_groups')
        .values(groups.map((g, i) => ({ tenant_id: tenantId, item_id: itemId, group_id: g, sort_order: i })))
        .execute();
    }
  }
}

async function describe(db: Db, tenantId: string): Promise<Omit<DemoSummary, 'created'>> {
  const outlets = await db
    .selectFrom('outlets')
    .select(['id', 'name'])
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .execute();
  const registers = await db
    .selectFrom('registers')
    .select(['id', 'name', 'outlet_id'])
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .execute();
  const qrTable = await db
    .selectFrom('table_codes as c')
    .innerJoin('dining_tables as t', (j) =>
      j.onRef('t.tenant_id', '=', 'c.tenant_id').onRef('t.id', '=', 'c.table_id'),
    )
    .select(['t.id', 't.name', 'c.version'])
    .where('c.tenant_id', '=', tenantId)
    .where('c.revoked_at', 'is', null)
    .orderBy('t.name')
    .executeTakeFirst();
  return {
    tenantId,
    qrTable: qrTable ?? null,
    outlets: outlets.map((o) => ({
      ...o,
      registers: registers.filter((r) => r.outlet_id === o.id).map(({ id, name }) => ({ id, name })),
    })),
  };
}

/** The demo's part of the banner `npm start` prints. */
export function demoBanner(summary: DemoSummary, qrUrl: string | null = null): string {
  const lines = [
    `  Demo business "${DEMO.tenantName}" (${summary.created ? 'just created' : 'already there'}), IDR, Asia/Jakarta`,
    `  Log in (POST /v1/auth/login) — password for every staff login: ${DEMO.password}`,
    `    owner     ${DEMO.owner.email}`,
    `    manager   ${DEMO.manager.email}   PIN ${DEMO.manager.pin}`,
    ...DEMO.cashiers.map((c) => `    cashier   ${c.email}   PIN ${c.pin}`),
    `    kitchen   ${DEMO.kitchen.email}   (the kitchen display /kitchen/ and the order board /kitchen/board)`,
    `    waiter    ${DEMO.waiter.email}   PIN ${DEMO.waiter.pin}   (phone: /waiter/)`,
    `    platform  none seeded; create the operator with: npm run platform:admin -- --email you@example.com`,
    ...(qrUrl && summary.qrTable
      ? [`  Customer ordering (QR of table ${summary.qrTable.name}, open on a phone): ${qrUrl}`]
      : []),
    '',
    ...summary.outlets.flatMap((o) => [
      `  Outlet ${o.name}`,
      ...o.registers.map((r) => `    register ${r.name}  ${r.id}`),
    ]),
    '',
  ];
  return lines.join('\n');
}
