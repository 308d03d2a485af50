import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { runMutation, serviceContext } from '../../platform/http/mutation.ts';
import { pageInMemory, PageQuery } from '../../platform/http/pagination.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import * as c from './drawer.contracts.ts';
import type { DrawerService } from './drawer.service.ts';

/** Cash drawer sessions, cash movements, X/Z reports and the outlet's cash settings: thin routes. */
export const drawerRoutes: FastifyPluginAsyncTypebox<{ drawer: DrawerService }> = async (app, { drawer }) => {
  const tags = ['drawer'];
  const cash = { permission: 'cash:manage' } as const;
  const reports = { permission: 'reports:read' } as const;

  app.post(
    '/v1/drawer-sessions',
    {
      schema: {
        tags,
        operationId: 'openDrawerSession',
        summary: "Open a register's cash drawer with a float",
        description:
          'Opens a drawer session on a register with its opening float, as an amount or counted by denomination. One open session per register (409 `drawer.session_already_open`).',
        body: c.OpenSessionBody,
        response: { 201: c.SessionSchema, ...errorResponses },
      },
      config: cash,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => drawer.open(tx, ctx, req.body), { status: 201 }),
  );

  app.get(
    '/v1/drawer-sessions/:id',
    {
      schema: {
        tags,
        operationId: 'getDrawerSession',
        summary: 'One drawer session',
        description:
          'A drawer session. What the drawer should hold and the variance are shown once it is closed: the count is blind.',
        params: IdParams,
        response: { 200: c.SessionSchema, ...errorResponses },
      },
      config: cash,
    },
    async (req) => drawer.get(req.server.db, serviceContext(req), req.params.id),
  );

  app.get(
    '/v1/registers/:id/drawer-session',
    {
      schema: {
        tags,
        operationId: 'getCurrentDrawerSession',
        summary: "A register's open drawer session, or null",
        description: 'The open drawer session of the register (`session: null` when the drawer is not open).',
        params: IdParams,
        response: { 200: c.CurrentSessionSchema, ...errorResponses },
      },
      config: cash,
    },
    async (req) => ({ session: await drawer.current(req.server.db, serviceContext(req), req.params.id) }),
  );

  for (const [path, kind, operationId, what] of [
    ['paid-in', 'paid_in', 'createDrawerPaidIn', 'Paid in: cash put into the drawer, with a reason'],
    [
      'paid-out',
      'paid_out',
      'createDrawerPaidOut',
      'Paid out: cash taken from the drawer for an expense, with a reason',
    ],
    ['drops', 'drop', 'createDrawerDrop', 'A cash drop: cash taken from the drawer to the safe'],
  ] as const) {
    app.post(
      `/v1/drawer-sessions/:id/${path}`,
      {
        schema: {
          tags,
          operationId,
          summary: what,
          description: `${what}. Posted to the ledger and to the session; cash out never exceeds what the drawer holds (422 \`drawer.insufficient_cash\`).`,
          params: IdParams,
          body: c.CashMovementBody,
          response: { 201: c.MovementSchema, ...errorResponses },
        },
        config: cash,
      },
      async (req, reply) =>
        runMutation(req, reply, (tx, ctx) => drawer.movement(tx, ctx, req.params.id, kind, req.body), {
          status: 201,
        }),
    );
  }

  app.post(
    '/v1/drawer-sessions/:id/no-sale',
    {
      schema: {
        tags,
        operationId: 'openDrawerWithoutSale',
        summary: 'Open the drawer without a sale (needs cash:no_sale or a manager approval)',
        description:
          "Records a no-sale opening in the session with a reason. Needs `cash:no_sale` or a manager's approval for the register (`approvalId`); the audit log names both.",
        params: IdParams,
        body: c.DrawerNoSaleBody,
        response: { 200: c.NoSaleMovementSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => drawer.noSale(tx, ctx, req.params.id, req.body)),
  );

  app.post(
    '/v1/drawer-sessions/:id/close',
    {
      schema: {
        tags,
        operationId: 'closeDrawerSession',
        summary: 'Close the drawer with a blind count; returns the Z report',
        description:
          "Closes the session with the counted cash (amount and/or denominations). The variance (counted − expected) goes to over/short; above the outlet's threshold it needs a `reason` (422 `drawer.reason_required`) and `cash:approve_variance` or a manager's approval for the session. Writes the numbered, immutable Z report.",
        params: IdParams,
        body: c.CloseSessionBody,
        response: { 200: c.CloseSessionResponse, ...errorResponses },
      },
      config: cash,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => drawer.close(tx, ctx, req.params.id, req.body)),
  );

  app.get(
    '/v1/drawer-sessions/:id/movements',
    {
      schema: {
        tags,
        operationId: 'listDrawerMovements',
        summary: "A session's cash movements, oldest first",
        description:
          'Float, cash sales and refunds, paid in/out, drops, no-sales, over/short and the close-out.',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: c.DrawerMovementPage, ...errorResponses },
      },
      config: reports,
    },
    async (req) =>
      pageInMemory(
        await drawer.movements(req.server.db, serviceContext(req), req.params.id),
        req.query,
        (m) => m.id,
      ),
  );

  app.get(
    '/v1/drawer-sessions/:id/x-report',
    {
      schema: {
        tags,
        operationId: 'getDrawerXReport',
        summary: 'The X report: the session so far, without closing it',
        description:
          'Sales by tender, refunds, discounts, voids, taxes per rate, service charge, tips, rounding, float, paid in/out, expected cash and a section per cashier, as of now.',
        params: IdParams,
        response: { 200: c.DrawerReportSchema, ...errorResponses },
      },
      config: reports,
    },
    async (req) => drawer.xReport(req.server.db, serviceContext(req), req.params.id),
  );

  app.get(
    '/v1/drawer-sessions/:id/tie-out',
    {
      schema: {
        tags,
        operationId: 'getDrawerTieOut',
        summary: 'Does the session tie out to the ledger',
        description:
          "Compares the session's cash movements with the cash-drawer ledger lines of the entries tagged with it, and its over/short with the over/short account.",
        params: IdParams,
        response: { 200: c.TieOutSchema, ...errorResponses },
      },
      config: reports,
    },
    async (req) => drawer.tieOut(req.server.db, serviceContext(req), req.params.id),
  );

  app.get(
    '/v1/registers/:id/z-reports',
    {
      schema: {
        tags,
        operationId: 'listZReports',
        summary: "A register's Z reports, newest first",
        description:
          'Each close of the register: its number, when the session opened and closed, sales, expected and counted cash and the variance, as stored in the Z report. Open one with `GET /v1/registers/{id}/z-reports/{number}`.',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: c.ZReportPage, ...errorResponses },
      },
      config: reports,
    },
    async (req) => drawer.zReports(req.server.db, serviceContext(req), req.params.id, req.query),
  );

  app.get(
    '/v1/registers/:id/z-reports/:number',
    {
      schema: {
        tags,
        operationId: 'getZReport',
        summary: "A register's Z report by number",
        description:
          'A Z report exactly as written when its session closed (numbered per register without gaps).',
        params: c.ZReportParams,
        response: { 200: c.DrawerReportSchema, ...errorResponses },
      },
      config: reports,
    },
    async (req) => drawer.zReport(req.server.db, serviceContext(req), req.params.id, req.params.number),
  );

  app.get(
    '/v1/outlets/:id/cash-settings',
    {
      schema: {
        tags,
        operationId: 'getOutletCashSettings',
        summary: "An outlet's cash settings",
        description:
          'Whether cash needs an open drawer session, the variance threshold above which a close needs a manager, and receipt numbering per outlet or per register.',
        params: IdParams,
        response: { 200: c.CashSettingsSchema, ...errorResponses },
      },
      config: cash,
    },
    async (req) => drawer.getSettings(req.server.db, serviceContext(req), req.params.id),
  );

  app.patch(
    '/v1/outlets/:id/cash-settings',
    {
      schema: {
        tags,
        operationId: 'updateOutletCashSettings',
        summary: "Change an outlet's cash settings",
        description: 'Changes the given cash settings of an outlet; the others keep their values.',
        params: IdParams,
        body: c.CashSettingsBody,
        response: { 200: c.CashSettingsSchema, ...errorResponses },
      },
      config: { permission: 'outlets:manage' },
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => drawer.putSettings(tx, ctx, req.params.id, req.body)),
  );
};
