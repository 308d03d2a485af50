import { SignJWT, errors, jwtVerify } from 'jose';
import { AppError } from '../http/errors.ts';

/** Claims of a Kasir access token. */
export interface AccessClaims {
  /** user id */
  sub: string;
  /** session (refresh-token family) id */
  sid: string;
  /** tenant id; absent for platform-admin sessions */
  tid?: string;
}

const ISSUER = 'kasir';
const AUDIENCE = 'kasir-api';
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

/** HS256 wants a key of at least 256 bits (RFC 7518 §3.2). */
const MIN_SECRET_BYTES = 32;

/** Verified claims plus the expiry (seconds since the epoch). */
export type VerifiedClaims = AccessClaims & { exp: number };

/** Tokens verified recently, per process; a bounded map, oldest evicted first. */
const VERIFIED_CACHE_MAX = 10_000;

/**
 * HS256 access tokens, 15 minutes. A token without `exp` is refused. A token once verified is
 * remembered until its expiry, so its signature is checked once per process, not per request;
 * the expiry is checked against `now` on every call, and the session behind it is still read
 * per request by the caller, so revocation stays immediate.
 */
export function createAccessTokens(secret: string) {
  const key = new TextEncoder().encode(secret);
  if (key.byteLength < MIN_SECRET_BYTES) {
    throw new Error(`the JWT secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  const verified = new Map<string, VerifiedClaims>();
  const remember = (token: string, claims: VerifiedClaims) => {
    if (verified.size >= VERIFIED_CACHE_MAX) {
      const oldest = verified.keys().next();
      if (!oldest.done) {
        verified.delete(oldest.value);
      }
    }
    verified.set(token, claims);
  };
  return {
    async sign(claims: AccessClaims, now: Date): Promise<string> {
      const iat = Math.floor(now.getTime() / 1000);
      const jwt = new SignJWT({ sid: claims.sid, ...(claims.tid ? { tid: claims.tid } : {}) })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.sub)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS);
      return jwt.sign(key);
    },
    async verify(token: string, now: Date): Promise<VerifiedClaims> {
      const known = verified.get(token);
      if (known) {
        if (known.exp * 1000 > now.getTime()) {
          return known;
        }
        verified.delete(token);
      }
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience: AUDIENCE,
          currentDate: now,
          // A token that never expires would outlive every revocation check's purpose.
          requiredClaims: ['exp'],
        });
        if (
          typeof payload.sub !== 'string' ||
          typeof payload.sid !== 'string' ||
          typeof payload.exp !== 'number'
        ) {
          throw new AppError('auth.token_invalid', 'The access token is not valid.');
        }
        const claims: VerifiedClaims = {
          sub: payload.sub,
          sid: payload.sid,
          exp: payload.exp,
          ...(typeof payload.tid === 'string' ? { tid: payload.tid } : {}),
        };
        remember(token, claims);
        return claims;
      } catch (err) {
        if (err instanceof AppError) {
          throw err;
        }
        if (err instanceof errors.JWTExpired) {
          throw new AppError('auth.token_expired', 'The access token has expired; refresh it.');
        }
        throw new AppError('auth.token_invalid', 'The access token is not valid.');
      }
    },
  };
}
export type AccessTokens = ReturnType<typeof createAccessTokens>;

const OPAQUE_RE =
  /^(krt|kak|kdv)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{20,100})$/;

/** Opaque credentials: `krt_` refresh token, `kak_` API key, `kdv_` device token; `<kind>_<id>.<secret>`. */
export type OpaqueKind = 'krt' | 'kak' | 'kdv';

export function formatOpaque(kind: OpaqueKind, id: string, secret: string): string {
  return `${kind}_${id}.${secret}`;
}

export function parseOpaque(token: string): { kind: OpaqueKind; id: string; secret: string } | null {
  const m = OPAQUE_RE.exec(token);
  return m ? { kind: m[1] as OpaqueKind, id: m[2]!, secret: m[3]! } : null;
}
