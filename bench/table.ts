// The result table, as aligned text for the terminal and as a Markdown table for the docs.

export interface Row {
  scenario: string;
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

interface Column {
  header: string;
  align: 'left' | 'right';
  cell(row: Row): string;
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** Three significant figures or so: 0.84, 12.3, 456. */
function ms(value: number): string {
  return fixed(value, value < 10 ? 2 : value < 100 ? 1 : 0);
}

const COLUMNS: readonly Column[] = [
  { header: 'scenario', align: 'left', cell: (r) => r.scenario },
  { header: 'connections', align: 'right', cell: (r) => String(r.connections) },
  {
    header: 'requests/s',
    align: 'right',
    cell: (r) => fixed(r.requestsPerSecond, r.requestsPerSecond < 100 ? 1 : 0),
  },
  { header: 'p50 ms', align: 'right', cell: (r) => ms(r.p50Ms) },
  { header: 'p99 ms', align: 'right', cell: (r) => ms(r.p99Ms) },
  { header: 'non-2xx', align: 'right', cell: (r) => String(r.non2xx) },
  { header: 'errors', align: 'right', cell: (r) => String(r.errors) },
];

function pad(text: string, width: number, align: Column['align']): string {
  return align === 'left' ? text.padEnd(width) : text.padStart(width);
}

function layout(rows: readonly Row[]): { cells: string[][]; widths: number[] } {
  const cells = rows.map((row) => COLUMNS.map((c) => c.cell(row)));
  const widths = COLUMNS.map((c, i) => Math.max(c.header.length, ...cells.map((line) => line[i]!.length)));
  return { cells, widths };
}

/** Space-aligned table for stdout. */
export function textTable(rows: readonly Row[]): string {
  const { cells, widths } = layout(rows);
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => pad(v, widths[i]!, COLUMNS[i]!.align))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(COLUMNS.map((c) => c.header)), rule, ...cells.map(line)].join('\n');
}

/** GitHub Markdown table, padded the way Prettier formats it. */
export function markdownTable(rows: readonly Row[]): string {
  const { cells, widths } = layout(rows);
  const line = (values: readonly string[]): string =>
    `| ${values.map((v, i) => pad(v, widths[i]!, COLUMNS[i]!.align)).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (COLUMNS[i]!.align === 'left' ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(COLUMNS.map((c) => c.header)), rule, ...cells.map(line)].join('\n');
}
