import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { runMutation, serviceContext } from '../../platform/http/mutation.ts';
import { pageInMemory } from '../../platform/http/pagination.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import type { KitchenFigures } from './figures.ts';
import * as c from './kitchen.contracts.ts';
import type { StationsService } from './stations.service.ts';
import type { TicketsService } from './tickets.service.ts';

/** Kitchen stations and routing (set-up), figures and the order-ready board: thin routes. */
export const kitchenSetupRoutes: FastifyPluginAsyncTypebox<{
  stations: StationsService;
  figures: KitchenFigures;
}> = async (app, { stations, figures }) => {
  const tags = ['kitchen'];
  const manage = { permission: 'kitchen:manage' } as const;
  const read = { permission: 'kitchen:read' } as const;

  app.post(
    '/v1/kitchen/stations',
    {
      schema: {
        tags,
        operationId: 'createKitchenStation',
        summary: 'Add a kitchen station (kitchen, bar, …) to an outlet',
        description:
          'Access: `kitchen:manage`. A station of an outlet; its `key` is unique in the business and names the realtime room a display joins (`{ room: "station", id: key }`). One station per outlet may be the default for lines no rule routes.',
        body: c.CreateStationBody,
        response: { 201: c.StationSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => stations.create(tx, ctx, req.body), { status: 201 }),
  );
  app.get(
    '/v1/kitchen/stations',
    {
      schema: {
        tags,
        operationId: 'listKitchenStations',
        summary: 'The kitchen stations of the outlets you may see',
        description: 'Access: `kitchen:read`. Stations by position then name; filter by `outletId`.',
        querystring: c.OutletQuery,
        response: { 200: c.StationPage, ...errorResponses },
      },
      config: read,
    },
    async (req) =>
      pageInMemory(
        await stations.list(req.server.db, serviceContext(req), req.query.outletId),
        req.query,
        (s) => s.id,
      ),
  );
  app.patch(
    '/v1/kitchen/stations/:id',
    {
      schema: {
        tags,
        operationId: 'updateKitchenStation',
        summary: "Rename a station, make it the outlet's default, or change its late threshold",
        description: 'Access: `kitchen:manage`.',
        params: IdParams,
        body: c.UpdateStationBody,
        response: { 200: c.StationSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => stations.update(tx, ctx, req.params.id, req.body)),
  );
  app.post(
    '/v1/kitchen/routes',
    {
      schema: {
        tags,
        operationId: 'setKitchenRoute',
        summary: 'Route an item or a category to a station (with a default course)',
        description:
          "Access: `kitchen:manage`. Sets where an item's or a category's lines go at the station's outlet, replacing the earlier rule; an item's own rule beats its category's. `course` is the default course of those lines (a line's own course wins).",
        body: c.CreateRouteBody,
        response: { 201: c.RouteSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => stations.setRoute(tx, ctx, req.body), { status: 201 }),
  );
  app.get(
    '/v1/kitchen/routes',
    {
      schema: {
        tags,
        operationId: 'listKitchenRoutes',
        summary: 'The routing rules of the outlets you may see',
        description: 'Access: `kitchen:read`. Oldest first; filter by `outletId`.',
        querystring: c.OutletQuery,
        response: { 200: c.RoutePage, ...errorResponses },
      },
      config: read,
    },
    async (req) =>
      pageInMemory(
        await stations.listRoutes(req.server.db, serviceContext(req), req.query.outletId),
        req.query,
        (r) => r.id,
      ),
  );
  app.delete(
    '/v1/kitchen/routes/:id',
    {
      schema: {
        tags,
        operationId: 'deleteKitchenRoute',
        summary: 'Remove a routing rule',
        description:
          "Access: `kitchen:manage`. Lines of that item or category then follow the next rule (category, then the outlet's default station).",
        params: IdParams,
        response: { 200: c.RouteSchema, ...errorResponses },
      },
      config: manage,
    },
    async (req, reply) => runMutation(req, reply, (tx, ctx) => stations.deleteRoute(tx, ctx, req.params.id)),
  );
  app.get(
    '/v1/kitchen/figures',
    {
      schema: {
        tags,
        operationId: 'getKitchenFigures',
        summary: 'Preparation times (avg, p90) per item and station, late tickets, all-day counts',
        description:
          "Access: `kitchen:read`. For tickets fired in [`from`, `to`) (the last 24 hours by default): preparation time fired → ready per item and station, tickets late against each station's threshold, and how many of each item are still to make.",
        querystring: c.FiguresQuery,
        response: { 200: c.FiguresSchema, ...errorResponses },
      },
      config: read,
    },
    async (req) => figures.figures(req.server.db, serviceContext(req), req.query),
  );
  app.get(
    '/v1/kitchen/board',
    {
      schema: {
        tags,
        operationId: 'getOrderReadyBoard',
        summary: 'Order numbers preparing and ready (the board customers watch)',
        description:
          'Access: `kitchen:read`. Orders with a ticket still open are preparing; orders whose tickets are all bumped (and not yet served, for 15 minutes) are ready. No prices.',
        querystring: c.BoardQuery,
        response: { 200: c.BoardSchema, ...errorResponses },
      },
      config: read,
    },
    async (req) => figures.board(req.server.db, serviceContext(req), req.query.outletId),
  );
};

/** Tickets: what a display and a waiter do. */
export const kitchenTicketRoutes: FastifyPluginAsyncTypebox<{ tickets: TicketsService }> = async (
  app,
  { tickets },
) => {
  const tags = ['kitchen'];
  const read = { permission: 'kitchen:read' } as const;
  const bump = { permission: 'kitchen:bump' } as const;
  const waiter = { permission: 'orders:create' } as const;
  const ok = { 200: c.TicketSchema, ...errorResponses };

  app.get(
    '/v1/kitchen/tickets',
    {
      schema: {
        tags,
        operationId: 'listKitchenTickets',
        summary: 'Kitchen tickets in arrival order (active by default)',
        description:
          'Access: `kitchen:read`. Tickets of a station, an outlet or an order, oldest first: `state=active` (held and open, the default), `done` (bumped and served) or `all`. Held tickets are later courses not fired yet.',
        querystring: c.ListTicketsQuery,
        response: { 200: c.TicketPage, ...errorResponses },
      },
      config: read,
    },
    async (req) => tickets.list(req.server.db, serviceContext(req), req.query),
  );
  app.get(
    '/v1/kitchen/tickets/:id',
    {
      schema: {
        tags,
        operationId: 'getKitchenTicket',
        summary: 'One kitchen ticket with its lines',
        description: 'Access: `kitchen:read`.',
        params: IdParams,
        response: ok,
      },
      config: read,
    },
    async (req) => tickets.get(req.server.db, serviceContext(req), req.params.id),
  );
  app.post(
    '/v1/kitchen/tickets/:id/lines/:lineId/status',
    {
      schema: {
        tags,
        operationId: 'setKitchenLineStatus',
        summary: 'Move a line on a ticket: new → preparing → ready → served',
        description:
          'Access: `kitchen:bump`. One step forward (or one back, a slip of the finger); a held course cannot change.',
        params: c.TicketLineParams,
        body: c.LineStatusBody,
        response: ok,
      },
      config: bump,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) =>
        tickets.setLineStatus(tx, ctx, req.params.id, req.params.lineId, req.body.status),
      ),
  );
  app.post(
    '/v1/kitchen/tickets/:id/bump',
    {
      schema: {
        tags,
        operationId: 'bumpKitchenTicket',
        summary: 'Bump a ticket: its lines are ready, it leaves the display',
        description: 'Access: `kitchen:bump`. Only an open ticket; a second bump is a 409.',
        params: IdParams,
        response: ok,
      },
      config: bump,
    },
    async (req, reply) => runMutation(req, reply, (tx, ctx) => tickets.bump(tx, ctx, req.params.id)),
  );
  app.post(
    '/v1/kitchen/stations/:id/recall',
    {
      schema: {
        tags,
        operationId: 'recallKitchenTicket',
        summary: "Bring back the station's last bumped ticket",
        description: 'Access: `kitchen:bump`. 409 when nothing is bumped.',
        params: c.StationParams,
        response: ok,
      },
      config: bump,
    },
    async (req, reply) => runMutation(req, reply, (tx, ctx) => tickets.recall(tx, ctx, req.params.id)),
  );
  app.post(
    '/v1/kitchen/tickets/:id/serve',
    {
      schema: {
        tags,
        operationId: 'serveKitchenTicket',
        summary: 'Mark a ready ticket served (taken to the table)',
        description: 'Access: `orders:create`. Only a bumped ticket.',
        params: IdParams,
        response: ok,
      },
      config: waiter,
    },
    async (req, reply) => runMutation(req, reply, (tx, ctx) => tickets.serve(tx, ctx, req.params.id)),
  );
  app.post(
    '/v1/kitchen/orders/:orderId/courses/:course/fire',
    {
      schema: {
        tags,
        operationId: 'fireCourse',
        summary: "Fire an order's held course: its tickets go to the displays",
        description:
          'Access: `orders:create`. Later courses are held when sent; firing course N releases every held ticket of the order up to N. 409 when nothing is held for it.',
        params: c.FireCourseParams,
        response: { 200: c.TicketsResult, ...errorResponses },
      },
      config: waiter,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) =>
        tickets.fireCourse(tx, ctx, req.params.orderId, req.params.course),
      ),
  );
  app.post(
    '/v1/kitchen/orders/:orderId/rush',
    {
      schema: {
        tags,
        operationId: 'rushKitchenOrder',
        summary: "Flag an order's tickets as rush (or clear it)",
        description: 'Access: `orders:create`. Every ticket of the order not yet served.',
        params: c.OrderParams,
        body: c.RushBody,
        response: { 200: c.TicketsResult, ...errorResponses },
      },
      config: waiter,
    },
    async (req, reply) =>
      runMutation(req, reply, (tx, ctx) => tickets.rush(tx, ctx, req.params.orderId, req.body.rush ?? true)),
  );
};
