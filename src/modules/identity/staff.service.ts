import type { Clock } from '../../platform/clock/clock.ts';
import { hashPassword } from '../../platform/crypto/passwords.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import { afterKey } from '../../platform/db/keyset.ts';
import { hasPermission, type ServiceContext } from '../../platform/http/context.ts';
import { decodeCursor, toPage, type PageOf, type PageRequest } from '../../platform/http/pagination.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { accessChanged, credentialRevoked } from '../../platform/events/credential-events.ts';
import { BUILTIN_ROLES, BUILTIN_ROLE_KEYS, isPermission } from './permissions.ts';
import { assertOutletsExist, findUserByEmail } from './identity.repo.ts';

export interface RoleDto {
  id: string;
  key: string;
  name: string;
  permissions: string[];
  builtin: boolean;
}

export interface StaffDto {
  id: string;
  userId: string;
  email: string;
  displayName: string;
  role: { id: string; key: string; name: string };
  outletIds: string[] | null;
  hasPin: boolean;
  status: string;
  createdAt: string;
}

function roleDto(r: {
  id: string;
  key: string;
  name: string;
  permissions: string[];
  builtin: boolean;
}): RoleDto {
  return { id: r.id, key: r.key, name: r.name, permissions: [...r.permissions].sort(), builtin: r.builtin };
}

const PIN_RE = /^\d{4,8}$/;

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

