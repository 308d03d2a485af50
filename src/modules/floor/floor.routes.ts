import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { runMutation, serviceContext } from '../../platform/http/mutation.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import * as c from './floor.contracts.ts';
import type { FloorPlanService } from './floor-plan.service.ts';
import type { SeatingService } from './seating.service.ts';

/** Floors, tables and who sits where: thin routes. */
export const floorRoutes: FastifyPluginAsyncTypebox<{
  plan: FloorPlanService;
  seating: SeatingService;
}> = async (app, { plan, seating }) => {
  const tags = ['floor'];
  const manage = { permission: 'floor:manage' } as const;
  const read = { permission: 'floor:read' } as const;
  const waiter = { permission: 'orders:create' } as const;
  const LATE = { lateKey: true } as const;

  app.get(
    '/v1/outlets/:outletId/floor-plan',
    {
      schema: {
        tags,
        operationId: 'getFloorPlan',
        summary: "An outlet's floors and tables with each table's status, and its open tabs",
        description:
          'Access: `floor:read`. Each table is free, occupied or bill_requested, derived from its open orders; changes arrive live as `table.status_changed` on the `floor` topic.',
        params: c.OutletParams,
        response: { 200: c.FloorPlanSchema, ...errorResponses },
      },
      config: read,
    },
    async (req) => plan.plan(req.server.db, serviceContext(req), req.params.outletId),
  );
  app.post(
    '/v1/floors',
    {
      schema: {
        tags,
        operationId: 'createFloor',
        summary: 'Add a floor (a room, a terrace) to an outlet',
        description: 'Access: `floor:manage`.',
        body: c.CreateFloorBody,
        response: { 201: c.FloorSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => plan.createFloor(tx, ctx, req.body), { status: 201 }),
  );
  app.patch(
    '/v1/floors/:id',
    {
      schema: {
        tags,
        operationId: 'updateFloor',
        summary: 'Rename or reorder a floor',
        description: 'Access: `floor:manage`.',
        params: IdParams,
        body: c.UpdateFloorBody,
        response: { 200: c.FloorSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => plan.updateFloor(tx, ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/tables',
    {
      schema: {
        tags,
        operationId: 'createTable',
        summary: 'Add a table to a floor (name, seats, shape and place on the plan)',
        description: 'Access: `floor:manage`. Table names are unique per outlet.',
        body: c.CreateTableBody,
        response: { 201: c.TableSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => plan.createTable(tx, ctx, req.body), { status: 201 }),
  );
  app.patch(
    '/v1/tables/:id',
    {
      schema: {
        tags,
        operationId: 'updateTable',
        summary: 'Change a table: name, seats, shape, place, floor; archive a free table',
        description: 'Access: `floor:manage`.',
        params: IdParams,
        body: c.UpdateTableBody,
        response: { 200: c.TableSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => plan.changeTable(tx, ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/tables/:id/open',
    {
      schema: {
        tags,
        operationId: 'openTable',
        summary: 'Open a table: its open order, or a new one (atomic: one order however many devices)',
        description:
          'Access: `orders:create`. Locks the table: when it has an open order that order is returned (`created: false`), otherwise a dine-in order is created at it (`created: true`). Twenty devices opening one free table at once get one order.',
        params: IdParams,
        body: c.OpenTableBody,
        response: { 200: c.OpenTableResult, ...errorResponses },
      },
      config: waiter,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => seating.openTable(tx, ctx, req.params.id, req.body), LATE),
  );
  app.post(
    '/v1/tables/:id/merge',
    {
      schema: {
        tags,
        operationId: 'mergeTables',
        summary: "Merge a table's orders into another table's order",
        description:
          'Access: `orders:create`. Every open order of this table is merged into the oldest open order of `intoTableId`: lines, totals and kitchen tickets follow, and the emptied orders are canceled with the reason "merged into N". Both must be unpaid.',
        params: IdParams,
        body: c.MergeTablesBody,
        response: { 200: c.MergeResult, ...errorResponses },
      },
      config: waiter,
    },
    async (req, reply) =>
      runMutation(
        req,
        reply,
        (tx, ctx) => seating.mergeTables(tx, ctx, req.params.id, req.body.intoTableId),
        LATE,
      ),
  );
  app.post(
    '/v1/tabs',
    {
      schema: {
        tags,
        operationId: 'openTab',
        summary: 'Open a named tab (an order at no table)',
        description:
          "Access: `orders:create`. A dine-in order named for the guest, listed in the floor plan's tabs.",
        body: c.OpenTabBody,
        response: { 201: c.SeatedResult, ...errorResponses },
      },
      config: waiter,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => seating.openTab(tx, ctx, req.body), {
        status: 201,
        lateKey: true,
      }),
  );
  app.post(
    '/v1/floor/orders/:orderId/move',
    {
      schema: {
        tags,
        operationId: 'moveOrderToTable',
        summary: 'Move an open order to a free table',
        description:
          "Access: `orders:create`. From its table or tab (or from no seat yet) to a free table of the same outlet; the order's table changes with it. An occupied target is a 409: merge instead.",
        params: c.OrderParams,
        body: c.MoveOrderBody,
        response: { 200: c.SeatedResult, ...errorResponses },
      },
      config: waiter,
    },
    async (req, reply) =>
      runMutation(
        req,
        reply,
        (tx, ctx) => seating.moveOrder(tx, ctx, req.params.orderId, req.body.tableId),
        LATE,
      ),
  );
  app.post(
    '/v1/floor/orders/:orderId/request-bill',
    {
      schema: {
        tags,
        operationId: 'requestBill',
        summary: 'The guests asked for the bill',
        description: 'Access: `orders:create`. The table shows bill requested until its orders are paid.',
        params: c.OrderParams,
        response: { 200: c.SeatedResult, ...errorResponses },
      },
      config: waiter,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => seating.requestBill(tx, ctx, req.params.orderId), LATE),
  );
  app.post(
    '/v1/floor/orders/:orderId/split-by-seat',
    {
      schema: {
        tags,
        operationId: 'splitOrderBySeat',
        summary: 'Split an order into one order per seat',
        description:
          'Access: `orders:create`. The lines of each seat but the first move to a new order at the same table (lines without a seat stay); every order is re-priced.',
        params: c.OrderParams,
        response: { 200: c.SplitBySeatResult, ...errorResponses },
      },
      config: waiter,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => seating.splitBySeat(tx, ctx, req.params.orderId), LATE),
  );
};
