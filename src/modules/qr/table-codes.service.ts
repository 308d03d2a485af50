import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext, TenantPrincipal } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { TenantId } from '../../platform/ids/ids.ts';
import { assertOutletAccess } from '../identity/index.ts';
import { qrPng, qrSvg } from '../payments/index.ts';
import { requireOutlet } from '../tenancy/index.ts';
import type { Static } from 'typebox';
import type { TableCodeSchema, UpdateQrSettingsBody } from './qr.contracts.ts';
import { readTableCode, signTableCode } from './qr-tokens.ts';
import * as repo from './qr.repo.ts';

/** Where the customer page lives: `/t/<table code>` (apps/table). */
export const CUSTOMER_PATH = '/t/';

const notFound = () =>
  new AppError('table_codes.not_found', 'This table code is not valid (any more). Ask the staff for help.');

/**
 * Countries whose menus show prices with their taxes in: most of the world outside North America
 * (Indonesia's restaurants print PB1-inclusive prices on QR menus; the EU and UK require it). The
 * currency stands for the country here: a business has one currency and no country field.
 */
const AS_LISTED = new Set(['USD', 'CAD']);
export function priceDisplayFor(currency: string): 'tax_inclusive' | 'as_listed' {
  return AS_LISTED.has(currency) ? 'as_listed' : 'tax_inclusive';
}

/**
 * Table codes: issue, rotate and revoke a table's signed code, its QR as PNG and SVG, a printable
 * sheet of an outlet's tables; resolving a scanned code to the customer principal; the business's
 * QR settings.
 */
