// vitest global setup: the browser tests (test/web) need the built web apps. Builds them only
// when apps/dist is missing or older than its sources (a content hash), so most runs skip it.
import { buildApps } from '../../apps/build.ts';

export default async function setup(): Promise<void> {
  if (process.env.KASIR_SKIP_APPS_BUILD === '1') {
    return;
  }
  await buildApps({ quiet: true });
}
