import { AppError } from '../../../platform/http/errors.ts';

export interface PricingErrorDetails {
  /** Path of the offending input, e.g. `lines[2].quantity`. */
  field: string;
  /** Machine-readable reason, e.g. `negative`, `not_integer`, `unknown_tax_rate`, `too_large`. */
  reason: string;
  [extra: string]: unknown;
}

/**
 * Bad pricing input. An `AppError` with code `pricing.invalid`, so an unhandled one becomes a
 * 422 problem+json naming the field.
 */
export class PricingError extends AppError {
  declare readonly details: PricingErrorDetails;

  constructor(message: string, details: PricingErrorDetails) {
    super('pricing.invalid', message, details);
    this.name = 'PricingError';
  }
}
