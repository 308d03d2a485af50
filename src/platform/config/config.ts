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
  seedDemo: boolean;
  rateLimit: { max: number; authMax: number; windowMs: number };
  trustProxy: boolean;
  corsOrigins: string[] | true;
  /**
   * Development only: let webhook endpoints target loopback, private, link-local and other
   * non-public addresses (KASIR_WEBHOOKS_ALLOW_PRIVATE=1). Off by default: such targets are refused.
   */
  allowPrivateWebhookTargets: boolean;
  /** KASIR_WEBHOOK_LEASE_MS: a claimed delivery's lease (tests shorten the wait after a crash). */
  webhookLeaseMs: number | undefined;
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    host: env.HOST ?? '127.0.0.1',
    port: int(env.PORT, 3000),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.KASIR_DATA_DIR || 'data'),
    dataDirIsDefault: !env.KASIR_DATA_DIR,
    logLevel: env.LOG_LEVEL ?? 'info',
    jwtSecret: env.KASIR_JWT_SECRET || undefined,
    seedDemo: env.KASIR_DEMO !== '0',
    rateLimit: {
      max: int(env.KASIR_RATE_LIMIT, 600),
      authMax: int(env.KASIR_AUTH_RATE_LIMIT, 30),
      windowMs: 60_000,
    },
    trustProxy: env.KASIR_TRUST_PROXY === '1',
    corsOrigins: env.KASIR_CORS_ORIGINS ? env.KASIR_CORS_ORIGINS.split(',').map((s) => s.trim()) : true,
    allowPrivateWebhookTargets: env.KASIR_WEBHOOKS_ALLOW_PRIVATE === '1',
    webhookLeaseMs: env.KASIR_WEBHOOK_LEASE_MS ? int(env.KASIR_WEBHOOK_LEASE_MS, 0) : undefined,
    encryptionKey: env.KASIR_ENCRYPTION_KEY || undefined,
    publicUrl: env.KASIR_PUBLIC_URL ? env.KASIR_PUBLIC_URL.replace(/\/+$/, '') : undefined,
  };
}
