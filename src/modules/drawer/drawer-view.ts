import type { Denomination } from './drawer-rules.ts';
import type { SessionRow } from './drawer.repo.ts';

const num = (v: string | number) => Number(v);
const numOrNull = (v: string | number | null) => (v === null ? null : Number(v));

/** A drawer session as the API shows it. Expected cash and variance appear once it is closed. */
export interface SessionDto {
  id: string;
  outletId: string;
  registerId: string;
  status: 'open' | 'closed';
  currency: string;
  openingFloat: number;
  openingDenominations: Denomination[] | null;
  openedBy: string;
  openedAt: string;
  closedBy: string | null;
  closedAt: string | null;
  expectedCash: number | null;
  countedCash: number | null;
  countedDenominations: Denomination[] | null;
  variance: number | null;
  varianceReason: string | null;
  varianceApprovedBy: string | null;
  zNumber: number | null;
}

export function sessionDto(s: SessionRow): SessionDto {
  return {
    id: s.id,
    outletId: s.outlet_id,
    registerId: s.register_id,
    status: s.status as SessionDto['status'],
    currency: s.currency,
    openingFloat: num(s.opening_float),
    openingDenominations: (s.opening_denominations as Denomination[] | null) ?? null,
    openedBy: s.opened_by,
    openedAt: s.opened_at.toISOString(),
    closedBy: s.closed_by,
    closedAt: s.closed_at?.toISOString() ?? null,
    expectedCash: numOrNull(s.expected_cash),
    countedCash: numOrNull(s.counted_cash),
    countedDenominations: (s.counted_denominations as Denomination[] | null) ?? null,
    variance: numOrNull(s.variance),
    varianceReason: s.variance_reason,
    varianceApprovedBy: s.variance_approved_by,
    zNumber: s.z_number,
  };
}
