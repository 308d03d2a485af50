/**
 * One error type for the whole server. Domain code throws `AppError(code, message, details)`;
 * the HTTP layer maps the code to a status with `statusForCode` and renders RFC 9457
 * problem+json. Domain modules never import Fastify.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** Error code → HTTP status. Exact codes first, then the suffix after the last dot. */
const EXACT: Record<string, number> = {
  'request.malformed_json': 400,
  'request.invalid': 400,
  'request.uri_too_long': 414,
  'request.body_too_large': 413,
  'request.unsupported_media_type': 415,
  'request.rate_limited': 429,
  'route.not_found': 404,
  'idempotency.key_reused': 422,
  'idempotency.key_invalid': 400,
  'auth.unauthenticated': 401,
  'auth.invalid_credentials': 401,
  'auth.token_expired': 401,
  'auth.token_invalid': 401,
  'auth.session_revoked': 401,
  'auth.refresh_reused': 401,
  'auth.locked': 429,
  'auth.forbidden': 403,
  'auth.outlet_forbidden': 403,
  'auth.approval_invalid': 403,
  'auth.tenant_required': 422,
  'auth.tenant_suspended': 403,
  'auth.pairing_code_invalid': 401,
  'auth.signup_closed': 403,
  // The gateway, not the request, failed: a bad gateway or a gateway timeout.
  'payments.gateway_error': 502,
  'payments.gateway_timeout': 504,
  'payments.gateway_rejected': 422,
  'payments.declined': 402,
  'payments.gateway_auth_failed': 409,
  'payments.webhook_signature_missing': 401,
  'payments.webhook_signature_invalid': 401,
  'payments.webhook_timestamp_stale': 400,
  'payments.webhook_malformed': 400,
  'payments.checkout_signature_invalid': 401,
  'payments.nothing_to_pay': 409,
  'payments.order_not_payable': 409,
  'payments.not_refundable': 409,
  'payments.gateway_not_configured': 409,
  'qr_orders.line_already_paid': 409,
  'payments.gateway_credentials_unreadable': 409,
  'drawer.session_already_open': 409,
  'drawer.session_closed': 409,
  'receipts.email_not_configured': 409,
  'receipts.email_failed': 502,
  'media.empty': 400,
  'media.too_large': 413,
  'media.unsupported_type': 415,
};

const BY_SUFFIX: Record<string, number> = {
  not_found: 404,
  already_exists: 409,
  conflict: 409,
  version_conflict: 409,
  sold_out: 409,
  not_editable: 409,
  invalid_transition: 409,
  line_sent: 409,
  unpaid: 409,
  invalid: 422,
  forbidden: 403,
  rate_limited: 429,
  limit_reached: 422,
};

export function statusForCode(code: string): number {
  const exact = EXACT[code];
  if (exact !== undefined) {
    return exact;
  }
  const suffix = code.slice(code.lastIndexOf('.') + 1);
  return BY_SUFFIX[suffix] ?? 422;
}

/** Shorthand for the most common domain error. */
export function notFound(entity: string, id?: string): AppError {
  return new AppError(`${entity}.not_found`, `${entity} not found`, id === undefined ? undefined : { id });
}

/** The RFC 9457 problem document we send (plus `code`, `requestId` and field `errors`). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
}

export function problemFor(code: string, detail: string, status = statusForCode(code)): Problem {
  return {
    type: `https://kasir.dev/problems/${code}`,
    title: code,
    status,
    code,
    detail,
  };
}