export function createTableCodes(deps: { clock: Clock; secret: string; publicUrl?: string | undefined }) {
  const { clock, secret } = deps;

  async function table(db: Executor, ctx: ServiceContext, tableId: string) {
    const t = await repo.findTableForCode(db, ctx.tenantId, tableId);
    if (!t || t.archived_at) {
      throw new AppError('tables.not_found', 'No such table.', { id: tableId });
    }
    assertOutletAccess(ctx, t.outlet_id);
    return t;
  }

  function codeDto(
    tenantId: string,
    t: { table_id: string; table_name: string },
    c: { version: number; revoked_at: Date | null; issued_at: Date },
    origin: string,
  ): Static<typeof TableCodeSchema> {
    const token = c.revoked_at
      ? null
      : signTableCode(secret, { tenantId, tableId: t.table_id, version: c.version });
    return {
      tableId: t.table_id,
      tableName: t.table_name,
      version: c.version,
      revoked: c.revoked_at !== null,
      token,
      url: token ? `${deps.publicUrl ?? origin}${CUSTOMER_PATH}${token}` : null,
      issuedAt: c.issued_at.toISOString(),
    };
  }

  async function liveUrl(db: Executor, ctx: ServiceContext, tableId: string, origin: string) {
    const t = await table(db, ctx, tableId);
    if (t.version === null || t.revoked_at || t.issued_at === null) {
      throw new AppError('table_codes.not_found', 'This table has no live code: issue one first.', {
        tableId,
      });
    }
    return codeDto(ctx.tenantId, t, { version: t.version, revoked_at: null, issued_at: t.issued_at }, origin)
      .url!;
  }

  return {
    /** The customer page address of a table code version (the demo banner prints one). */
    urlFor(tenantId: string, tableId: string, version: number, origin: string): string {
      return `${origin}${CUSTOMER_PATH}${signTableCode(secret, { tenantId, tableId, version })}`;
    },

    /** The table's code; a table without one gets version 1 (reading a code issues it once). */
    async issue(tx: Tx, ctx: ServiceContext, tableId: string, origin: string) {
      const t = await table(tx, ctx, tableId);
      const c = await repo.ensureCode(tx, ctx.tenantId, tableId, clock.now());
      if (t.version === null) {
        ctx.audit({
          action: 'table_code.issued',
          targetType: 'table',
          targetId: tableId,
          after: { version: 1 },
        });
      }
      return codeDto(ctx.tenantId, t, c, origin);
    },

    /** A new version: every printed code of this table stops working; a revoked code is live again. */
    async rotate(tx: Tx, ctx: ServiceContext, tableId: string, origin: string) {
      const t = await table(tx, ctx, tableId);
      const c = await repo.nextCodeVersion(tx, ctx.tenantId, tableId, clock.now());
      ctx.audit({
        action: 'table_code.rotated',
        targetType: 'table',
        targetId: tableId,
        before: { version: t.version },
        after: { version: c.version },
      });
      return codeDto(ctx.tenantId, t, c, origin);
    },

    /** No code of this table works until it is rotated (issued anew). */
    async revoke(tx: Tx, ctx: ServiceContext, tableId: string, origin: string) {
      const t = await table(tx, ctx, tableId);
      const c =
        (await repo.revokeCode(tx, ctx.tenantId, tableId, clock.now())) ??
        (await (async () => {
          await repo.ensureCode(tx, ctx.tenantId, tableId, clock.now());
          return (await repo.revokeCode(tx, ctx.tenantId, tableId, clock.now()))!;
        })());
      ctx.audit({
        action: 'table_code.revoked',
        targetType: 'table',
        targetId: tableId,
        after: { version: c.version },
      });
      return codeDto(ctx.tenantId, t, c, origin);
    },

    async png(db: Executor, ctx: ServiceContext, tableId: string, origin: string): Promise<Buffer> {
      return qrPng(await liveUrl(db, ctx, tableId, origin));
    },

    async svg(db: Executor, ctx: ServiceContext, tableId: string, origin: string): Promise<string> {
      return qrSvg(await liveUrl(db, ctx, tableId, origin));
    },

    /** Issues a code to every table of the outlet that has none yet; lists every table's code. */
    async issueAll(tx: Tx, ctx: ServiceContext, outletId: string, origin: string) {
      await requireOutlet(tx, ctx, outletId);
      const items = [];
      for (const t of await repo.listOutletTables(tx, ctx.tenantId, outletId)) {
        const c = await repo.ensureCode(tx, ctx.tenantId, t.id, clock.now());
        if (t.version === null) {
          ctx.audit({
            action: 'table_code.issued',
            targetType: 'table',
            targetId: t.id,
            after: { version: 1 },
          });
        }
        items.push(codeDto(ctx.tenantId, { table_id: t.id, table_name: t.name }, c, origin));
      }
      return { items };
    },

    /** A printable A4 page: every table of the outlet with a live code, its name and its QR. */
    async sheet(db: Executor, ctx: ServiceContext, outletId: string, origin: string): Promise<string> {
      await requireOutlet(db, ctx, outletId);
      const tables = await repo.listOutletTables(db, ctx.tenantId, outletId);
      const cards: string[] = [];
      for (const t of tables) {
        if (t.revoked_at || t.version === null) {
          continue; // revoked on purpose, or never issued: not printed
        }
        const url = codeDto(
          ctx.tenantId,
          { table_id: t.id, table_name: t.name },
          { version: t.version, revoked_at: null, issued_at: clock.now() },
          origin,
        ).url!;
        cards.push(
          `<figure class="card"><figcaption>${escapeHtml(t.name)}</figcaption>${await qrSvg(url)}<p>Scan to order · Pindai untuk memesan</p></figure>`,
        );
      }
      return `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>QR codes</title><style>
@page { size: A4; margin: 12mm }
body { font-family: system-ui, sans-serif; margin: 0 }
main { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8mm }
.card { break-inside: avoid; border: 1px dashed #999; border-radius: 4mm; margin: 0; padding: 4mm; text-align: center }
.card svg { width: 100%; height: auto }
figcaption { font-size: 20pt; font-weight: 700 }
p { margin: 0; font-size: 9pt; color: #444 }
</style></head><body><main>${cards.join('')}</main></body></html>`;
    },

    /**
     * The customer at the table a scanned code names, or 404 `qr.code_not_found` for anything else:
     * a forged signature, an old version (rotated), a revoked code, an archived table or outlet, a
     * suspended business — all look the same from outside.
     */
    async resolve(db: Executor, token: string) {
      const claims = readTableCode(secret, token);
      if (!claims) {
        throw notFound();
      }
      const t = await repo.findTableForCode(db, claims.tenantId, claims.tableId);
      if (
        !t ||
        t.version !== claims.version ||
        t.revoked_at ||
        t.archived_at ||
        t.outlet_archived_at ||
        t.tenant_status !== 'active'
      ) {
        throw notFound();
      }
      const principal: TenantPrincipal = {
        kind: 'customer',
        tenantId: claims.tenantId as TenantId,
        outletId: t.outlet_id,
        tableId: t.table_id,
      };
      return { principal, table: t };
    },

    scanView(t: repo.TableForCode, autoAccept: boolean) {
      return {
        table: { id: t.table_id, name: t.table_name },
        outlet: { id: t.outlet_id, name: t.outlet_name },
        business: { name: t.tenant_name, currency: t.currency, locale: t.locale },
        priceDisplay: priceDisplayFor(t.currency),
        autoAccept,
      };
    },

    getSettings: (db: Executor, ctx: ServiceContext) => repo.getSettings(db, ctx.tenantId),

    async updateSettings(tx: Tx, ctx: ServiceContext, input: Static<typeof UpdateQrSettingsBody>) {
      const before = await repo.getSettings(tx, ctx.tenantId);
      const after = { ...before, ...input };
      if (after.maxLineQuantity > after.maxOrderQuantity) {
        throw new AppError(
          'qr_settings.invalid',
          'The most of one item cannot be more than the most items per order.',
          {
            field: 'maxLineQuantity',
          },
        );
      }
      await repo.saveSettings(tx, {
        tenant_id: ctx.tenantId,
        auto_accept: after.autoAccept,
        max_pending: after.maxPending,
        max_line_quantity: after.maxLineQuantity,
        max_order_quantity: after.maxOrderQuantity,
        updated_at: clock.now(),
      });
      ctx.audit({
        action: 'qr_settings.updated',
        targetType: 'tenant',
        targetId: ctx.tenantId,
        before,
        after,
      });
      return after;
    },
  };
}
export type TableCodes = ReturnType<typeof createTableCodes>;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
