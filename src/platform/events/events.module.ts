import type { AppModule } from '../module.ts';
import { eventsRoutes } from './events.routes.ts';

/** The event log's read API (`GET /v1/events`); writing is `ctx.emit` in every use case. */
export function createEventsModule() {
  return { name: 'events', services: {}, routes: eventsRoutes } satisfies AppModule;
}
