import type { Clock } from '../../platform/clock/clock.ts';
import {
  createSecretBox,
  SecretUnreadableError,
  type SealingKeys,
} from '../../platform/crypto/secret-box.ts';
import type { Db, Executor, Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { OutboundRefusedError, type Outbound } from '../../platform/net/outbound.ts';
import type { GatewayCredentials, GatewayName, GatewayRegistry } from './gateways/index.ts';

export interface GatewayAccountInput {
  /** Default: the gateway's own API host (`defaultBaseUrl`). */
  baseUrl?: string | undefined;
  secretKey: string;
  keyId?: string;
  webhookSecret?: string;
  enabled?: boolean;
}

interface SealedSecrets {
  secretKey: string;
  webhookSecret?: string;
}

/** What a gateway needs beyond the secret key, by gateway. */
const NEEDS: Record<GatewayName, { keyId: boolean; webhookSecret: boolean }> = {
  stripe: { keyId: false, webhookSecret: true },
  midtrans: { keyId: false, webhookSecret: false },
  razorpay: { keyId: true, webhookSecret: true },
  xendit: { keyId: false, webhookSecret: true },
};

/**
 * The gateway's real API host, for an account configured without `baseUrl`. Midtrans keeps its
 * sandbox on another host; its sandbox server keys start with `SB-`.
 */
export function defaultBaseUrl(gateway: GatewayName, secretKey: string): string {
  switch (gateway) {
    case 'stripe':
      return 'https://api.stripe.com';
    case 'midtrans':
      return secretKey.startsWith('SB-') ? 'https://api.sandbox.midtrans.com' : 'https://api.midtrans.com';
    case 'razorpay':
      return 'https://api.razorpay.com';
    case 'xendit':
      return 'https://api.xendit.co';
  }
}

const CREDENTIALS_PURPOSE = 'kasir payment gateway credentials v1';

/**
 * Tenants' gateway accounts. Secrets are sealed with the encryption key (`KASIR_ENCRYPTION_KEY`)
 * and bound to (tenant, gateway); the API returns only what is public. A base URL must pass the
 * outbound-address policy (public addresses only) when it is set and again at every call.
 */
export function createGatewayAccounts(deps: {
  clock: Clock;
  sealingKeys: SealingKeys;
  outbound: Outbound;
  gateways: GatewayRegistry;
}) {
  const box = createSecretBox(deps.sealingKeys, CREDENTIALS_PURPOSE);

  function dto(row: {
    gateway: string;
    base_url: string;
    key_id: string | null;
    enabled: boolean;
    updated_at: Date;
  }) {
    return {
      gateway: row.gateway as GatewayName,
      baseUrl: row.base_url,
      keyId: row.key_id,
      enabled: row.enabled,
      channels: [...deps.gateways[row.gateway as GatewayName].channels],
      updatedAt: row.updated_at.toISOString(),
    };
  }

  /** Shape (absolute http(s), no credentials or fragment), then the address policy. */
  async function checkedBaseUrl(raw: string): Promise<URL> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new AppError('payments.gateway_invalid', 'baseUrl must be an absolute URL.', {
        field: 'baseUrl',
      });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new AppError('payments.gateway_invalid', 'baseUrl must be http(s).', { field: 'baseUrl' });
    }
    if (url.username || url.password || url.hash) {
      throw new AppError('payments.gateway_invalid', 'baseUrl must have no credentials or fragment.', {
        field: 'baseUrl',
      });
    }
    try {
      await deps.outbound.check(url);
    } catch (err) {
      if (!(err instanceof OutboundRefusedError)) {
        throw err;
      }
      throw err.reason === 'forbidden'
        ? new AppError('payments.gateway_url_forbidden', `baseUrl refused: ${err.message}.`, {
            field: 'baseUrl',
            range: err.range,
          })
        : new AppError('payments.gateway_url_unresolvable', `baseUrl refused: ${err.message}.`, {
            field: 'baseUrl',
          });
    }
    return url;
  }

  async function store(tx: Tx, tenantId: string, gateway: GatewayName, input: GatewayAccountInput) {
    const need = NEEDS[gateway];
    if (need.keyId && !input.keyId) {
      throw new AppError('payments.gateway_invalid', `${gateway} needs keyId.`, { field: 'keyId' });
    }
    if (need.webhookSecret && !input.webhookSecret) {
      throw new AppError('payments.gateway_invalid', `${gateway} needs webhookSecret.`, {
        field: 'webhookSecret',
      });
    }
    // The gateway's own host is ours to vouch for (no DNS needed now); it is checked at each call.
    const url = input.baseUrl
      ? await checkedBaseUrl(input.baseUrl)
      : new URL(defaultBaseUrl(gateway, input.secretKey));
    const secrets: SealedSecrets = { secretKey: input.secretKey, webhookSecret: input.webhookSecret };
    const values = {
      base_url: url.toString().replace(/\/+$/, ''),
      key_id: input.keyId ?? null,
      secrets_sealed: box.seal(JSON.stringify(secrets), tenantId, gateway),
      enabled: input.enabled ?? true,
      updated_at: deps.clock.now(),
    };
    const row = await tx
      .insertInto('payment_gateway_accounts')
      .values({ tenant_id: tenantId, gateway, ...values })
      .onConflict((oc) => oc.columns(['tenant_id', 'gateway']).doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    return dto(row);
  }

  return {
    /** Creates or replaces the tenant's account at a gateway. */
    async put(tx: Tx, ctx: ServiceContext, gateway: GatewayName, input: GatewayAccountInput) {
      const row = await store(tx, ctx.tenantId, gateway, input);
      ctx.audit({
        action: 'payment_gateway.configured',
        targetType: 'payment_gateway',
        targetId: gateway,
        after: { baseUrl: row.baseUrl, keyId: row.keyId, enabled: row.enabled },
      });
      return row;
    },

    /** The same without a caller (the demo wiring its simulators at start-up). */
    store,

    async list(db: Executor, ctx: ServiceContext) {
      const rows = await db
        .selectFrom('payment_gateway_accounts')
        .selectAll()
        .where('tenant_id', '=', ctx.tenantId)
        .orderBy('gateway')
        .execute();
      return rows.map(dto);
    },

    async remove(tx: Tx, ctx: ServiceContext, gateway: GatewayName): Promise<void> {
      const r = await tx
        .deleteFrom('payment_gateway_accounts')
        .where('tenant_id', '=', ctx.tenantId)
        .where('gateway', '=', gateway)
        .executeTakeFirst();
      if (r.numDeletedRows !== 1n) {
        throw new AppError('payment_gateways.not_found', `No ${gateway} account is configured.`);
      }
      ctx.audit({ action: 'payment_gateway.removed', targetType: 'payment_gateway', targetId: gateway });
    },

    /** Decrypted credentials for a call, or null when the tenant has no (enabled) account. */
    async credentials(
      db: Executor,
      tenantId: string,
      gateway: GatewayName,
      opts: { includeDisabled?: boolean } = {},
    ): Promise<GatewayCredentials | null> {
      const row = await db
        .selectFrom('payment_gateway_accounts')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('gateway', '=', gateway)
        .executeTakeFirst();
      if (!row || (!row.enabled && !opts.includeDisabled)) {
        return null;
      }
      let secrets: SealedSecrets;
      try {
        secrets = JSON.parse(box.open(row.secrets_sealed, tenantId, gateway)) as SealedSecrets;
      } catch (err) {
        if (err instanceof SecretUnreadableError) {
          throw new AppError(
            'payments.gateway_credentials_unreadable',
            `The ${gateway} credentials cannot be read (${err.message}).`,
          );
        }
        throw err;
      }
      return {
        baseUrl: row.base_url,
        secretKey: secrets.secretKey,
        ...(row.key_id ? { keyId: row.key_id } : {}),
        ...(secrets.webhookSecret ? { webhookSecret: secrets.webhookSecret } : {}),
      };
    },
  };
}
export type GatewayAccounts = ReturnType<typeof createGatewayAccounts>;

