import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppDeps, type Services } from '../../src/app.ts';
import { createManualClock, systemClock, type Clock } from '../../src/platform/clock/clock.ts';
import { loadConfig, type Config } from '../../src/platform/config/config.ts';
import { createDb } from '../../src/platform/db/db.ts';
import { newId } from '../../src/platform/ids/ids.ts';
import { upsertPlatformAdmin } from '../../src/modules/identity/index.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

export { createManualClock };

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  services: Services;
  config: Config;
  close(): Promise<void>;
}

const jwtSecret = 'test-secret-test-secret-test-secret!';

/** A Fastify app on a fresh database of its own. Rate limits are high unless a test lowers them. */
export async function createTestApp(
  options: {
    clock?: Clock;
    config?: Partial<Config>;
    payments?: AppDeps['payments'];
    printing?: AppDeps['printing'];
    /** The reports projector (`{ projector: false }`: rollups are written only when a report is read). */
    reports?: AppDeps['reports'];
    /** DNS answers for the outbound-address policy (private addresses: `config.outboundAllowPrivate`). */
    outbound?: AppDeps['outbound'];
    /** Logger options (default: no logging); see `captureLogs`. */
    logger?: AppDeps['logger'];
    /** QR ordering's rate limits. */
    qr?: AppDeps['qr'];
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const base = loadConfig({});
  const config: Config = {
    ...base,
    rateLimit: { max: 1_000_000, authMax: 1_000_000, windowMs: 60_000 },
    ...options.config,
  };
  const clock = options.clock ?? systemClock;
  const app = await buildApp({
    db: database.db,
    databaseUrl: database.url,
    config,
    jwtSecret,
    clock,
    // TEST_LOG=1: the server's errors (a 500's cause) on stderr.
    logger: options.logger ?? (process.env.TEST_LOG ? { level: 'error' } : false),
    ...(options.payments ? { payments: options.payments } : {}),
    ...(options.printing ? { printing: options.printing } : {}),
    ...(options.reports ? { reports: options.reports } : {}),
    ...(options.outbound ? { outbound: options.outbound } : {}),
    ...(options.qr ? { qr: options.qr } : {}),
  });
  await app.ready();
  return {
    app,
    database,
    config,
    services: app.services,
    close: async () => {
      await app.close();
      await database.destroy();
    },
  };
}

/**
 * Another node of the same installation: a second app (its own pool, LISTEN connections and
 * caches) on `t`'s database, with the same secret, so a token from one node works on the other.
 */
export async function createSecondNode(
  t: TestApp,
): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const db = createDb({ connectionString: t.database.url, max: 5 });
  const app = await buildApp({
    db,
    databaseUrl: t.database.url,
    config: t.config,
    jwtSecret,
    logger: false,
  });
  await app.ready();
  return {
    app,
    close: async () => {
      await app.close();
      await db.destroy();
    },
  };
}

/**
 * A logger that keeps the server's warnings and errors in memory, so a test can assert that none
 * was logged (a database rejecting a value that passed validation logs an error, not a 5xx).
 */
