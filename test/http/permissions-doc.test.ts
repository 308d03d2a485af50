// docs/PERMISSIONS.md cannot rot: every live route is listed with its exact auth kind and
// permission, nothing listed is gone, and the built-in role matrix matches the code.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_ROLES, PERMISSIONS } from '../../src/modules/identity/permissions.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const DOC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/PERMISSIONS.md');

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** The cells of the markdown table rows that `isRow` accepts (separator rows excluded). */
function tableRows(text: string, isRow: (cells: string[]) => boolean): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    )
    .filter(isRow);
}

const unquote = (cell: string) => cell.replace(/^`(.*)`$/, '$1');
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

describe('docs/PERMISSIONS.md', () => {
  it('lists every route with its exact auth kind and permission, and no route that is gone', () => {
    const doc = tableRows(readFileSync(DOC, 'utf8'), (cells) => METHODS.has(cells[0] ?? '')).map(
      ([method, url, auth, permission]) =>
        `${method} ${unquote(url!)} auth=${auth} permission=${permission === '—' ? 'none' : unquote(permission!)}`,
    );
    const live = t.app
      .routeTable()
      .map((r) => `${r.method} ${r.url} auth=${r.auth} permission=${r.permission ?? 'none'}`);
    expect(live.length).toBeGreaterThan(100);
    const missing = live.filter((r) => !doc.includes(r));
    const stale = doc.filter((r) => !live.includes(r));
    expect({ missing, stale }, 'update docs/PERMISSIONS.md with the route change').toEqual({
      missing: [],
      stale: [],
    });
    expect(new Set(doc).size, 'a route is listed twice').toBe(doc.length);
  });

  it('every permission a route needs is in the catalogue', () => {
    const unknown = t.app
      .routeTable()
      .filter((r) => r.permission !== null && !Object.hasOwn(PERMISSIONS, r.permission));
    expect(unknown).toEqual([]);
  });

  it('the built-in role matrix matches src/modules/identity/permissions.ts', () => {
    const roles = Object.keys(BUILTIN_ROLES) as (keyof typeof BUILTIN_ROLES)[];
    const text = readFileSync(DOC, 'utf8');
    const header = tableRows(text, (cells) => cells[0] === 'Permission')[0];
    expect(header?.slice(2)).toEqual(roles);
    const doc = tableRows(text, (cells) => /^`[a-z_]+:[a-z_]+`$/.test(cells[0] ?? '')).map(
      ([permission, meaning, ...marks]) => ({
        permission: unquote(permission!),
        meaning,
        roles: roles.filter((_, i) => marks[i] === '✓'),
      }),
    );
    const code = Object.entries(PERMISSIONS).map(([permission, meaning]) => ({
      permission,
      meaning,
      roles: roles.filter((r) => (BUILTIN_ROLES[r].permissions as readonly string[]).includes(permission)),
    }));
    expect(doc).toEqual(code);
  });
});
