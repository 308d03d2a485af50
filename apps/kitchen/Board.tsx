// The order-ready board customers watch (a TV in the dining room): order numbers preparing and
// ready, in huge type, live. It re-reads GET /v1/kitchen/board on every kitchen event of the
// outlet (the board is derived on the server: one rule, one place), on every (re)connection, and
// every 30 s (a ready number leaves after 15 minutes). No prices, no names.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { connectRealtime, type RealtimeStatus } from '../shared/realtime.ts';
import { kitchen } from './session.ts';

type BoardData = Ok<'/v1/kitchen/board', 'get'>;

export function Board({ outlet }: { outlet: { id: string; name: string } }) {
  const { t } = useTranslation();
  const [board, setBoard] = useState<BoardData | null>(null);
  const [status, setStatus] = useState<RealtimeStatus>('connecting');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const load = useCallback(async () => {
    try {
      setBoard(
        await kitchen.call((api) =>
          api.GET('/v1/kitchen/board', { params: { query: { outletId: outlet.id } } }),
        ),
      );
    } catch {
      // Offline: keep showing the last board.
    }
  }, [outlet.id]);

  useEffect(() => {
    void load();
    const every = setInterval(() => void load(), 30_000);
    const conn = connectRealtime({
      token: () => kitchen.freshToken(),
      seqKey: `kasir.kitchen.board.seq.${kitchen.session()?.tenantId ?? ''}.${outlet.id}`,
      subscribe: [{ room: 'outlet', id: outlet.id }],
      onStatus: (s) => {
        setStatus(s);
        if (s === 'live') {
          void load();
        }
      },
      onEvent: (e) => {
        if (e.topic === 'kitchen') {
          clearTimeout(timer.current);
          timer.current = setTimeout(() => void load(), 150);
        }
      },
    });
    return () => {
      conn.stop();
      clearInterval(every);
      clearTimeout(timer.current);
    };
  }, [outlet.id, load]);

  const column = (kind: 'preparing' | 'ready') => {
    const entries = board?.[kind] ?? [];
    return (
      <section className={`board-col board-${kind}`} aria-labelledby={`board-${kind}`}>
        <h2 id={`board-${kind}`}>{t(`board.${kind}`)}</h2>
        {kind === 'ready' && <p className="board-lead">{t('board.readyLead')}</p>}
        <ul aria-label={t(`board.${kind}`)}>
          {entries.map((e) => (
            <li key={e.orderId}>{e.orderNumber}</li>
          ))}
        </ul>
        {entries.length === 0 && <p className="board-empty">{t('board.empty')}</p>}
      </section>
    );
  };

  return (
    <div className="board">
      <header className="board-bar">
        <strong>{outlet.name}</strong>
        {status !== 'live' && <span className="board-offline">{t('kds.offline')}</span>}
      </header>
      <div className="board-cols">
        {column('preparing')}
        {column('ready')}
      </div>
    </div>
  );
}
