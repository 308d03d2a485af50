import type { TenantPrincipal } from '../http/context.ts';
import { SYSTEM_TOPIC, type EventInput, type StoredEvent } from './events.ts';

/**
 * What a credential event is about. `session`: one sign-in (logout, refresh-token reuse);
 * `api_key`; `device`: a paired device and the PIN sessions opened on it; `membership`: a staff
 * member in this tenant; `role`: everyone holding a custom role; `tenant`: every credential.
 */
export type CredentialTarget =
  | { kind: 'session' | 'api_key' | 'device' | 'membership'; id: string }
  | { kind: 'role'; key: string }
  | { kind: 'tenant' };

/** Why a realtime session ended; sent to the client in `session_ended`. */
export type SessionEndReason =
  | 'logout'
  | 'session_revoked'
  | 'api_key_revoked'
  | 'device_revoked'
  | 'membership_disabled'
  | 'tenant_suspended'
  | 'access_changed'
  | 'token_expired';

/** The payload of `credential.revoked` and `access.changed` (topic `system`, never delivered). */
export interface CredentialEventPayload {
  target: CredentialTarget;
  reason: SessionEndReason;
}

export const CREDENTIAL_REVOKED = 'credential.revoked';
export const ACCESS_CHANGED = 'access.changed';

/**
 * The event a revoking transaction records: every node's realtime dispatcher reads it from the
 * tenant's log, in order, and ends the sockets opened with that credential.
 */
export function credentialRevoked(target: CredentialTarget, reason: SessionEndReason): EventInput {
  const payload: CredentialEventPayload = { target, reason };
  return { type: CREDENTIAL_REVOKED, topic: SYSTEM_TOPIC, payload: { ...payload } };
}

/**
 * The event a change of role, permissions or outlets records: sockets opened by those credentials
 * end (`access_changed`) and the client reconnects with what it may see now.
 */
export function accessChanged(target: CredentialTarget): EventInput {
  const payload: CredentialEventPayload = { target, reason: 'access_changed' };
  return { type: ACCESS_CHANGED, topic: SYSTEM_TOPIC, payload: { ...payload } };
}

/** The credential event in a stored event, or null when it is not one. */
export function readCredentialEvent(e: StoredEvent): CredentialEventPayload | null {
  if (e.topic !== SYSTEM_TOPIC || (e.type !== CREDENTIAL_REVOKED && e.type !== ACCESS_CHANGED)) {
    return null;
  }
  return e.payload as CredentialEventPayload;
}

/** True when `p` was opened with (or through) the credential `target` names. */
export function isAffected(p: TenantPrincipal, target: CredentialTarget): boolean {
  switch (target.kind) {
    case 'tenant':
      return true;
    case 'session':
      return p.kind === 'user' && p.sessionId === target.id;
    case 'api_key':
      return p.kind === 'api_key' && p.apiKeyId === target.id;
    case 'device':
      // A device's own token, and staff PIN sessions opened on it.
      return (p.kind === 'device' || p.kind === 'user') && p.deviceId === target.id;
    case 'membership':
      return p.kind === 'user' && p.membershipId === target.id;
    case 'role':
      return p.kind === 'user' && p.roleKey === target.key;
  }
}