export function captureLogs(): { logger: AppDeps['logger']; errors(): Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  // Fastify's logger options take a destination stream: pino writes one JSON line per entry.
  const options = {
    level: 'warn',
    stream: {
      write(line: string) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  };
  return {
    logger: options,
    errors: () => lines.filter((l) => typeof l.level === 'number' && l.level >= 50),
  };
}

export interface TenantFixture {
  tenantId: string;
  ownerToken: string;
  ownerUserId: string;
  ownerMembershipId: string;
  email: string;
  password: string;
  outletId: string;
  registerId: string;
}

let counter = 0;
/** Unique email for a test user. */
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}.${process.pid}.${counter}.${newId().slice(-8)}@test.kasir`;
}

type Json = Record<string, unknown> | unknown[] | undefined;

/** A small JSON client over `inject`. */
export function client(app: FastifyInstance) {
  async function call(
    method: string,
    url: string,
    opts: { token?: string; body?: Json; headers?: Record<string, string> } = {},
  ) {
    const res: LightMyRequestResponse = await app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      ...(opts.body !== undefined ? { payload: JSON.stringify(opts.body) } : {}),
    });
    let body: any;
    try {
      body = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      body = res.body;
    }
    return { status: res.statusCode, body, headers: res.headers };
  }
  return {
    call,
    get: (url: string, token?: string, headers?: Record<string, string>) =>
      call('GET', url, { ...(token ? { token } : {}), ...(headers ? { headers } : {}) }),
    post: (url: string, body: Json, token?: string, headers?: Record<string, string>) =>
      call('POST', url, { body, ...(token ? { token } : {}), ...(headers ? { headers } : {}) }),
    patch: (url: string, body: Json, token?: string, headers?: Record<string, string>) =>
      call('PATCH', url, { body, ...(token ? { token } : {}), ...(headers ? { headers } : {}) }),
    delete: (url: string, token?: string) => call('DELETE', url, { ...(token ? { token } : {}) }),
  };
}
export type Client = ReturnType<typeof client>;

/** Signs up a business through the API and gives it one outlet with one register. */
export async function createTenant(app: FastifyInstance, name = 'Test Café'): Promise<TenantFixture> {
  const api = client(app);
  const email = uniqueEmail('owner');
  const password = 'correct horse battery';
  const signup = await api.post('/v1/signup', {
    businessName: name,
    currency: 'IDR',
    timezone: 'Asia/Jakarta',
    locale: 'id-ID',
    ownerName: 'Owner',
    email,
    password,
  });
  if (signup.status !== 201) {
    throw new Error(`signup failed: ${signup.status} ${JSON.stringify(signup.body)}`);
  }
  const token = signup.body.accessToken as string;
  const outlet = await api.post('/v1/outlets', { name: 'Main' }, token);
  const register = await api.post('/v1/registers', { outletId: outlet.body.id, name: 'Kasir 1' }, token);
  return {
    tenantId: signup.body.tenant.id,
    ownerToken: token,
    ownerUserId: signup.body.userId,
    ownerMembershipId: signup.body.membershipId,
    email,
    password,
    outletId: outlet.body.id,
    registerId: register.body.id,
  };
}

/** Adds a staff member with a built-in role through the API and logs them in. */
export async function addStaff(
  app: FastifyInstance,
  t: TenantFixture,
  role: string,
  extra: { outletIds?: string[] | null; pin?: string } = {},
): Promise<{ membershipId: string; userId: string; token: string; email: string; password: string }> {
  const api = client(app);
  const roles = await api.get('/v1/roles', t.ownerToken);
  const roleId = (roles.body.items as { id: string; key: string }[]).find((r) => r.key === role)?.id;
  const email = uniqueEmail(role);
  const password = 'staff password 1';
  const res = await api.post(
    '/v1/staff',
    { email, name: `${role} ${counter}`, password, roleId, ...extra },
    t.ownerToken,
  );
  if (res.status !== 201) {
    throw new Error(`add staff failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const login = await api.post('/v1/auth/login', { email, password });
  return {
    membershipId: res.body.id,
    userId: res.body.userId,
    token: login.body.accessToken,
    email,
    password,
  };
}

/** Pairs a device with the fixture's register and returns its token. */
export async function pairDevice(
  app: FastifyInstance,
  t: TenantFixture,
  registerId = t.registerId,
): Promise<string> {
  const api = client(app);
  const code = await api.post(`/v1/registers/${registerId}/pairing-codes`, {}, t.ownerToken);
  const paired = await api.post('/v1/devices/pair', { code: code.body.code, name: 'Tablet' });
  if (paired.status !== 201) {
    throw new Error(`pairing failed: ${paired.status} ${JSON.stringify(paired.body)}`);
  }
  return paired.body.deviceToken as string;
}

/** Creates a platform admin the way `npm run platform:admin` does (there is no HTTP route for it). */
export async function createPlatformAdmin(
  app: FastifyInstance,
): Promise<{ email: string; password: string; token: string }> {
  const email = uniqueEmail('platform');
  const password = 'platform password';
  await upsertPlatformAdmin(app.db, { email, password }, new Date());
  const login = await client(app).post('/v1/auth/login', { email, password });
  return { email, password, token: login.body.accessToken };
}
