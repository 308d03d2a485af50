import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { runMutation, serviceContext } from '../../platform/http/mutation.ts';
import { pageInMemory, PageQuery } from '../../platform/http/pagination.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { AuthService, ClientInfo } from './auth.service.ts';
import type { CredentialsService } from './credentials.service.ts';
import type { StaffService } from './staff.service.ts';
import { PERMISSIONS } from './permissions.ts';
import * as c from './identity.contracts.ts';
import * as examples from './identity.examples.ts';
import { deviceRoutes } from './devices.routes.ts';

export interface IdentityRoutesOptions {
  auth: AuthService;
  staff: StaffService;
  credentials: CredentialsService;
  authRateLimit: number;
}

/** Auth, staff, roles, API keys, devices and approvals. */
export const identityRoutes: FastifyPluginAsyncTypebox<IdentityRoutesOptions> = async (app, opts) => {
  const { auth, staff, credentials } = opts;
  const authLimit = { max: opts.authRateLimit, timeWindow: 60_000 };
  const client = (req: { ip: string; id: string; headers: Record<string, unknown> }): ClientInfo => ({
    ip: req.ip,
    userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 300) : null,
    requestId: String(req.id),
  });

  // ---- Sessions -----------------------------------------------------------------------------
  app.post(
    '/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        operationId: 'logIn',
        description:
          'Exchanges an email and password for a 15-minute access token and a rotating refresh token. A person working for several businesses names one with `tenantId` (without it: 422 `auth.tenant_required`, listing them). Repeated failures lock the email for a growing time (429 `auth.locked`).',
        examples: { request: examples.loginRequest, response: examples.loginResponse },
        summary: 'Log in with email and password',
        body: c.LoginBody,
        response: { 200: c.LoginResponse, ...errorResponses },
      },
      config: { auth: 'public', rateLimit: authLimit },
    },
    async (req) => {
      const r = await auth.login(req.body, client(req));
      return { ...r.tokens, userId: r.userId, tenantId: r.tenantId, membershipId: r.membershipId };
    },
  );

  app.post(
    '/v1/auth/refresh',
    {
      schema: {
        tags: ['auth'],
        operationId: 'refreshSession',
        description:
          'Trades a refresh token for a new token pair. Refresh tokens rotate on every use: presenting one that was already used revokes the whole session.',
        summary: 'Rotate a refresh token',
        body: c.RefreshBody,
        response: { 200: c.TokenPairSchema, ...errorResponses },
      },
      config: { auth: 'public', rateLimit: authLimit },
    },
    async (req) => auth.refresh(req.body.refreshToken),
  );

  app.post(
    '/v1/auth/logout',
    {
      schema: {
        tags: ['auth'],
        operationId: 'logOut',
        description:
          'Ends this session: its access and refresh tokens stop working at once. API keys and device tokens are revoked instead.',
        summary: 'End this session (all its tokens)',
        response: { 204: Type.Null(), ...errorResponses },
      },
      config: { idempotency: false },
    },
    async (req, reply) => {
      const p = req.principal;
      if (p?.kind !== 'user') {
        throw new AppError('auth.forbidden', 'Only user sessions can log out; revoke API keys instead.');
      }
      return runMutation(req, reply, (tx, ctx) => auth.logout(tx, ctx, p.sessionId), { status: 204 });
    },
  );

  app.post(
    '/v1/auth/pin',
    {
      schema: {
        tags: ['auth'],
        operationId: 'logInWithPin',
        description:
          "Signs a staff member in on a paired register device with their PIN (the device token is the credential). The session lasts 12 hours and is bound to the device's outlet.",
        summary: 'Staff PIN login on a paired register device (Authorization: the device token)',
        body: c.PinLoginBody,
        response: { 200: c.PinLoginResponse, ...errorResponses },
      },
      config: { auth: 'device', rateLimit: authLimit },
    },
    async (req) => {
      const device = req.principal;
      if (device?.kind !== 'device') {
        throw new AppError('auth.forbidden', 'A device token is required.');
      }
      const r = await auth.pinLogin(device, req.body, client(req));
      return { ...r.tokens, membershipId: r.membershipId, userId: r.userId };
    },
  );

  app.get(
    '/v1/auth/me',
    {
      schema: {
        tags: ['auth'],
        operationId: 'getMe',
        description:
          'The credential making this request: its kind, tenant, user, membership, device or API key, role, permissions and outlet limit.',
        summary: 'Who am I',
        response: { 200: c.MeResponse, ...errorResponses },
      },
    },
    async (req) => {
      const ctx = serviceContext(req);
      const p = ctx.principal;
      return {
        kind: p.kind,
        tenantId: p.tenantId,
        userId: p.kind === 'user' ? p.userId : null,
        membershipId: p.kind === 'user' ? p.membershipId : null,
        deviceId: p.kind === 'user' ? p.deviceId : p.kind === 'device' ? p.deviceId : null,
        apiKeyId: p.kind === 'api_key' ? p.apiKeyId : null,
        role: p.kind === 'user' ? p.roleKey : null,
        permissions: p.kind === 'device' || p.kind === 'customer' ? [] : [...p.permissions].sort(),
        outletIds:
          p.kind === 'device' || p.kind === 'customer' ? [p.outletId] : p.outletIds ? [...p.outletIds] : null,
      };
    },
  );

  // ---- Roles and staff ------------------------------------------------------------------------
  app.get(
    '/v1/permissions',
    {
      schema: {
        tags: ['staff'],
        operationId: 'listPermissions',
        description: 'Every permission a role or API key can hold, with what it allows.',
        summary: 'The permission catalogue',
        querystring: PageQuery,
        response: { 200: c.PermissionPage, ...errorResponses },
      },
    },
    async (req) =>
      pageInMemory(
        Object.entries(PERMISSIONS).map(([name, description]) => ({ name, description })),
        req.query,
        (p) => p.name,
      ),
  );

  app.get(
    '/v1/roles',
    {
      schema: {
        tags: ['staff'],
        operationId: 'listRoles',
        description: "The business's roles (built-in first, then custom) and their permissions.",
        summary: 'List roles',
        querystring: PageQuery,
        response: { 200: c.RolePage, ...errorResponses },
      },
      config: { permission: 'staff:read' },
    },
    async (req) =>
      pageInMemory(await staff.listRoles(req.server.db, serviceContext(req)), req.query, (r) => r.id),
  );
  app.post(
    '/v1/roles',
    {
      schema: {
        tags: ['staff'],
        operationId: 'createRole',
        description: 'Creates a custom role. You can only grant permissions you hold yourself.',
        summary: 'Create a custom role',
        body: c.CreateRoleBody,
        response: { 201: c.RoleSchema, ...errorResponses },
      },
      config: { permission: 'roles:manage' },
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => staff.createRole(tx, ctx, req.body), { status: 201 }),
  );
  app.patch(
    '/v1/roles/:id',
    {
      schema: {
        tags: ['staff'],
        operationId: 'updateRole',
        description: 'Renames a custom role or replaces its permissions; built-in roles cannot change.',
        summary: 'Change a custom role',
        params: IdParams,
        body: c.UpdateRoleBody,
        response: { 200: c.RoleSchema, ...errorResponses },
      },
      config: { permission: 'roles:manage' },
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => staff.updateRole(tx, ctx, req.params.id, req.body)),
  );

  app.get(
    '/v1/staff',
    {
      schema: {
        tags: ['staff'],
        operationId: 'listStaff',
        description: 'Staff members of the business by name, with role, outlet limit and status.',
        summary: 'List staff',
        querystring: PageQuery,
        response: { 200: c.StaffPage, ...errorResponses },
      },
      config: { permission: 'staff:read' },
    },
    async (req) => staff.listStaff(req.server.db, serviceContext(req), req.query),
  );
  app.get(
    '/v1/staff/:id',
    {
      schema: {
        tags: ['staff'],
        operationId: 'getStaffMember',
        description: 'One staff member (a membership of the business).',
        summary: 'One staff member',
        params: IdParams,
        response: { 200: c.StaffSchema, ...errorResponses },
      },
      config: { permission: 'staff:read' },
    },
    async (req) => staff.getStaff(req.server.db, serviceContext(req), req.params.id),
  );
  app.post(
    '/v1/staff',
    {
      schema: {
        tags: ['staff'],
        operationId: 'addStaffMember',
        description:
          'Adds a person to the business with a role, optional outlet limit and PIN. A new email creates the user (a password is then required); an existing user gains a membership.',
        summary: 'Add a staff member',
        body: c.AddStaffBody,
        response: { 201: c.StaffSchema, ...errorResponses },
      },
      config: { permission: 'staff:manage' },
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => staff.addStaff(tx, ctx, req.body), { status: 201 }),
  );
  app.patch(
    '/v1/staff/:id',
    {
      schema: {
        tags: ['staff'],
        operationId: 'updateStaffMember',
        description:
          "Changes a member's name, role, outlets, status or PIN. Disabling a member ends their sessions at once.",
        summary: 'Change role, outlets, status or PIN',
        params: IdParams,
        body: c.UpdateStaffBody,
        response: { 200: c.StaffSchema, ...errorResponses },
      },
      config: { permission: 'staff:manage' },
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => staff.updateStaff(tx, ctx, req.params.id, req.body)),
  );

  // ---- API keys -------------------------------------------------------------------------------
  app.get(
    '/v1/api-keys',
    {
      schema: {
        tags: ['api keys'],
        operationId: 'listApiKeys',
        description: 'API keys of the business, newest first (the secrets are never shown again).',
        summary: 'List API keys',
        querystring: PageQuery,
        response: { 200: c.ApiKeyPage, ...errorResponses },
      },
      config: { permission: 'api_keys:manage' },
    },
    async (req) => credentials.listApiKeys(req.server.db, serviceContext(req), req.query),
  );
  app.post(
    '/v1/api-keys',
    {
      schema: {
        tags: ['api keys'],
        operationId: 'createApiKey',
        description:
          'Creates an API key with scopes (permissions you hold), an optional outlet limit and expiry. The secret is in this response only.',
        summary: 'Create an API key (the secret is shown once)',
        body: c.CreateApiKeyBody,
        response: { 201: c.CreatedApiKey, ...errorResponses },
      },
      // The response carries the secret, which is never stored: no idempotent replay.
      config: { permission: 'api_keys:manage', idempotency: false },
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => credentials.createApiKey(tx, ctx, req.body), { status: 201 }),
  );
  app.delete(
    '/v1/api-keys/:id',
    {
      schema: {
        tags: ['api keys'],
        operationId: 'revokeApiKey',
        description: 'Revokes an API key: it stops working at once. Revoking twice is harmless.',
        summary: 'Revoke an API key',
        params: IdParams,
        response: { 200: c.ApiKeySchema, ...errorResponses },
      },
      config: { permission: 'api_keys:manage' },
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => credentials.revokeApiKey(tx, ctx, req.params.id)),
  );

  deviceRoutes(app, credentials, authLimit);
};
