import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../../platform/http/errors.ts';
import { serviceContext } from '../../platform/http/mutation.ts';
import { pageInMemory, PageQuery } from '../../platform/http/pagination.ts';
import { errorResponses, IdParams } from '../../platform/http/schemas.ts';
import { assertOutletAccess } from '../identity/index.ts';
import { checkLedger } from './ledger-check.ts';
import * as c from './ledger.contracts.ts';
import { entriesOfOrder, trialBalance } from './ledger.repo.ts';
import { ACCOUNTS, type Account } from './posting.ts';

const num = (v: string | number) => Number(v);

/** The books: trial balance, the tie-out check, and an order's entries. Read-only. */
export const ledgerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['ledger'];
  const config = { permission: 'reports:read' } as const;

  app.get(
    '/v1/ledger/trial-balance',
    {
      schema: {
        tags,
        operationId: 'getTrialBalance',
        description:
          'Debit and credit totals per account and currency for the entries posted in the period (all time without one), and whether they balance.',
        summary: 'Debits and credits per account for entries posted in [from, to)',
        querystring: c.OptionalPeriodQuery,
        response: { 200: c.TrialBalanceSchema, ...errorResponses },
      },
      config,
    },
    async (req) => {
      const ctx = serviceContext(req);
      const rows = await trialBalance(req.server.db, ctx.tenantId, req.query);
      const totals = new Map<string, { currency: string; debit: number; credit: number }>();
      const accounts = rows.map((r) => {
        const debit = num(r.debit);
        const credit = num(r.credit);
        const t = totals.get(r.currency) ?? { currency: r.currency, debit: 0, credit: 0 };
        t.debit += debit;
        t.credit += credit;
        totals.set(r.currency, t);
        return {
          currency: r.currency,
          account: r.account,
          type: ACCOUNTS[r.account as Account] ?? 'unknown',
          debit,
          credit,
          balance: debit - credit,
        };
      });
      return {
        from: req.query.from ?? null,
        to: req.query.to ?? null,
        accounts,
        totals: [...totals.values()],
        balanced: [...totals.values()].every((t) => t.debit === t.credit),
      };
    },
  );

  app.get(
    '/v1/ledger/check',
    {
      schema: {
        tags,
        operationId: 'checkLedger',
        description:
          "Proves the books: every entry balances, every order's sales, taxes, payments and refunds tie out to its ledger entries, and recorded fees match the postings. Lists what does not.",
        summary: 'Prove the books: every entry balances, every order ties out, fees match',
        response: { 200: c.LedgerCheckSchema, ...errorResponses },
      },
      config,
    },
    async (req) => checkLedger(req.server.db, serviceContext(req).tenantId),
  );

  app.get(
    '/v1/orders/:id/ledger',
    {
      schema: {
        tags,
        operationId: 'listOrderLedgerEntries',
        description: 'The double-entry postings of one order (sale, payments, refunds, fees), oldest first.',
        summary: "An order's ledger entries, oldest first",
        params: IdParams,
        querystring: PageQuery,
        response: { 200: c.LedgerEntryPage, ...errorResponses },
      },
      config,
    },
    async (req) => {
      const ctx = serviceContext(req);
      const order = await req.server.db
        .selectFrom('orders')
        .select('outlet_id')
        .where('tenant_id', '=', ctx.tenantId)
        .where('id', '=', req.params.id)
        .executeTakeFirst();
      if (!order) {
        throw notFound('orders', req.params.id);
      }
      assertOutletAccess(ctx, order.outlet_id);
      const entries = await entriesOfOrder(req.server.db, ctx.tenantId, req.params.id);
      const all = entries.map((e) => ({
        id: e.id,
        kind: e.kind,
        currency: e.currency,
        postedAt: e.posted_at.toISOString(),
        paymentId: e.payment_id,
        refundId: e.refund_id,
        memo: e.memo,
        lines: e.lines.map((l) => ({ account: l.account, debit: num(l.debit), credit: num(l.credit) })),
      }));
      return pageInMemory(all, req.query, (e) => e.id);
    },
  );
};
