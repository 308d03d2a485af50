import type { Tx } from '../../platform/db/db.ts';
import type { ServiceContext } from '../../platform/http/context.ts';
import type { OrderDto } from './order-record.ts';

/**
 * What other modules do inside an order's transaction, wired in `app.ts` (the kitchen tickets the
 * lines a send marked sent, so "sent" and "ticketed" commit together or not at all). Each hook
 * gets the order as it is after the change.
 */
export interface OrderHooks {
  /** Lines just marked sent (a send tickets only the lines not sent before). */
  linesSent?(tx: Tx, ctx: ServiceContext, order: OrderDto, lineIds: string[]): Promise<void>;
  /** A line voided after it was sent. */
  lineVoided?(tx: Tx, ctx: ServiceContext, order: OrderDto, lineId: string): Promise<void>;
  /** Every line of `from` moved to `into`; `from` is canceled. */
  ordersMerged?(tx: Tx, ctx: ServiceContext, from: OrderDto, into: OrderDto): Promise<void>;
}
