import { formatOpaque } from '../../platform/auth/jwt.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import { randomCode, randomSecret, sha256Hex } from '../../platform/crypto/secrets.ts';
import type { Db, Executor, Tx } from '../../platform/db/db.ts';
import { afterKey, millis } from '../../platform/db/keyset.ts';
import { hasPermission, type ServiceContext } from '../../platform/http/context.ts';
import { decodeCursor, toPage, type PageOf, type PageRequest } from '../../platform/http/pagination.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { appendAudit } from '../../platform/audit/audit.ts';
import { credentialRevoked } from '../../platform/events/credential-events.ts';
import type { TenantId } from '../../platform/ids/ids.ts';
import { assertOutletAccess, outletFilter } from './access.ts';
import { createApprovalsService } from './approvals.service.ts';
import { assertOutletsExist } from './identity.repo.ts';
import { isPermission } from './permissions.ts';

export interface ApiKeyDto {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  outletIds: string[] | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

export interface DeviceDto {
  id: string;
  name: string;
  registerId: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

const PAIRING_TTL_MS = 10 * 60_000;

/** Normalises a typed pairing code: case and separators do not matter. */
export function normalisePairingCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function creatorMembership(ctx: ServiceContext): string {
  if (ctx.principal.kind !== 'user') {
    throw new AppError('auth.forbidden', 'Only a signed-in staff member can do this.');
  }
  return ctx.principal.membershipId;
}

/** What other modules do in the transaction that revokes a device (e.g. void its receipt-number blocks). */
export type DeviceRevokedHook = (tx: Tx, ctx: ServiceContext, deviceId: string) => Promise<void>;

/** API keys, register devices (pairing) and manager approvals. */
export function createCredentialsService(deps: {
  db: Db;
  clock: Clock;
  onDeviceRevoked?: DeviceRevokedHook;
}) {
  const { db, clock } = deps;

  const apiKeyDto = (k: {
    id: string;
    name: string;
    prefix: string;
    scopes: string[];
    outlet_ids: string[] | null;
    expires_at: Date | null;
    last_used_at: Date | null;
    revoked_at: Date | null;
    created_at: Date;
  }): ApiKeyDto => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: [...k.scopes].sort(),
    outletIds: k.outlet_ids,
    expiresAt: iso(k.expires_at),
    lastUsedAt: iso(k.last_used_at),
    revokedAt: iso(k.revoked_at),
    createdAt: k.created_at.toISOString(),
  });
  const deviceDto = (d: {
    id: string;
    name: string;
    register_id: string;
    last_seen_at: Date | null;
    revoked_at: Date | null;
    created_at: Date;
  }): DeviceDto => ({
    id: d.id,
    name: d.name,
    registerId: d.register_id,
    lastSeenAt: iso(d.last_seen_at),
    revokedAt: iso(d.revoked_at),
    createdAt: d.created_at.toISOString(),
  });

