import path from 'node:path';

/** Process configuration, read once from the environment. */
export interface Config {
  host: string;
  port: number;
  /** Server PostgreSQL; when absent the embedded PostgreSQL in `dataDir` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** false when KASIR_DATA_DIR was given (then we never move the database elsewhere). */
  dataDirIsDefault: boolean;
  logLevel: string;
  /** HS256 secret for access tokens; when absent one is generated and kept in `dataDir`. */
  jwtSecret: string | undefined;
  /** Seed "Warung Demo" at start (KASIR_DEMO; default: only for the embedded development setup). */
  seedDemo: boolean;
  /** Self-service sign-up (KASIR_SIGNUP; default: open for the embedded development setup). */
  signup: 'open' | 'closed';
  /** NODE_ENV=production: the embedded database then needs an explicit KASIR_DATA_DIR. */
  production: boolean;
  /** `pretty` on a terminal, `json` otherwise (LOG_FORMAT=pretty|json overrides). */
  logFormat: 'auto' | 'pretty' | 'json';
  /**
   * /metrics: on its own port (KASIR_METRICS_PORT, on KASIR_METRICS_HOST, default HOST) instead of
   * the API port, and/or behind `Authorization: Bearer <KASIR_METRICS_TOKEN>`.
   */
  metrics: { port: number | undefined; host: string | undefined; token: string | undefined };
  rateLimit: { max: number; authMax: number; windowMs: number };
  trustProxy: boolean;
  corsOrigins: string[] | true;
  /**
   * Development only: let webhook targets and payment gateway base URLs reach loopback, private,
   * link-local and other non-public addresses (KASIR_OUTBOUND_ALLOW_PRIVATE=1; the old name
   * KASIR_WEBHOOKS_ALLOW_PRIVATE=1 still works). Off by default: such addresses are refused.
   */
  outboundAllowPrivate: boolean;
  /** KASIR_WEBHOOK_LEASE_MS: a claimed delivery's lease (tests shorten the wait after a crash). */
  webhookLeaseMs: number | undefined;
  /**
   * Key material sealing payment gateway credentials and webhook signing secrets at rest
   * (KASIR_ENCRYPTION_KEY, ≥ 32 bytes; required when NODE_ENV=production). When absent: generated
   * into the data directory (embedded database), else the JWT secret (development). Share it
   * across nodes; keep it apart from backups.
   */
  encryptionKey: string | undefined;
  /** The key before the last rotation (KASIR_ENCRYPTION_KEY_PREVIOUS): still opens what it sealed. */
  encryptionKeyPrevious: string | undefined;
  /** This server's public base URL (KASIR_PUBLIC_URL), given to gateways for per-payment notifications. */
  publicUrl: string | undefined;
  /**
   * Where e-mailed receipts are sent through (KASIR_SMTP_URL, e.g. `smtps://user:pass@mail.example:465`);
   * without it e-mailing a receipt is a 409 `receipts.email_not_configured`.
   */
  smtpUrl: string | undefined;
  /** The From of e-mailed receipts (KASIR_MAIL_FROM, default `Kasir <receipts@localhost>`). */
  mailFrom: string;
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') {
    return fallback;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`expected a non-negative integer, got "${value}"`);
  }
  return n;
}

/** Secrets shorter than this are refused (HS256 and HKDF keys want 256 bits). */
export const MIN_SECRET_BYTES = 32;

