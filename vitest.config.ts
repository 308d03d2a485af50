import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts', 'test/web/global-setup.ts'],
    pool: 'forks',
    // Vitest's default is one worker per core minus one: on a 2-core machine, one file at a time.
    // Much of a file's time is spent waiting (PostgreSQL, spawned servers, sockets), so two files
    // at a time use the machine better. `--maxWorkers=1` runs them one by one again.
    maxWorkers: 2,
    // Test files share their worker's module cache instead of importing the app (Fastify, Socket.IO,
    // Kysely, pg, …) again for every file: ~1 s less per file. Safe here: no test mocks modules or
    // changes globals, and every file builds its own app on its own database.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
