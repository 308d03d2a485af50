import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { runMutation, serviceContext } from '../../platform/http/mutation.ts';
import { pageInMemory, PageQuery } from '../../platform/http/pagination.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { CredentialsService } from './credentials.service.ts';
import * as c from './identity.contracts.ts';

/** The app its routes are added to (a module's routes plugin passes its own). */
type App = Parameters<FastifyPluginAsyncTypebox>[0];

/** Register pairing, devices, the device's staff list and approvals. */
export function deviceRoutes(
  app: App,
  credentials: CredentialsService,
  authLimit: { max: number; timeWindow: number },
): void {
  // ---- Devices --------------------------------------------------------------------------------
  app.post(
    '/v1/registers/:id/pairing-codes',
    {
      schema: {
        tags: ['devices'],
        operationId: 'createPairingCode',
        description:
          'Issues a one-time 8-character code, valid 10 minutes, that pairs one device with this register.',
        summary: 'Issue a one-time code to pair a device with this register',
        params: IdParams,
        response: { 201: c.PairingCodeSchema, ...errorResponses },
      },
      config: { permission: 'devices:manage', idempotency: false },
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => credentials.createPairingCode(tx, ctx, req.params.id), {
        status: 201,
      }),
  );
  app.post(
    '/v1/devices/pair',
    {
      schema: {
        tags: ['devices'],
        operationId: 'pairDevice',
        description:
          'Pairs the calling device with the register a pairing code was issued for, and returns its device token (shown once).',
        summary: 'Pair this device with a one-time code',
        body: c.PairBody,
        response: { 201: c.PairResponse, ...errorResponses },
      },
      config: { auth: 'public', rateLimit: authLimit },
    },
    async (req, reply) =>
      reply.code(201).send(await credentials.pairDevice(req.body, { ip: req.ip, requestId: String(req.id) })),
  );
  app.get(
    '/v1/devices',
    {
      schema: {
        tags: ['devices'],
        operationId: 'listDevices',
        description: 'Devices paired with registers of the outlets you may manage, newest first.',
        summary: 'List paired devices',
        querystring: PageQuery,
        response: { 200: c.DevicePage, ...errorResponses },
      },
      config: { permission: 'devices:manage' },
    },
    async (req) => credentials.listDevices(req.server.db, serviceContext(req), req.query),
  );
  app.delete(
    '/v1/devices/:id',
    {
      schema: {
        tags: ['devices'],
        operationId: 'revokeDevice',
        description: 'Revokes a device: its token and the PIN sessions started on it stop working.',
        summary: 'Revoke a device (its PIN sessions end too)',
        params: IdParams,
        response: { 200: c.DeviceSchema, ...errorResponses },
      },
      config: { permission: 'devices:manage' },
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => credentials.revokeDevice(tx, ctx, req.params.id)),
  );
  app.get(
    '/v1/device/staff',
    {
      schema: {
        tags: ['devices'],
        operationId: 'listDeviceStaff',
        description:
          "Active staff with a PIN who may work at this device's outlet: the sign-in list of a register.",
        summary: 'Staff who may sign in with a PIN on this device',
        querystring: PageQuery,
        response: { 200: c.DeviceStaffPage, ...errorResponses },
      },
      config: { auth: 'device' },
    },
    async (req) => {
      const p = req.principal;
      if (p?.kind !== 'device') {
        throw new AppError('auth.forbidden', 'A device token is required.');
      }
      return pageInMemory(await credentials.listDeviceStaff(req.server.db, p), req.query, (m) => m.id);
    },
  );

  // ---- Manager approvals ----------------------------------------------------------------------
  app.post(
    '/v1/approvals',
    {
      schema: {
        tags: ['auth'],
        operationId: 'createApproval',
        description:
          'A manager authorises one sensitive action with their PIN: one permission on one target, usable once within 5 minutes. Pass the `approvalId` to that action (a void, a cancel, a refund, a no-sale).',
        summary:
          "A manager's PIN authorises one sensitive action (one permission, one target, once, 5 minutes)",
        body: c.ApprovalBody,
        response: { 201: c.ApprovalSchema, ...errorResponses },
      },
      config: { rateLimit: authLimit },
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => credentials.grantApproval(tx, ctx, req.body), { status: 201 }),
  );
}
