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
   * Development only: let webhook endpoints target loopback, private, link-local and other
   * non-public addresses (KASIR_WEBHOOKS_ALLOW_PRIVATE=1). Off by default: such targets are refused.
   */
  allowPrivateWebhookTargets: boolean;
  /**
   * Key material for payment gateway credentials at rest (KASIR_ENCRYPTION_KEY); when absent they
   * are sealed under a key derived from the JWT secret. Share it across nodes; keep it out of backups.
   */
  encryptionKey: string | undefined;
  /** This server's public base URL (KASIR_PUBLIC_URL), given to gateways for per-payment notifications. */
  publicUrl: string | undefined;
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
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
    allowPrivateWebhookTargets: env.KASIR_WEBHOOKS_ALLOW_PRIVATE === '1',
    encryptionKey: env.KASIR_ENCRYPTION_KEY || undefined,
    publicUrl: env.KASIR_PUBLIC_URL ? env.KASIR_PUBLIC_URL.replace(/\/+$/, '') : undefined,
  };
}
