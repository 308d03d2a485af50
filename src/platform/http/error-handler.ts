import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, problemFor, statusForCode, type Problem } from './errors.ts';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
  keyword?: string;
}

/** "/lines/0/qty" → "body.lines[0].qty"; a missing property names the property itself. */
function fieldPath(context: string | undefined, issue: ValidationIssue): string {
  const parts = (issue.instancePath ?? '')
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const missing = issue.params?.missingProperty ?? issue.params?.additionalProperty;
  if (typeof missing === 'string') {
    parts.push(missing);
  }
  let out = context ?? 'body';
  for (const part of parts) {
    out += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  }
  return out;
}

function send(reply: FastifyReply, problem: Problem): FastifyReply {
  problem.requestId = String(reply.request.id);
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

/** Maps Fastify's own error codes (parsing, limits, media types) to our stable codes. */
const FASTIFY_CODES: Record<string, [code: string, detail: string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: ['request.malformed_json', 'The request body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [
    'request.malformed_json',
    'The request body is empty but the content type is JSON.',
  ],
  FST_ERR_CTP_BODY_TOO_LARGE: [
    'request.body_too_large',
    'The request body is larger than the limit (1 MiB).',
  ],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    'request.unsupported_media_type',
    'Send the request body as application/json.',
  ],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['request.invalid', 'Content-Length does not match the body.'],
  FST_ERR_CTP_INVALID_TYPE: ['request.unsupported_media_type', 'Send the request body as application/json.'],
};

/**
 * Errors the router raises before any route runs (bad URL encoding, over-long path parameters):
 * passed as Fastify's `frameworkErrors` option so they are problem+json too.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  reply.header('x-request-id', request.id); // onSend hooks do not run for router errors
  const [code, detail] =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? ['request.uri_too_long', 'A path parameter is too long.']
      : ['request.invalid', 'The request URL is not valid.'];
  void send(
    reply,
    problemFor(code, detail, error.statusCode && error.statusCode < 500 ? error.statusCode : 400),
  );
}

/** RFC 9457 problem+json for every error; 5xx details are logged, never sent. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply) => {
    if (request.is404) {
      // The body of a request to an unknown route failed to parse: the route is the problem.
      return send(
        reply,
        problemFor('route.not_found', `No route ${request.method} ${request.url.split('?')[0]}.`, 404),
      );
    }
    if (err instanceof AppError) {
      const error = err;
      const problem = problemFor(error.code, error.message);
      if (error.details) {
        Object.assign(problem, error.details);
      }
      return send(reply, problem);
    }
    const error = err as FastifyError & { validation?: ValidationIssue[]; validationContext?: string };
    if (error.validation) {
      const problem = problemFor('request.invalid', 'The request has invalid fields.');
      const seen = new Set<string>();
      problem.errors = error.validation
        .map((issue) => ({
          path: fieldPath(error.validationContext, issue),
          message: issue.message ?? 'is invalid',
        }))
        .filter((e) => !seen.has(`${e.path}\n${e.message}`) && seen.add(`${e.path}\n${e.message}`));
      return send(reply, problem);
    }
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) {
      return send(reply, problemFor(mapped[0], mapped[1]));
    }
    if (error.statusCode === 429) {
      return send(reply, problemFor('request.rate_limited', 'Too many requests; slow down and retry later.'));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Any other client error Fastify raises (bad headers, etc.): keep its status, give a code.
      const problem = problemFor('request.invalid', error.message, error.statusCode);
      return send(reply, problem);
    }
    // Safety net: PostgreSQL data exceptions (class 22: bad text, number or date values) come from
    // input that slipped past validation. They are the client's error, not ours.
    if (
      typeof (err as { code?: unknown }).code === 'string' &&
      /^22[0-9A-Z]{3}$/.test((err as { code: string }).code)
    ) {
      // Input is validated at the boundary (formats, NUL, surrogates), so reaching this is
      // most likely our own bug (it once hid one): log it loudly, still answer the client 400.
      request.log.error({ err }, 'database rejected a value that passed validation');
      return send(reply, problemFor('request.invalid', 'A value in the request cannot be stored.'));
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(
      reply,
      problemFor(
        'internal.error',
        'Something went wrong on our side. Quote the request id when reporting it.',
        500,
      ),
    );
  });

  app.setNotFoundHandler((request, reply) =>
    send(
      reply,
      problemFor(
        'route.not_found',
        `No route ${request.method} ${request.url.split('?')[0]}.`,
        statusForCode('route.not_found'),
      ),
    ),
  );
}