/**
 * Seals every gateway account's credentials again with the current key, after a key rotation
 * (`npm run secrets:reseal`). A row is updated only if its sealed value is still the one read.
 * Credentials no known key opens are counted, not changed.
 */
export async function resealGatewayCredentials(
  db: Db,
  keys: SealingKeys,
): Promise<{ resealed: number; unreadable: number }> {
  const box = createSecretBox(keys, CREDENTIALS_PURPOSE);
  const rows = await db
    .selectFrom('payment_gateway_accounts')
    .select(['tenant_id', 'gateway', 'secrets_sealed'])
    .execute();
  let resealed = 0;
  let unreadable = 0;
  for (const row of rows) {
    let sealed: string | null;
    try {
      sealed = box.reseal(row.secrets_sealed, row.tenant_id, row.gateway);
    } catch (err) {
      if (!(err instanceof SecretUnreadableError)) {
        throw err;
      }
      unreadable += 1;
      continue;
    }
    if (sealed !== null) {
      const r = await db
        .updateTable('payment_gateway_accounts')
        .set({ secrets_sealed: sealed })
        .where('tenant_id', '=', row.tenant_id)
        .where('gateway', '=', row.gateway)
        .where('secrets_sealed', '=', row.secrets_sealed)
        .executeTakeFirst();
      resealed += Number(r.numUpdatedRows);
    }
  }
  return { resealed, unreadable };
}