/** Refuses short secrets, and in production a missing (or shared) encryption key. */
function checkSecrets(env: NodeJS.ProcessEnv): void {
  for (const name of ['KASIR_JWT_SECRET', 'KASIR_ENCRYPTION_KEY', 'KASIR_ENCRYPTION_KEY_PREVIOUS']) {
    const value = env[name];
    if (value && Buffer.byteLength(value, 'utf8') < MIN_SECRET_BYTES) {
      throw new Error(
        `${name} is too short: use at least ${MIN_SECRET_BYTES} bytes (e.g. \`openssl rand -base64 48\`)`,
      );
    }
  }
  if (env.NODE_ENV === 'production') {
    if (!env.KASIR_ENCRYPTION_KEY) {
      throw new Error(
        'KASIR_ENCRYPTION_KEY must be set when NODE_ENV=production (it seals gateway credentials and webhook secrets; keep it apart from KASIR_JWT_SECRET)',
      );
    }
    if (env.KASIR_ENCRYPTION_KEY === env.KASIR_JWT_SECRET) {
      throw new Error('KASIR_ENCRYPTION_KEY must differ from KASIR_JWT_SECRET');
    }
  }
}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new Error(`${name} must be one of ${allowed.join(', ')}; got "${value}"`);
  }
  return value as T;
}

/**
 * A real install is one on a server PostgreSQL or with NODE_ENV=production: there the demo business
 * is not seeded and self-service sign-up is closed unless asked for. The embedded development
 * default (`npm start` on a fresh clone) keeps both.
 */
export function installDefaults(env: NodeJS.ProcessEnv): { seedDemo: boolean; signup: 'open' | 'closed' } {
  const real = Boolean(env.DATABASE_URL) || env.NODE_ENV === 'production';
  const demo = oneOf('KASIR_DEMO', env.KASIR_DEMO, ['0', '1'] as const);
  return {
    seedDemo: demo === undefined ? !real : demo === '1',
    signup:
      oneOf('KASIR_SIGNUP', env.KASIR_SIGNUP, ['open', 'closed'] as const) ?? (real ? 'closed' : 'open'),
  };
}

/** Reads the configuration; throws an Error naming the variable when a value is unusable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  checkSecrets(env);
  return {
    host: env.HOST ?? '127.0.0.1',
    port: int(env.PORT, 3000),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.KASIR_DATA_DIR || 'data'),
    dataDirIsDefault: !env.KASIR_DATA_DIR,
    logLevel: env.LOG_LEVEL ?? 'info',
    jwtSecret: env.KASIR_JWT_SECRET || undefined,
    ...installDefaults(env),
    production: env.NODE_ENV === 'production',
    logFormat: oneOf('LOG_FORMAT', env.LOG_FORMAT, ['pretty', 'json'] as const) ?? 'auto',
    metrics: {
      port: env.KASIR_METRICS_PORT ? int(env.KASIR_METRICS_PORT, 0) : undefined,
      host: env.KASIR_METRICS_HOST || undefined,
      token: env.KASIR_METRICS_TOKEN || undefined,
    },
    rateLimit: {
      max: int(env.KASIR_RATE_LIMIT, 600),
      authMax: int(env.KASIR_AUTH_RATE_LIMIT, 30),
      windowMs: 60_000,
    },
    trustProxy: env.KASIR_TRUST_PROXY === '1',
    corsOrigins: env.KASIR_CORS_ORIGINS ? env.KASIR_CORS_ORIGINS.split(',').map((s) => s.trim()) : true,
    outboundAllowPrivate:
      env.KASIR_OUTBOUND_ALLOW_PRIVATE === '1' || env.KASIR_WEBHOOKS_ALLOW_PRIVATE === '1',
    webhookLeaseMs: env.KASIR_WEBHOOK_LEASE_MS ? int(env.KASIR_WEBHOOK_LEASE_MS, 0) : undefined,
    encryptionKey: env.KASIR_ENCRYPTION_KEY || undefined,
    encryptionKeyPrevious: env.KASIR_ENCRYPTION_KEY_PREVIOUS || undefined,
    publicUrl: env.KASIR_PUBLIC_URL ? env.KASIR_PUBLIC_URL.replace(/\/+$/, '') : undefined,
    smtpUrl: env.KASIR_SMTP_URL || undefined,
    mailFrom: env.KASIR_MAIL_FROM || 'Kasir <receipts@localhost>',
  };
}
