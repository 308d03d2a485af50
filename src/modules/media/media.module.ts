import type { Clock } from '../../platform/clock/clock.ts';
import { bindRoutes, type AppModule } from '../../platform/module.ts';
import { mediaRoutes } from './media.routes.ts';
import { createMediaService } from './media.service.ts';

/** Uploaded images (item pictures, receipt logos), stored in the database and served public. */
export function createMediaModule(deps: { clock: Clock }) {
  const media = createMediaService(deps);
  return {
    name: 'media',
    services: { media },
    routes: bindRoutes(mediaRoutes, { media }),
  } satisfies AppModule;
}
