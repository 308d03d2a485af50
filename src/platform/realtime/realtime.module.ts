import type { AppModule } from '../module.ts';
import { createRealtime, type RealtimeDeps } from './gateway.ts';

/** Realtime: Socket.IO on the HTTP server, tailing the event log (started when the app is ready). */
export function createRealtimeModule(deps: RealtimeDeps) {
  const realtime = createRealtime(deps);
  return {
    name: 'realtime',
    services: { realtime },
    start: () => realtime.start(),
    stop: () => realtime.close(),
  } satisfies AppModule;
}
