import {
  createSecretBox as createBox,
  SecretUnreadableError,
  type SealingKeys,
} from '../../platform/crypto/secret-box.ts';
import { randomSecret } from '../../platform/crypto/secrets.ts';
import type { Db } from '../../platform/db/db.ts';

export { SecretUnreadableError };

/** A new endpoint signing secret: `whsec_` + 32 random bytes. Receivers use the whole string as the HMAC key. */
export function newSigningSecret(): string {
  return `whsec_${randomSecret(32)}`;
}

/** Seals endpoint signing secrets, each bound to its tenant and endpoint (see platform/crypto/secret-box). */
export function createSecretBox(keys: string | SealingKeys) {
  const box = createBox(keys, 'kasir webhook signing secrets v1');
  return {
    seal: (plaintext: string, tenantId: string, endpointId: string) =>
      box.seal(plaintext, tenantId, endpointId),
    open: (sealed: string, tenantId: string, endpointId: string) => box.open(sealed, tenantId, endpointId),
    reseal: (sealed: string, tenantId: string, endpointId: string) =>
      box.reseal(sealed, tenantId, endpointId),
  };
}
export type SecretBox = ReturnType<typeof createSecretBox>;

/**
 * Seals every endpoint's signing secrets (current and previous) again with the current key, after
 * a key rotation (`npm run secrets:reseal`). A row is updated only if its sealed values are still
 * the ones read, so a concurrent rotation wins. Secrets no known key opens are counted, not changed.
 */
export async function resealSigningSecrets(
  db: Db,
  keys: SealingKeys,
): Promise<{ resealed: number; unreadable: number }> {
  const box = createSecretBox(keys);
  const rows = await db
    .selectFrom('webhook_endpoints')
    .select(['tenant_id', 'id', 'secret_ciphertext', 'previous_secret_ciphertext'])
    .execute();
  let resealed = 0;
  let unreadable = 0;
  for (const row of rows) {
    try {
      const secret = box.reseal(row.secret_ciphertext, row.tenant_id, row.id);
      const previous = row.previous_secret_ciphertext
        ? box.reseal(row.previous_secret_ciphertext, row.tenant_id, row.id)
        : null;
      if (secret === null && previous === null) {
        continue;
      }
      let update = db
        .updateTable('webhook_endpoints')
        .set({
          secret_ciphertext: secret ?? row.secret_ciphertext,
          previous_secret_ciphertext: previous ?? row.previous_secret_ciphertext,
        })
        .where('tenant_id', '=', row.tenant_id)
        .where('id', '=', row.id)
        .where('secret_ciphertext', '=', row.secret_ciphertext);
      update = row.previous_secret_ciphertext
        ? update.where('previous_secret_ciphertext', '=', row.previous_secret_ciphertext)
        : update.where('previous_secret_ciphertext', 'is', null);
      const r = await update.executeTakeFirst();
      resealed += Number(r.numUpdatedRows);
    } catch (err) {
      if (!(err instanceof SecretUnreadableError)) {
        throw err;
      }
      unreadable += 1;
    }
  }
  return { resealed, unreadable };
}
