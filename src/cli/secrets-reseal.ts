// npm run secrets:reseal — after a key rotation, seals every stored gateway credential and webhook
// signing secret again with the current KASIR_ENCRYPTION_KEY (DATABASE_URL or the embedded
// database; stop the server first when it is embedded). Exits 1 while any secret stays unreadable.
import { resealGatewayCredentials } from '../modules/payments/index.ts';
import { resealSigningSecrets } from '../modules/webhooks/index.ts';
import { loadConfig } from '../platform/config/config.ts';
import { sealingKeys } from '../platform/crypto/secret-box.ts';
import { openDatabase } from '../platform/db/open.ts';

const config = loadConfig();
const opened = await openDatabase(config);
let unreadable: number;
try {
  const keys = sealingKeys({
    encryptionKey: opened.encryptionKey,
    previousEncryptionKey: config.encryptionKeyPrevious,
    jwtSecret: opened.jwtSecret,
  });
  const gateways = await resealGatewayCredentials(opened.db, keys);
  const webhooks = await resealSigningSecrets(opened.db, keys);
  unreadable = gateways.unreadable + webhooks.unreadable;
  console.log(`gateway credentials:     ${gateways.resealed} re-sealed, ${gateways.unreadable} unreadable`);
  console.log(`webhook signing secrets: ${webhooks.resealed} re-sealed, ${webhooks.unreadable} unreadable`);
  if (unreadable > 0) {
    console.log('Unreadable secrets were sealed with a key that is not configured: set them again.');
  } else if (config.encryptionKeyPrevious) {
    console.log('Every secret is sealed with the current key: KASIR_ENCRYPTION_KEY_PREVIOUS can go.');
  }
} finally {
  await opened.close();
}
process.exit(unreadable > 0 ? 1 : 0);
