import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Principal } from './context.ts';

/**
 * The process logger: JSON lines for log collectors, readable lines when a person watches the
 * terminal (`format: 'auto'` decides by whether stdout is a TTY; LOG_FORMAT overrides).
 */
export function createLogger(
  options: { level: string; format: 'auto' | 'pretty' | 'json' },
  out: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): Logger {
  const readable = options.format === 'pretty' || (options.format === 'auto' && out.isTTY === true);
  // stdout through pino's own fast writer; any other stream (tests) as it is.
  const toStdout = out === process.stdout;
  if (!readable) {
    return pino({ level: options.level }, toStdout ? pino.destination(1) : out);
  }
  return pino(
    { level: options.level },
    pretty({
      destination: toStdout ? 1 : out,
      sync: true, // nothing lost when the process exits right after a line
      colorize: out.isTTY === true,
      translateTime: 'SYS:HH:MM:ss.l',
      // Request lines read "→ GET /v1/orders" and "← 201 /v1/orders 12 ms", then the ids.
      ignore: 'pid,hostname,req,res,route,responseTime',
      singleLine: true,
      messageFormat: (log, messageKey) => prettyMessage(log, String(log[messageKey])),
    }),
  );
}

type LogRecord = Record<string, unknown> & {
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  route?: string;
  responseTime?: number;
};

/** The terminal form of a log line's message (the fields it shows are left out of the rest). */
export function prettyMessage(log: LogRecord, msg: string): string {
  if (msg === 'incoming request' && log.req) {
    return `→ ${log.req.method} ${log.req.url}`;
  }
  if ((msg === 'request completed' || msg === 'request errored') && log.res) {
    const ms = typeof log.responseTime === 'number' ? ` ${Math.round(log.responseTime)} ms` : '';
    return `← ${log.res.statusCode} ${log.route ?? '(no route)'}${ms}`;
  }
  const extra = [log.route, log.req?.url].filter(Boolean).join(' ');
  return extra ? `${msg} (${extra})` : msg;
}

/** Who made a request, as one short string for logs: `user:<id>`, `api_key:<id>`, `device:<id>`, `platform:<id>`. */
export function actorOf(principal: Principal): string {
  switch (principal.kind) {
    case 'user':
    case 'platform':
      return `${principal.kind}:${principal.userId}`;
    case 'api_key':
      return `api_key:${principal.apiKeyId}`;
    case 'device':
      return `device:${principal.deviceId}`;
    case 'customer':
      return `customer:${principal.tableId}`;
  }
}

/**
 * The "request completed" line carries the route pattern, and the tenant and actor once the
 * request was authenticated, so one line says who did what where. (An onResponse hook runs just
 * before Fastify writes that line with `reply.log`.)
 */
export function registerRequestLogContext(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const principal = request.principal;
    reply.log = reply.log.child({
      ...(request.routeOptions.url !== undefined ? { route: request.routeOptions.url } : {}),
      ...(principal && principal.kind !== 'platform' ? { tenantId: principal.tenantId } : {}),
      ...(principal ? { actor: actorOf(principal) } : {}),
    });
  });
}
