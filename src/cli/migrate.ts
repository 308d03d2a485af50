// npm run db:migrate — applies pending migrations to DATABASE_URL or the embedded database.
import { loadConfig } from '../platform/config/config.ts';
import { openDatabase } from '../platform/db/open.ts';

const opened = await openDatabase(loadConfig());
console.log(`migrations applied: ${opened.description}`);
await opened.close();
