import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
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
      // Request lines read "← 201 POST /v1/orders 12 ms" (and at debug "→ POST /v1/orders"), then the ids.
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
    const method = log.req?.method ? `${log.req.method} ` : '';
    return `← ${log.res.statusCode} ${method}${log.route ?? '(no route)'}${ms}`;
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
 * One log line per request: Fastify's "request completed" (or "request errored") line carries the
 * method and URL (`req`), the status (`res`), `responseTime`, the route pattern, and the tenant and
 * actor once the request was authenticated — who did what where, and how long it took. The
 * "incoming request" line is written at `debug` level only (to see requests that never finish):
 * at `info` it doubled the logging cost of every request.
 */
export class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (!this.isLogDisabled(request)) {
      request.log.debug({ req: request }, 'incoming request');
    }
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) {
      return;
    }
    const principal = request.principal;
    const line: Record<string, unknown> = {
      req: request,
      res: reply,
      responseTime: reply.elapsedTime,
    };
    if (request.routeOptions.url !== undefined) {
      line.route = request.routeOptions.url;
    }
    if (principal) {
      if (principal.kind !== 'platform') {
        line.tenantId = principal.tenantId;
      }
      line.actor = actorOf(principal);
    }
    if (error) {
      line.err = error;
      reply.log.error(line, 'request errored');
    } else {
      reply.log.info(line, 'request completed');
    }
  }
}
