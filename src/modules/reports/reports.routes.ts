import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { serviceContext } from '../../platform/http/mutation.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { reportPeriod } from './period.ts';
import { breakdownCsv, lossCsv, settlementsCsv, summaryCsv } from './report-csv.ts';
import * as c from './reports.contracts.ts';
import { checkReports } from './reports-check.ts';
import {
  BREAKDOWNS,
  breakdown,
  lossPrevention,
  salesSummary,
  settlements,
  type Breakdown,
} from './reports.service.ts';

const tags = ['reports'];
const config = { permission: 'reports:read' } as const;
const CSV_NOTE = ' `?format=csv` or `Accept: text/csv` streams it as CSV (money in major units).';

/** CSV when asked by `?format=csv`, or by an Accept header that prefers text/csv to JSON. */
function wantsCsv(req: FastifyRequest, format: 'json' | 'csv' | undefined): boolean {
  if (format) {
    return format === 'csv';
  }
  const accept = req.headers.accept ?? '';
  return accept.includes('text/csv') && !accept.includes('application/json');
}

function sendCsv(reply: FastifyReply, name: string, lines: Iterable<string>) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(Readable.from(lines));
}

const BREAKDOWN_TEXT: Record<Breakdown, [string, string]> = {
  items: ['Items', 'Sales, discounts, quantities and returns per item'],
  variants: ['Variants', 'Sales, discounts, quantities and returns per item variant'],
  categories: [
    'Categories',
    'Sales, discounts, quantities and returns per category (the item’s category when it was sold)',
  ],
  modifiers: ['Modifiers', 'Quantity and list-price amount of each modifier option sold'],
  employees: ['Employees', 'Sales by who rang them up, refunds by who made them, discounts given'],
  hours: ['Hours', 'Sales, refunds and takings by hour of the day (00–23, outlet time)'],
  weekdays: ['Weekdays', 'Sales, refunds and takings by day of the week (1 = Monday … 7 = Sunday)'],
  'dining-options': ['DiningOptions', 'Sales and returns by dining option (dine in, takeaway, delivery)'],
  'payment-methods': [
    'PaymentMethods',
    'Takings, tips, rounding and refunds per tender (cash, card, gateway channel)',
  ],
  taxes: ['Taxes', 'Taxable base and tax per tax rate, net of refunds'],
};

/** Reports over the rollups: sales summary, breakdowns, loss prevention, and the reconciliation check. */
export const reportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/reports/sales-summary',
    {
      schema: {
        tags,
        operationId: 'getSalesSummaryReport',
        summary: 'Sales summary per business day, with the previous period beside it',
        description:
          'Gross sales, discounts, returns, net sales, service charge, tax, tips, rounding, refunds and takings per tender, per business day in the outlet’s time zone, for one outlet or all the caller may see. The previous period of the same length is beside it.' +
          CSV_NOTE,
        querystring: c.ReportQuery,
        response: { 200: c.SalesSummarySchema, ...errorResponses },
      },
      config,
    },
    async (req, reply) => {
      const report = await salesSummary(req.server.db, serviceContext(req), req.query);
      return wantsCsv(req, req.query.format)
        ? sendCsv(reply, `sales-summary-${report.period.from}-${report.period.to}`, summaryCsv(report))
        : report;
    },
  );

  for (const kind of Object.keys(BREAKDOWNS) as Breakdown[]) {
    const [name, text] = BREAKDOWN_TEXT[kind];
    app.get(
      `/v1/reports/${kind}`,
      {
        schema: {
          tags,
          operationId: `get${name}Report`,
          summary: `${text}, with the previous period beside it`,
          description: `${text}, per business day range in the outlet’s time zone, with the previous period of the same length beside it.${CSV_NOTE}`,
          querystring: c.ReportQuery,
          response: { 200: c.BreakdownSchema, ...errorResponses },
        },
        config,
      },
      async (req, reply) => {
        const report = await breakdown(req.server.db, serviceContext(req), kind, req.query);
        return wantsCsv(req, req.query.format)
          ? sendCsv(reply, `${kind}-${report.period.from}-${report.period.to}`, breakdownCsv(report))
          : report;
      },
    );
  }

  app.get(
    '/v1/reports/loss-prevention',
    {
      schema: {
        tags,
        operationId: 'getLossPreventionReport',
        summary: 'Voids, cancellations, refunds, no-sale opens and discounts, with who approved',
        description:
          'Every void of a line sent to the kitchen, cancelled order, refund and no-sale drawer open in the period, with who did it and who approved it (from the audit log), totals beside the previous period, and discounts given per employee.' +
          CSV_NOTE,
        querystring: c.ReportQuery,
        response: { 200: c.LossPreventionSchema, ...errorResponses },
      },
      config,
    },
    async (req, reply) => {
      const report = await lossPrevention(req.server.db, serviceContext(req), req.query);
      return wantsCsv(req, req.query.format)
        ? sendCsv(reply, `loss-prevention-${report.period.from}-${report.period.to}`, lossCsv(report))
        : report;
    },
  );

  app.get(
    '/v1/reports/settlements',
    {
      schema: {
        tags,
        operationId: 'getSettlementsReport',
        summary: 'Settlements per business day and tender, with the previous period beside it',
        description:
          'Per business day in the outlet’s time zone (a DST day is one day) and per tender (cash, card, gateway): completed payments, tips, refunds paid back that day, platform and processing fees net of reversals, and what the business keeps. The previous period of the same length is beside it.' +
          CSV_NOTE,
        querystring: c.ReportQuery,
        response: { 200: c.SettlementsSchema, ...errorResponses },
      },
      config,
    },
    async (req, reply) => {
      const report = await settlements(req.server.db, serviceContext(req), req.query);
      return wantsCsv(req, req.query.format)
        ? sendCsv(reply, `settlements-${report.period.from}-${report.period.to}`, settlementsCsv(report))
        : report;
    },
  );

  app.get(
    '/v1/reports/check',
    {
      schema: {
        tags,
        operationId: 'checkReports',
        summary: 'Prove the reports: every day equals the ledger, every breakdown adds up',
        description:
          'For every outlet and business day (in the period, or all time), compares the reports’ day figures with the ledger entries posted that day and the orders completed that day, and each breakdown’s rows with the day. Lists what differs.',
        querystring: c.CheckQuery,
        response: { 200: c.ReportsCheckSchema, ...errorResponses },
      },
      config,
    },
    async (req) => {
      const q = req.query;
      const period = q.from || q.to ? reportPeriod(q.from ?? q.to!, q.to ?? q.from) : null;
      return checkReports(req.server.db, serviceContext(req).tenantId, period);
    },
  );
};
