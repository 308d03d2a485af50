/**
 * Who did something, everywhere it is recorded: one type and one stored reference, `<kind>:<id>`
 * (orders, payments, refunds, approvals, fee schedules, the event log's `actor`; the audit log
 * keeps the same two parts in `actor_type` and `actor_id`). A person is their user id — the same
 * person in every business — never a membership id. A customer ordering by QR is
 * `customer:<tableId>` (anonymous: the table they sat at).
 */
export type ActorKind = 'user' | 'api_key' | 'device' | 'platform' | 'system' | 'customer';

export interface Actor {
  kind: ActorKind;
  id: string;
}

/** The stored reference of an actor: `user:<userId>`, `api_key:<id>`, `device:<id>`, … */
export function actorRef(a: Actor): string {
  return `${a.kind}:${a.id}`;
}

/** The actor a stored reference names (null when it is not one). */
export function parseActorRef(ref: string): Actor | null {
  const at = ref.indexOf(':');
  const kind = ref.slice(0, at);
  const kinds: readonly string[] = ['user', 'api_key', 'device', 'platform', 'system', 'customer'];
  return at > 0 && kinds.includes(kind) ? { kind: kind as ActorKind, id: ref.slice(at + 1) } : null;
}
