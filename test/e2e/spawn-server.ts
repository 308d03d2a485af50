import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';

/** A `src/server.ts` process started by a test. */
export interface ServerProcess {
  proc: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the real server process and waits until it says it is running. */
export async function startServer(env: Record<string, string>, port: number): Promise<ServerProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      KASIR_JWT_SECRET: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  // Generous: on a loaded 2-core CI machine, tsx compiling the server can take most of a minute.
  const deadline = Date.now() + 110_000;
  while (!out.includes('Kasir is running')) {
    if (Date.now() > deadline || proc.exitCode !== null || proc.signalCode !== null) {
      proc.kill('SIGKILL');
      throw new Error(`server did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    proc,
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill(signal);
      }
      return exited;
    },
  };
}

/** A JSON request on a connection of its own (no pooling across server restarts). */
export function request(
  base: string,
  method: string,
  p: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const u = new URL(p, base);
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method,
        agent: false,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Signs up a business through the API and adds one menu item; returns what orders need. */
export async function seedBusiness(base: string, label: string) {
  const email = `${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.${Date.now()}.${Math.random().toString(36).slice(2)}@e2e.kasir`;
  const signup = await request(base, 'POST', '/v1/signup', {
    businessName: label,
    currency: 'IDR',
    timezone: 'Asia/Jakarta',
    locale: 'id-ID',
    ownerName: 'Owner',
    email,
    password: 'e2e password 1',
  });
  if (signup.status !== 201) {
    throw new Error(`signup: ${signup.status} ${JSON.stringify(signup.body)}`);
  }
  const token = signup.body.accessToken as string;
  const outlet = await request(base, 'POST', '/v1/outlets', { name: 'Main' }, token);
  const item = await request(
    base,
    'POST',
    '/v1/catalog/items',
    { name: 'Kopi', variants: [{ name: 'R', price: 1_000_000 }] },
    token,
  );
  const order = {
    outletId: outlet.body.id as string,
    diningOption: 'takeaway',
    lines: [{ itemId: item.body.id as string, variantId: item.body.variants[0].id as string, quantity: 1 }],
  };
  return { token, email, tenantId: signup.body.tenant.id as string, order };
}
