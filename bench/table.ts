// The result tables, as aligned text for the terminal and as Markdown tables for the docs.

/** A row of the HTTP table. */
export interface Row {
  scenario: string;
  connections: number;
  /** Operations per second (requests, or e.g. checkouts), in `unit`. */
  perSecond: number;
  /** "req/s", "checkouts/s". */
  unit: string;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

/** A row of the realtime table. NaN prints as "–" (not applicable). */
export interface RealtimeRow {
  scenario: string;
  server: string;
  sockets: number;
  rooms: number;
  targetEventsPerSecond: number;
  eventsPerSecond: number;
  messagesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /**
   * Counted from the producer's COMMIT returning instead of from just before BEGIN (Kasir): the
   * start point that corresponds to bare Socket.IO's emit (for bare, the same as p50/p99).
   */
  p50FromCommitMs: number;
  p99FromCommitMs: number;
  lost: number;
  rssKiBPerConnection: number;
  heapKiBPerConnection: number;
}

export interface Column<R> {
  header: string;
  align: 'left' | 'right';
  cell(row: R): string;
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** Three significant figures or so: 0.84, 12.3, 456. */
function sig(value: number): string {
  return fixed(value, Math.abs(value) < 10 ? 2 : Math.abs(value) < 100 ? 1 : 0);
}

/** A rate: one decimal below 100. */
function rate(value: number): string {
  return fixed(value, value < 100 ? 1 : 0);
}

export const HTTP_COLUMNS: readonly Column<Row>[] = [
  { header: 'scenario', align: 'left', cell: (r) => r.scenario },
  { header: 'connections', align: 'right', cell: (r) => String(r.connections) },
  { header: 'throughput', align: 'right', cell: (r) => `${rate(r.perSecond)} ${r.unit}` },
  { header: 'p50 ms', align: 'right', cell: (r) => sig(r.p50Ms) },
  { header: 'p99 ms', align: 'right', cell: (r) => sig(r.p99Ms) },
  { header: 'non-2xx', align: 'right', cell: (r) => String(r.non2xx) },
  { header: 'errors', align: 'right', cell: (r) => String(r.errors) },
];

export const REALTIME_COLUMNS: readonly Column<RealtimeRow>[] = [
  { header: 'scenario', align: 'left', cell: (r) => r.scenario },
  { header: 'server', align: 'left', cell: (r) => r.server },
  { header: 'sockets', align: 'right', cell: (r) => String(r.sockets) },
  { header: 'rooms', align: 'right', cell: (r) => String(r.rooms) },
  { header: 'events/s target', align: 'right', cell: (r) => rate(r.targetEventsPerSecond) },
  { header: 'events/s sent', align: 'right', cell: (r) => rate(r.eventsPerSecond) },
  { header: 'messages/s', align: 'right', cell: (r) => rate(r.messagesPerSecond) },
  { header: 'p50 ms', align: 'right', cell: (r) => sig(r.p50Ms) },
  { header: 'p99 ms', align: 'right', cell: (r) => sig(r.p99Ms) },
  { header: 'p50 ms from commit', align: 'right', cell: (r) => sig(r.p50FromCommitMs) },
  { header: 'p99 ms from commit', align: 'right', cell: (r) => sig(r.p99FromCommitMs) },
  { header: 'lost', align: 'right', cell: (r) => String(r.lost) },
  { header: 'RSS KiB/conn', align: 'right', cell: (r) => sig(r.rssKiBPerConnection) },
  { header: 'heap KiB/conn', align: 'right', cell: (r) => sig(r.heapKiBPerConnection) },
];

function pad(text: string, width: number, align: 'left' | 'right'): string {
  return align === 'left' ? text.padEnd(width) : text.padStart(width);
}

function layout<R>(
  columns: readonly Column<R>[],
  rows: readonly R[],
): { cells: string[][]; widths: number[] } {
  const cells = rows.map((row) => columns.map((c) => c.cell(row)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((line) => line[i]!.length)));
  return { cells, widths };
}

/** Space-aligned table for stdout. */
export function textTable<R>(columns: readonly Column<R>[], rows: readonly R[]): string {
  const { cells, widths } = layout(columns, rows);
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => pad(v, widths[i]!, columns[i]!.align))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(columns.map((c) => c.header)), rule, ...cells.map(line)].join('\n');
}

/** GitHub Markdown table, padded the way Prettier formats it. */
export function markdownTable<R>(columns: readonly Column<R>[], rows: readonly R[]): string {
  const { cells, widths } = layout(columns, rows);
  const line = (values: readonly string[]): string =>
    `| ${values.map((v, i) => pad(v, widths[i]!, columns[i]!.align)).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (columns[i]!.align === 'left' ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(columns.map((c) => c.header)), rule, ...cells.map(line)].join('\n');
}
