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
   * Development only: let webhook targets and payment gateway base URLs reach loopback, private,
   * link-local and other non-public addresses (KASIR_OUTBOUND_ALLOW_PRIVATE=1; the old name
   * KASIR_WEBHOOKS_ALLOW_PRIVATE=1 still works). Off by default: such addresses are refused.
   */
  outboundAllowPrivate: boolean;
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
    seedDemo: env.KASIR_DEMO !== '0',
    rateLimit: {
      max: int(env.KASIR_RATE_LIMIT, 600),
      authMax: int(env.KASIR_AUTH_RATE_LIMIT, 30),
      windowMs: 60_000,
    },
    trustProxy: env.KASIR_TRUST_PROXY === '1',
    corsOrigins: env.KASIR_CORS_ORIGINS ? env.KASIR_CORS_ORIGINS.split(',').map((s) => s.trim()) : true,
    outboundAllowPrivate:
      env.KASIR_OUTBOUND_ALLOW_PRIVATE === '1' || env.KASIR_WEBHOOKS_ALLOW_PRIVATE === '1',
    encryptionKey: env.KASIR_ENCRYPTION_KEY || undefined,
    encryptionKeyPrevious: env.KASIR_ENCRYPTION_KEY_PREVIOUS || undefined,
    publicUrl: env.KASIR_PUBLIC_URL ? env.KASIR_PUBLIC_URL.replace(/\/+$/, '') : undefined,
  };
}
