// One ticket as a card: order number, table, age timer (coloured against the station's late
// threshold), rush, course, and the lines printed large (quantity, name, seat, modifiers, notes),
// each a tap target. Held courses are greyed and cannot be touched. No prices.
import { useTranslation } from 'react-i18next';
import { ageTone, arrivedAt, clock, nextLineStatus, type Ticket, type TicketLine } from './tickets.ts';

const STATE_MARK: Record<TicketLine['status'], string> = {
  new: '○',
  preparing: '◐',
  ready: '✓',
  served: '✓',
  voided: '✕',
};

/** "Meja 7" and tab names as they are; a bare number reads "Table 7". */
function tableLabel(ref: string | null, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (!ref) {
    return t('kds.noTable');
  }
  return /^\d+$/.test(ref) ? t('kds.table', { table: ref }) : ref;
}

export function TicketCard({
  ticket,
  now,
  lateAfter,
  recalled,
  busy,
  onAdvance,
  onBump,
}: {
  ticket: Ticket;
  now: number;
  lateAfter: number;
  recalled: boolean;
  busy: boolean;
  onAdvance: (lineId: string, to: 'preparing' | 'ready') => void;
  onBump: () => void;
}) {
  const { t } = useTranslation();
  const held = ticket.status === 'held';
  const age = (now - arrivedAt(ticket)) / 1000;
  const tone = held ? 'held' : ageTone(age, lateAfter);
  const courses = new Set(ticket.lines.map((l) => l.course).filter((c) => c !== null));
  const course = ticket.course ?? (courses.size === 1 ? [...courses][0]! : null);
  const number = ticket.orderNumber;
  return (
    <article
      className={`k-ticket tone-${tone} ${ticket.rush ? 'k-rush' : ''}`}
      aria-label={t('kds.ticket', { number })}
      data-ticket={number}
    >
      <header className="k-ticket-head">
        <div className="k-ticket-id">
          <span className="k-num">#{number}</span>
          <span className="k-table">{tableLabel(ticket.tableRef, t)}</span>
          {ticket.sentBy ? (
            <span className="k-by" aria-label={t('kds.sentBy', { name: ticket.sentBy })}>
              {ticket.sentBy}
            </span>
          ) : null}
        </div>
        {!held && (
          <time className="k-timer" aria-label={tone === 'late' ? t('kds.late') : undefined}>
            {clock(age)}
          </time>
        )}
      </header>
      {(ticket.rush || recalled || course !== null || tone === 'late') && (
        <div className="k-tags">
          {ticket.rush && <span className="k-tag k-tag-rush">{t('kds.rush')}</span>}
          {tone === 'late' && <span className="k-tag k-tag-late">{t('kds.late')}</span>}
          {recalled && <span className="k-tag k-tag-recalled">{t('kds.recalled')}</span>}
          {course !== null && !held && <span className="k-tag">{t('kds.course', { course })}</span>}
        </div>
      )}
      {held && (
        <p className="k-held-label">
          <strong>{t('kds.held', { course: ticket.course ?? course ?? '?' })}</strong>
          <span>{t('kds.heldHint')}</span>
        </p>
      )}
      <ul className="k-lines">
        {ticket.lines.map((line) => {
          const next = nextLineStatus(line.status);
          return (
            <li key={line.lineId}>
              <button
                type="button"
                className={`k-line k-line-${line.status}`}
                disabled={held || busy || next === null}
                aria-label={t('kds.lineLabel', {
                  quantity: line.quantity,
                  name: line.name,
                  status: held
                    ? t('kds.held', { course: line.course ?? '?' })
                    : t(`kds.tapTo.${line.status}`),
                })}
                onClick={() => next && onAdvance(line.lineId, next)}
              >
                <span className="k-qty">{line.quantity}×</span>
                <span className="k-line-body">
                  <span className="k-name">{line.name}</span>
                  {line.variantName && <span className="k-variant">{line.variantName}</span>}
                  {(line.seat !== null || (line.course !== null && courses.size > 1)) && (
                    <span className="k-line-meta">
                      {line.seat !== null && (
                        <span className="k-seat">{t('kds.seat', { seat: line.seat })}</span>
                      )}
                      {line.course !== null && courses.size > 1 && (
                        <span className="k-seat">{t('kds.course', { course: line.course })}</span>
                      )}
                    </span>
                  )}
                  {line.modifiers.length > 0 && (
                    <span className="k-mods">
                      {line.modifiers.map((m, i) => (
                        <span key={i}>+ {m.name}</span>
                      ))}
                    </span>
                  )}
                  {line.notes && <span className="k-note">{line.notes}</span>}
                </span>
                <span className={`k-mark k-mark-${line.status}`} aria-hidden="true">
                  {line.status === 'voided' ? t('kds.voided') : STATE_MARK[line.status]}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {!held && (
        <footer className="k-ticket-foot">
          <button
            type="button"
            className="k-bump"
            disabled={busy}
            aria-label={t('kds.bumpTicket', { number })}
            onClick={onBump}
          >
            {t('kds.bump')} ✓
          </button>
        </footer>
      )}
    </article>
  );
}
