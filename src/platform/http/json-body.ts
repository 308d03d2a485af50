import type { FastifyInstance, FastifyRequest } from 'fastify';
import sjson from 'secure-json-parse';
import { AppError } from './errors.ts';

/** Deeper bodies are refused: no legitimate request nests this far, and deep trees cost stack. */
export const MAX_JSON_DEPTH = 64;

/** Nesting depth of a JSON text, counting only brackets outside strings (one linear scan). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) {
        i++; // skip the escaped character
      } else if (c === 0x22) {
        inString = false;
      }
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return max;
}

/**
 * Text PostgreSQL and JSON consumers cannot hold faithfully: NUL (PostgreSQL text refuses it) and
 * lone UTF-16 surrogates (silently turned into U+FFFD on the way to the database).
 */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && (value as string & { isWellFormed(): boolean }).isWellFormed();
}

const TEXT_RULE = 'must not contain NUL characters or unpaired UTF-16 surrogates';
const invalidText = (path: string) =>
  new AppError('request.invalid', 'The request has invalid fields.', {
    errors: [{ path, message: TEXT_RULE }],
  });

/** Parses a JSON body: prototype-poisoning safe, depth-capped, text checked. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') {
    throw new AppError('request.malformed_json', 'The request body is empty but the content type is JSON.');
  }
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new AppError('request.invalid', `JSON nested deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  let parsed: unknown;
  try {
    parsed = sjson.parse(text, null, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw new AppError('request.malformed_json', 'The request body is not valid JSON.');
  }
  assertStorable(parsed, 'body');
  return parsed;
}

function assertStorable(value: unknown, path: string): void {
  if (typeof value === 'string') {
    if (!isStorableText(value)) {
      throw invalidText(path);
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertStorable(v, `${path}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!isStorableText(k)) {
        throw invalidText(path);
      }
      assertStorable(v, `${path}.${k}`);
    }
  }
}

/** Our JSON parser for bodies, and the same text check for query strings and path params. */
export function registerJsonBody(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.addHook('preValidation', async (request: FastifyRequest) => {
    for (const [where, part] of [
      ['querystring', request.query],
      ['params', request.params],
    ] as const) {
      for (const [key, value] of Object.entries((part ?? {}) as Record<string, unknown>)) {
        for (const v of Array.isArray(value) ? value : [value]) {
          if (typeof v === 'string' && !isStorableText(v)) {
            throw invalidText(`${where}.${key}`);
          }
        }
      }
    }
  });
}
