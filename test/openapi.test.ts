import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createTestApp, type TestApp } from '../src/platform/testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and every operation documents a success response schema and problem errors', async () => {
    const doc = (await client(t.app).get('/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    const missing: string[] = [];
    let operations = 0;
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        operations += 1;
        const success = Object.entries<any>(op.responses ?? {}).find(([code]) => /^2/.test(code));
        const hasSchema =
          success && (success[0] === '204' || success[1].content?.['application/json']?.schema);
        if (!hasSchema) {
          missing.push(`${method.toUpperCase()} ${path}: success schema`);
        }
        if (!op.responses?.['4XX']) {
          missing.push(`${method.toUpperCase()} ${path}: 4XX problem`);
        }
      }
    }
    expect(operations).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });

  it('serves the docs page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});