/** Staff members (memberships) and roles of a tenant. */
export function createStaffService(deps: { clock: Clock }) {
  const { clock } = deps;

  function staffQuery(db: Executor, tenantId: string) {
    return db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .innerJoin('roles as r', (j) =>
        j.onRef('r.tenant_id', '=', 'm.tenant_id').onRef('r.id', '=', 'm.role_id'),
      )
      .select([
        'm.id',
        'm.user_id',
        'u.email',
        'm.display_name',
        'r.id as role_id',
        'r.key as role_key',
        'r.name as role_name',
        'm.outlet_ids',
        'm.pin_hash',
        'm.status',
        'm.created_at',
      ])
      .where('m.tenant_id', '=', tenantId);
  }
  type StaffRow = Awaited<ReturnType<ReturnType<typeof staffQuery>['executeTakeFirstOrThrow']>>;
  const staffDto = (r: StaffRow): StaffDto => ({
    id: r.id,
    userId: r.user_id,
    email: r.email,
    displayName: r.display_name,
    role: { id: r.role_id, key: r.role_key, name: r.role_name },
    outletIds: r.outlet_ids,
    hasPin: r.pin_hash !== null,
    status: r.status,
    createdAt: r.created_at.toISOString(),
  });

  async function getRole(db: Executor, tenantId: string, roleId: string) {
    const role = await db
      .selectFrom('roles')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', roleId)
      .executeTakeFirst();
    if (!role) {
      throw notFound('roles', roleId);
    }
    return role;
  }

  /** No escalation: you may only hand out permissions you hold; only owners make owners. */
  function assertCanGrant(
    ctx: ServiceContext,
    role: { key: string; permissions: string[]; builtin: boolean },
  ): void {
    if (
      role.builtin &&
      role.key === 'owner' &&
      !(ctx.principal.kind === 'user' && ctx.principal.roleKey === 'owner')
    ) {
      throw new AppError('auth.forbidden', 'Only an owner can make someone an owner.');
    }
    const missing = role.permissions.filter((p) => !hasPermission(ctx.principal, p));
    if (missing.length > 0) {
      throw new AppError('auth.forbidden', 'You cannot grant permissions you do not hold.', {
        permissions: missing,
      });
    }
  }

  async function getStaff(db: Executor, tenantId: string, id: string): Promise<StaffDto> {
    const row = await staffQuery(db, tenantId).where('m.id', '=', id).executeTakeFirst();
    if (!row) {
      throw notFound('staff', id);
    }
    return staffDto(row);
  }

  return {
    /** Creates the six built-in roles of a new tenant; returns their ids by key. */
    async createBuiltinRoles(tx: Tx, tenantId: string): Promise<Record<string, string>> {
      const ids: Record<string, string> = {};
      const rows = BUILTIN_ROLE_KEYS.map((key) => {
        ids[key] = newId();
        return {
          tenant_id: tenantId,
          id: ids[key],
          key,
          name: BUILTIN_ROLES[key].name,
          permissions: [...BUILTIN_ROLES[key].permissions],
          builtin: true,
        };
      });
      await tx.insertInto('roles').values(rows).execute();
      return ids;
    },

    async listRoles(db: Executor, ctx: ServiceContext): Promise<RoleDto[]> {
      const rows = await db
        .selectFrom('roles')
        .selectAll()
        .where('tenant_id', '=', ctx.tenantId)
        .orderBy('builtin', 'desc')
        .orderBy('key')
        .orderBy('id')
        .execute();
      return rows.map(roleDto);
    },

    async createRole(
      tx: Tx,
      ctx: ServiceContext,
      input: { key: string; name: string; permissions: string[] },
    ): Promise<RoleDto> {
      const unknown = input.permissions.filter((p) => !isPermission(p));
      if (unknown.length > 0) {
        throw new AppError('roles.invalid', 'Unknown permissions.', { permissions: unknown });
      }
      const permissions = [...new Set(input.permissions)];
      assertCanGrant(ctx, { key: input.key, permissions, builtin: false });
      const row = await tx
        .insertInto('roles')
        .values({
          tenant_id: ctx.tenantId,
          id: newId(),
          key: input.key,
          name: input.name,
          permissions,
          builtin: false,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'key']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) {
        throw new AppError('roles.already_exists', `A role with key "${input.key}" already exists.`);
      }
      ctx.audit({ action: 'role.created', targetType: 'role', targetId: row.id, after: roleDto(row) });
      return roleDto(row);
    },

    async updateRole(
      tx: Tx,
      ctx: ServiceContext,
      id: string,
      input: { name?: string; permissions?: string[] },
    ): Promise<RoleDto> {
      const before = await getRole(tx, ctx.tenantId, id);
      if (before.builtin) {
        throw new AppError(
          'roles.conflict',
          'Built-in roles cannot be changed; create a custom role instead.',
        );
      }
      const permissions = input.permissions ? [...new Set(input.permissions)] : before.permissions;
      const unknown = permissions.filter((p) => !isPermission(p));
      if (unknown.length > 0) {
        throw new AppError('roles.invalid', 'Unknown permissions.', { permissions: unknown });
      }
      assertCanGrant(ctx, { key: before.key, permissions, builtin: false });
      const after = await tx
        .updateTable('roles')
        .set({ name: input.name ?? before.name, permissions, updated_at: clock.now() })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      ctx.audit({
        action: 'role.updated',
        targetType: 'role',
        targetId: id,
        before: roleDto(before),
        after: roleDto(after),
      });
      if (!sameSet(before.permissions, after.permissions)) {
        ctx.emit(accessChanged({ kind: 'role', key: after.key }));
      }
      return roleDto(after);
    },

    /** Staff by name, a page at a time (keyset on name, id). */
    async listStaff(db: Executor, ctx: ServiceContext, page: PageRequest = {}): Promise<PageOf<StaffDto>> {
      const limit = page.limit ?? 100;
      const after = decodeCursor(page.cursor, ['string', 'uuid'] as const);
      let q = staffQuery(db, ctx.tenantId);
      if (after) {
        q = q.where(afterKey(['m.display_name', 'm.id'], after));
      }
      const rows = await q
        .orderBy('m.display_name')
        .orderBy('m.id')
        .limit(limit + 1)
        .execute();
      return toPage(rows, limit, (r) => [r.display_name, r.id], staffDto);
    },

    getStaff: (db: Executor, ctx: ServiceContext, id: string) => getStaff(db, ctx.tenantId, id),

    /**
     * Adds a staff member. A new email creates the user (password required); an existing user
     * (e.g. someone working for two businesses) just gains a membership.
     */
    async addStaff(
      tx: Tx,
      ctx: ServiceContext,
      input: {
        email: string;
        name: string;
        password?: string;
        roleId: string;
        outletIds?: string[] | null;
        pin?: string;
      },
    ): Promise<StaffDto> {
      const role = await getRole(tx, ctx.tenantId, input.roleId);
      assertCanGrant(ctx, role);
      await assertOutletsExist(tx, ctx.tenantId, input.outletIds);
      if (input.pin !== undefined && !PIN_RE.test(input.pin)) {
        throw new AppError('staff.invalid', 'A PIN is 4 to 8 digits.');
      }
      let user = await findUserByEmail(tx, input.email);
      if (!user) {
        if (!input.password) {
          throw new AppError('staff.invalid', 'A password is required for a new user.', {
            field: 'password',
          });
        }
        user = await tx
          .insertInto('users')
          .values({
            id: newId(),
            email: input.email,
            name: input.name,
            password_hash: await hashPassword(input.password),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      }
      const id = newId();
      const inserted = await tx
        .insertInto('memberships')
        .values({
          tenant_id: ctx.tenantId,
          id,
          user_id: user.id,
          role_id: role.id,
          outlet_ids: input.outletIds ?? null,
          display_name: input.name,
          pin_hash: input.pin ? await hashPassword(input.pin) : null,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) {
        throw new AppError('staff.already_exists', 'This person is already a staff member here.');
      }
      const dto = await getStaff(tx, ctx.tenantId, id);
      ctx.audit({ action: 'staff.added', targetType: 'staff', targetId: id, after: dto });
      return dto;
    },

    async updateStaff(
      tx: Tx,
      ctx: ServiceContext,
      id: string,
      input: {
        displayName?: string;
        roleId?: string;
        outletIds?: string[] | null;
        status?: 'active' | 'disabled';
        pin?: string | null;
      },
    ): Promise<StaffDto> {
      const before = await getStaff(tx, ctx.tenantId, id);
      // Changing an owner needs an owner; changing anyone needs to be able to grant their role.
      assertCanGrant(ctx, await getRole(tx, ctx.tenantId, before.role.id));
      if (input.roleId) {
        assertCanGrant(ctx, await getRole(tx, ctx.tenantId, input.roleId));
      }
      await assertOutletsExist(tx, ctx.tenantId, input.outletIds);
      if (typeof input.pin === 'string' && !PIN_RE.test(input.pin)) {
        throw new AppError('staff.invalid', 'A PIN is 4 to 8 digits.');
      }
      if (
        ctx.principal.kind === 'user' &&
        ctx.principal.membershipId === id &&
        (input.status === 'disabled' || input.roleId)
      ) {
        throw new AppError('staff.conflict', 'You cannot disable yourself or change your own role.');
      }
      await tx
        .updateTable('memberships')
        .set({
          ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
          ...(input.roleId !== undefined ? { role_id: input.roleId } : {}),
          ...(input.outletIds !== undefined ? { outlet_ids: input.outletIds } : {}),
          ...(input.status !== undefined ? { status: input.status } : {}),
          ...(input.pin !== undefined
            ? { pin_hash: input.pin === null ? null : await hashPassword(input.pin) }
            : {}),
          updated_at: clock.now(),
        })
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', id)
        .execute();
      const after = await getStaff(tx, ctx.tenantId, id);
      ctx.audit({ action: 'staff.updated', targetType: 'staff', targetId: id, before, after });
      // Realtime sockets of this member end: at once when disabled; when what they may see changed.
      if (before.status === 'active' && after.status !== 'active') {
        ctx.emit(credentialRevoked({ kind: 'membership', id }, 'membership_disabled'));
      } else if (
        before.role.id !== after.role.id ||
        !sameSet(before.outletIds ?? ['*'], after.outletIds ?? ['*'])
      ) {
        ctx.emit(accessChanged({ kind: 'membership', id }));
      }
      return after;
    },

    /** Built-in role id by key (for seeding and sign-up). */
    async roleIdByKey(db: Executor, tenantId: string, key: string): Promise<string> {
      const row = await db
        .selectFrom('roles')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('key', '=', key)
        .executeTakeFirst();
      if (!row) {
        throw notFound('roles', key);
      }
      return row.id;
    },
  };
}
export type StaffService = ReturnType<typeof createStaffService>;
