import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyPluginOptions } from 'fastify';

/**
 * What every module gives the composition root (`src/app.ts`), made by its one factory
 * `createXModule(deps)`: its routes (a plugin with its services bound), its services (for flows
 * and for other modules' factories), and what it runs in the background (started when the app is
 * ready, stopped before it closes, in module order).
 */
export interface AppModule<S extends object = object> {
  name: string;
  services: S;
  routes?: FastifyPluginAsyncTypebox;
  start?: () => void | Promise<void>;
  stop?: () => void | Promise<void>;
}

/** A routes plugin with its options bound: a module's `routes`. */
export function bindRoutes<O extends FastifyPluginOptions>(
  plugin: FastifyPluginAsyncTypebox<O>,
  options: O,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(plugin, options);
  };
}
