import type { Db } from '../../platform/db/db.ts';
import type { AppModule } from '../../platform/module.ts';
import { reportsRoutes } from './reports.routes.ts';
import { projectStep, tenantsBehind } from './projector.ts';

export interface ReportsOptions {
  /** Run the background projector on this node (default true). Reports catch up on read anyway. */
  projector?: boolean;
  /** How often it looks for tenants with new events (default 2000 ms). */
  pollMs?: number;
}

/**
 * The reports module: its routes are `reportsRoutes`; this is its background projector, which keeps
 * the rollups close to the event log so a report's catch-up on read has little to do. Tenants are
 * taken SKIP LOCKED, so several nodes share them.
 */
export function createReports(deps: {
  db: Db;
  log: { warn(obj: object, msg: string): void };
  options?: ReportsOptions;
}) {
  const pollMs = deps.options?.pollMs ?? 2000;
  const enabled = deps.options?.projector ?? true;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  async function tick(): Promise<void> {
    for (const tenantId of await tenantsBehind(deps.db, 20)) {
      for (let i = 0; i < 20 && !stopped; i++) {
        const step = await projectStep(deps.db, tenantId, { skipLocked: true });
        if (step.done || step.seq === null) {
          break;
        }
      }
    }
  }
  function schedule() {
    if (stopped) {
      return;
    }
    timer = setTimeout(() => {
      running = tick()
        .catch((err: unknown) => deps.log.warn({ err }, 'reports projector step failed'))
        .finally(schedule);
    }, pollMs);
    timer.unref();
  }
  return {
    start() {
      if (enabled) {
        stopped = false;
        schedule();
      }
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** The reports module for the composition root: its routes and its background projector. */
export function createReportsModule(deps: Parameters<typeof createReports>[0]) {
  const projector = createReports(deps);
  return {
    name: 'reports',
    services: {},
    routes: reportsRoutes,
    start: () => projector.start(),
    stop: () => projector.stop(),
  } satisfies AppModule;
}
