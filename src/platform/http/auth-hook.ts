import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from './context.ts';
import { hasPermission } from './context.ts';
import { AppError } from './errors.ts';
import './fastify-types.ts';

/** Turns a bearer credential into a principal, or throws an `auth.*` AppError. */
export type PrincipalResolver = (token: string, request: FastifyRequest) => Promise<Principal>;

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) {
    return undefined;
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    throw new AppError('auth.token_invalid', 'Send credentials as "Authorization: Bearer <token>".');
  }
  return match[1];
}

/**
 * Authenticates every request before its body is parsed (onRequest), according to the route's
 * `config.auth`, then checks `config.permission`. Unknown routes are left to the 404 handler.
 */
export function registerAuthHook(app: FastifyInstance, resolve: PrincipalResolver): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (request.routeOptions.url === undefined) {
      return; // not found
    }
    const mode = config.auth ?? 'staff';
    if (mode === 'public') {
      return;
    }
    const token = bearer(request);
    if (!token) {
      throw new AppError(
        'auth.unauthenticated',
        'This route needs an "Authorization: Bearer <token>" header.',
      );
    }
    const principal = await resolve(token, request);
    const allowed =
      (mode === 'staff' && (principal.kind === 'user' || principal.kind === 'api_key')) ||
      (mode === 'device' && principal.kind === 'device') ||
      (mode === 'platform' && principal.kind === 'platform');
    if (!allowed) {
      throw new AppError(
        'auth.forbidden',
        `This route is not available to a ${principal.kind.replace('_', ' ')} credential.`,
      );
    }
    request.principal = principal;
    if (config.permission && !hasPermission(principal, config.permission)) {
      throw new AppError('auth.forbidden', `This needs the "${config.permission}" permission.`, {
        permission: config.permission,
      });
    }
  });
}
