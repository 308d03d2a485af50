import { createSecretBox as createBox, SecretUnreadableError } from '../../platform/crypto/secret-box.ts';
import { randomSecret } from '../../platform/crypto/secrets.ts';

export { SecretUnreadableError };

/** A new endpoint signing secret: `whsec_` + 32 random bytes. Receivers use the whole string as the HMAC key. */
export function newSigningSecret(): string {
  return `whsec_${randomSecret(32)}`;
}

/** Seals endpoint signing secrets, each bound to its tenant and endpoint (see platform/crypto/secret-box). */
export function createSecretBox(serverSecret: string) {
  const box = createBox(serverSecret, 'kasir webhook signing secrets v1');
  return {
    seal: (plaintext: string, tenantId: string, endpointId: string) =>
      box.seal(plaintext, tenantId, endpointId),
    open: (sealed: string, tenantId: string, endpointId: string) => box.open(sealed, tenantId, endpointId),
  };
}
export type SecretBox = ReturnType<typeof createSecretBox>;