  async function getRegister(db: Executor, tenantId: string, registerId: string) {
    const r = await db
      .selectFrom('registers')
      .select(['id', 'outlet_id', 'archived_at'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', registerId)
      .executeTakeFirst();
    if (!r) {
      throw notFound('registers', registerId);
    }
    return r;
  }

  return {
    // ---- API keys -------------------------------------------------------------------------
    async createApiKey(
      tx: Tx,
      ctx: ServiceContext,
      input: { name: string; scopes: string[]; outletIds?: string[] | null; expiresAt?: string },
    ): Promise<{ apiKey: ApiKeyDto; secret: string }> {
      const createdBy = creatorMembership(ctx);
      const unknown = input.scopes.filter((s) => !isPermission(s));
      if (unknown.length > 0) {
        throw new AppError('api_keys.invalid', 'Unknown scopes.', { scopes: unknown });
      }
      const missing = input.scopes.filter((s) => !hasPermission(ctx.principal, s));
      if (missing.length > 0) {
        throw new AppError('auth.forbidden', 'An API key cannot have scopes you do not hold.', {
          scopes: missing,
        });
      }
      await assertOutletsExist(tx, ctx.tenantId, input.outletIds);
      for (const outletId of input.outletIds ?? []) {
        assertOutletAccess(ctx, outletId);
      }
      const id = newId();
      const secret = randomSecret();
      const token = formatOpaque('kak', id, secret);
      const row = await tx
        .insertInto('api_keys')
        .values({
          tenant_id: ctx.tenantId,
          id,
          name: input.name,
          prefix: token.slice(0, 12),
          secret_hash: sha256Hex(secret),
          scopes: [...new Set(input.scopes)],
          outlet_ids:
            input.outletIds ??
            (ctx.principal.kind === 'user' && ctx.principal.outletIds ? [...ctx.principal.outletIds] : null),
          created_by: createdBy,
          expires_at: input.expiresAt ? new Date(input.expiresAt) : null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const dto = apiKeyDto(row);
      ctx.audit({ action: 'api_key.created', targetType: 'api_key', targetId: id, after: dto });
      return { apiKey: dto, secret: token };
    },

    /** API keys, newest first, a page at a time (keyset on creation time, id). */
    async listApiKeys(db: Executor, ctx: ServiceContext, page: PageRequest = {}): Promise<PageOf<ApiKeyDto>> {
      const limit = page.limit ?? 100;
      const after = decodeCursor(page.cursor, ['timestamp', 'uuid'] as const);
      let q = db.selectFrom('api_keys').selectAll().where('tenant_id', '=', ctx.tenantId);
      if (after) {
        q = q.where(afterKey([millis('created_at'), 'id'], after, 'desc'));
      }
      const rows = await q
        .orderBy(millis('created_at'), 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      return toPage(rows, limit, (r) => [r.created_at, r.id], apiKeyDto);
    },

    async revokeApiKey(tx: Tx, ctx: ServiceContext, id: string): Promise<ApiKeyDto> {
      const row = await tx
        .updateTable('api_keys')
        .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(clock.now())) }))
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) {
        throw notFound('api_keys', id);
      }
      const dto = apiKeyDto(row);
      ctx.audit({ action: 'api_key.revoked', targetType: 'api_key', targetId: id, after: dto });
      ctx.emit(credentialRevoked({ kind: 'api_key', id }, 'api_key_revoked'));
      return dto;
    },

    // ---- Devices ----------------------------------------------------------------------------
    /** A one-time code (10 minutes) a manager gives to a new register device. */
    async createPairingCode(
      tx: Tx,
      ctx: ServiceContext,
      registerId: string,
    ): Promise<{ code: string; registerId: string; expiresAt: string }> {
      const createdBy = creatorMembership(ctx);
      const register = await getRegister(tx, ctx.tenantId, registerId);
      assertOutletAccess(ctx, register.outlet_id);
      if (register.archived_at) {
        throw new AppError('registers.conflict', 'This register is archived.');
      }
      const code = randomCode();
      const expiresAt = new Date(clock.now().getTime() + PAIRING_TTL_MS);
      const id = newId();
      await tx
        .insertInto('device_pairing_codes')
        .values({
          tenant_id: ctx.tenantId,
          id,
          register_id: registerId,
          code_hash: sha256Hex(normalisePairingCode(code)),
          created_by: createdBy,
          expires_at: expiresAt,
        })
        .execute();
      ctx.audit({
        action: 'device.pairing_code_issued',
        targetType: 'register',
        targetId: registerId,
        after: { expiresAt: expiresAt.toISOString() },
      });
      return { code, registerId, expiresAt: expiresAt.toISOString() };
    },

    /** Redeems a pairing code: creates the device and returns its token (shown once). */
    async pairDevice(input: { code: string; name: string }, client: { ip: string; requestId: string }) {
      const now = clock.now();
      return db.transaction().execute(async (tx) => {
        const code = await tx
          .selectFrom('device_pairing_codes as c')
          .innerJoin('registers as r', (j) =>
            j.onRef('r.tenant_id', '=', 'c.tenant_id').onRef('r.id', '=', 'c.register_id'),
          )
          .innerJoin('tenants as t', 't.id', 'c.tenant_id')
          .select([
            'c.tenant_id',
            'c.id',
            'c.register_id',
            'c.created_by',
            'r.outlet_id',
            't.status as tenant_status',
          ])
          .where('c.code_hash', '=', sha256Hex(normalisePairingCode(input.code)))
          .where('c.used_at', 'is', null)
          .where('c.expires_at', '>', now)
          .forUpdate()
          .executeTakeFirst();
        if (!code || code.tenant_status !== 'active') {
          throw new AppError(
            'auth.pairing_code_invalid',
            'The pairing code is wrong, expired or already used.',
          );
        }
        const deviceId = newId();
        const secret = randomSecret();
        await tx
          .insertInto('devices')
          .values({
            tenant_id: code.tenant_id,
            id: deviceId,
            register_id: code.register_id,
            name: input.name,
            secret_hash: sha256Hex(secret),
            paired_by: code.created_by,
          })
          .execute();
        await tx
          .updateTable('device_pairing_codes')
          .set({ used_at: now, device_id: deviceId })
          .where('tenant_id', '=', code.tenant_id)
          .where('id', '=', code.id)
          .execute();
        await appendAudit(
          tx,
          [
            {
              tenantId: code.tenant_id as TenantId,
              actorType: 'device',
              actorId: deviceId,
              deviceId,
              action: 'device.paired',
              targetType: 'device',
              targetId: deviceId,
              after: { name: input.name, registerId: code.register_id },
              ip: client.ip,
              requestId: client.requestId,
            },
          ],
          now,
        );
        return {
          deviceToken: formatOpaque('kdv', deviceId, secret),
          device: {
            id: deviceId,
            name: input.name,
            tenantId: code.tenant_id,
            registerId: code.register_id,
            outletId: code.outlet_id,
          },
        };
      });
    },

    /** Paired devices of the outlets you may manage, newest first, a page at a time. */
    async listDevices(db: Executor, ctx: ServiceContext, page: PageRequest = {}): Promise<PageOf<DeviceDto>> {
      const limit = page.limit ?? 100;
      const after = decodeCursor(page.cursor, ['timestamp', 'uuid'] as const);
      const outlets = outletFilter(ctx);
      let q = db
        .selectFrom('devices as d')
        .innerJoin('registers as r', (j) =>
          j.onRef('r.tenant_id', '=', 'd.tenant_id').onRef('r.id', '=', 'd.register_id'),
        )
        .selectAll('d')
        .where('d.tenant_id', '=', ctx.tenantId);
      if (outlets) {
        q = outlets.length === 0 ? q.where((eb) => eb.val(false)) : q.where('r.outlet_id', 'in', outlets);
      }
      if (after) {
        q = q.where(afterKey([millis('d.created_at'), 'd.id'], after, 'desc'));
      }
      const rows = await q
        .orderBy(millis('d.created_at'), 'desc')
        .orderBy('d.id', 'desc')
        .limit(limit + 1)
        .execute();
      return toPage(rows, limit, (r) => [r.created_at, r.id], deviceDto);
    },

    async revokeDevice(tx: Tx, ctx: ServiceContext, id: string): Promise<DeviceDto> {
      const device = await tx
        .selectFrom('devices')
        .selectAll()
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!device) {
        throw notFound('devices', id);
      }
      assertOutletAccess(ctx, (await getRegister(tx, ctx.tenantId, device.register_id)).outlet_id);
      const row = await tx
        .updateTable('devices')
        .set({ revoked_at: device.revoked_at ?? clock.now() })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      ctx.audit({
        action: 'device.revoked',
        targetType: 'device',
        targetId: id,
        before: deviceDto(device),
        after: deviceDto(row),
      });
      ctx.emit(credentialRevoked({ kind: 'device', id }, 'device_revoked'));
      if (!device.revoked_at) {
        await deps.onDeviceRevoked?.(tx, ctx, id);
      }
      return deviceDto(row);
    },

    /** Staff who may sign in with a PIN on this device's register. */
    async listDeviceStaff(db: Executor, device: { tenantId: string; outletId: string }) {
      const rows = await db
        .selectFrom('memberships as m')
        .innerJoin('roles as r', (j) =>
          j.onRef('r.tenant_id', '=', 'm.tenant_id').onRef('r.id', '=', 'm.role_id'),
        )
        .select(['m.id', 'm.display_name', 'r.key as role_key', 'm.outlet_ids'])
        .where('m.tenant_id', '=', device.tenantId)
        .where('m.status', '=', 'active')
        .where('m.pin_hash', 'is not', null)
        .orderBy('m.display_name')
        .execute();
      return rows
        .filter((r) => r.outlet_ids === null || r.outlet_ids.includes(device.outletId))
        .map((r) => ({ id: r.id, displayName: r.display_name, role: r.role_key }));
    },

    ...createApprovalsService({ db, clock }),
  };
}
export type CredentialsService = ReturnType<typeof createCredentialsService>;
