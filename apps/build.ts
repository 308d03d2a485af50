// npm run apps:build — builds the web apps (Vite) into apps/dist.
// npm run apps:build -- --if-stale — only when apps/dist is missing or older than its sources
// (a hash of every input file, stored next to the build). `npm start` and the test setup run this,
// so a fresh clone serves built apps after `npm ci && npm start` with no extra step.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'apps/dist');
const stamp = path.join(dist, '.source-hash');

/** Everything the bundle is made of: the apps, the server modules they import, the client, the config. */
const INPUTS = [
  'apps',
  'packages/client',
  'src/modules/orders',
  'src/platform/money',
  'src/platform/http/errors.ts',
  'vite.config.ts',
  'package-lock.json',
];

function files(p: string): string[] {
  const abs = path.join(root, p);
  if (!existsSync(abs)) {
    return [];
  }
  if (statSync(abs).isFile()) {
    return [p];
  }
  return readdirSync(abs, { withFileTypes: true })
    .filter((e) => !(p === 'apps' && e.name === 'dist') && e.name !== 'node_modules')
    .flatMap((e) => files(path.join(p, e.name)))
    .sort();
}

export function sourceHash(): string {
  const h = createHash('sha256');
  for (const f of INPUTS.flatMap(files)) {
    h.update(f)
      .update('\0')
      .update(readFileSync(path.join(root, f)))
      .update('\0');
  }
  return h.digest('hex');
}

export function isStale(): boolean {
  return !existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== sourceHash();
}

/** Builds the apps unless the build is current (or always, with force). Returns whether it built. */
export async function buildApps({ force = false, quiet = false } = {}): Promise<boolean> {
  if (!force && !isStale()) {
    return false;
  }
  const started = Date.now();
  const { build } = await import('vite');
  // Vite follows NODE_ENV when it is set: under vitest (NODE_ENV=test) it would bundle React's
  // development build. The served apps are always the production build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(root, 'vite.config.ts'),
      mode: 'production',
      logLevel: quiet ? 'warn' : 'info',
    });
  } finally {
    if (nodeEnv === undefined) {
      delete process.env.NODE_ENV;
    } else {
      process.env.NODE_ENV = nodeEnv;
    }
  }
  writeFileSync(stamp, sourceHash());
  if (!quiet) {
    console.log(`web apps built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  const built = await buildApps({ force: !ifStale });
  if (!built) {
    console.log('web apps are up to date (apps/dist)');
  }
}
