import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currencyExponent } from '../../../src/platform/money/currency.ts';
import type { Ok } from '../../shared/api-types.ts';
import { ApiError, idem, newIdempotencyKey, staff } from '../../shared/api.ts';
import { Button, Dialog, useToast } from '../../shared/ui/ui.tsx';
import { useGuarded } from '../ApprovalDialog.tsx';
import { useRegister } from '../context.ts';
import { countBody, denominationsOf } from './denominations.ts';
import { DenominationCount } from './DenominationCount.tsx';
import { ReportFigures, type Report } from './ReportFigures.tsx';

type Session = Ok<'/v1/drawer-sessions/{id}', 'get'>;
type View = 'main' | 'paid_in' | 'paid_out' | 'drop' | 'count' | 'x' | 'z';

/** Open the drawer with a counted float, paid in/out, drops, no-sale, X report, blind close with Z. */
export function DrawerDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const guarded = useGuarded();
  const { device, tenant, money, can } = useRegister();
  const denominations = denominationsOf(tenant.currency);
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [view, setView] = useState<View>('main');
  const [counts, setCounts] = useState<Record<number, string>>({});
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [needReason, setNeedReason] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [closed, setClosed] = useState<Session | null>(null);
  const [busy, setBusy] = useState(false);
  // One Idempotency-Key per intent, kept across retries of that intent.
  const key = useRef(newIdempotencyKey());

  const fail = useCallback(
    (err: unknown) => toast(err instanceof Error ? err.message : String(err), 'error'),
    [toast],
  );
  const load = useCallback(() => {
    staff((api) =>
      api.GET('/v1/registers/{id}/drawer-session', { params: { path: { id: device.registerId } } }),
    ).then((r) => setSession(r.session), fail);
  }, [device.registerId, fail]);
  useEffect(load, [load]);

  const go = (v: View) => {
    key.current = newIdempotencyKey();
    setCounts({});
    setAmount('');
    setReason('');
    setNeedReason(false);
    setView(v);
  };
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const openDrawer = () =>
    run(async () => {
      const s = await staff((api) =>
        api.POST('/v1/drawer-sessions', {
          body: { registerId: device.registerId, float: { denominations: countBody(counts) } },
          headers: idem(key.current),
        }),
      );
      setSession(s);
      toast(t('drawer.opened'), 'success');
      go('main');
    });

  const cashMovement = (kind: 'paid_in' | 'paid_out' | 'drop') =>
    run(async () => {
      const id = session!.id;
      const body = { amount: Math.round(Number(amount) * 10 ** currencyExponent(tenant.currency)), reason };
      const headers = idem(key.current);
      if (kind === 'paid_in') {
        await staff((api) =>
          api.POST('/v1/drawer-sessions/{id}/paid-in', { params: { path: { id } }, body, headers }),
        );
      } else if (kind === 'paid_out') {
        await staff((api) =>
          api.POST('/v1/drawer-sessions/{id}/paid-out', { params: { path: { id } }, body, headers }),
        );
      } else {
        await staff((api) =>
          api.POST('/v1/drawer-sessions/{id}/drops', { params: { path: { id } }, body, headers }),
        );
      }
      toast(t('drawer.saved'), 'success');
      go('main');
    });

  const noSale = () =>
    run(async () => {
      const id = session!.id;
      const done = await guarded(
        { type: 'register', id: device.registerId },
        t('drawer.noSale'),
        (approvalId) =>
          staff((api) =>
            api.POST('/v1/drawer-sessions/{id}/no-sale', {
              params: { path: { id } },
              body: { reason: t('drawer.noSale'), ...(approvalId ? { approvalId } : {}) },
              headers: idem(newIdempotencyKey()),
            }),
          ),
      );
      if (done) {
        toast(t('drawer.noSaleDone'), 'success');
      }
    });

  const xReport = () =>
    run(async () => {
      const id = session!.id;
      setReport(
        await staff((api) => api.GET('/v1/drawer-sessions/{id}/x-report', { params: { path: { id } } })),
      );
      setView('x');
    });

  const closeDrawer = () =>
    run(async () => {
      const id = session!.id;
      try {
        const result = await guarded({ type: 'drawer_session', id }, t('drawer.closeDrawer'), (approvalId) =>
          staff((api) =>
            api.POST('/v1/drawer-sessions/{id}/close', {
              params: { path: { id } },
              body: {
                counted: { denominations: countBody(counts) },
                ...(reason ? { reason } : {}),
                ...(approvalId ? { approvalId } : {}),
              },
              headers: idem(newIdempotencyKey()),
            }),
          ),
        );
        if (result) {
          setClosed(result.session);
          setReport(result.zReport);
          setSession(null);
          setView('z');
        }
      } catch (err) {
        if (err instanceof ApiError && err.code === 'drawer.reason_required') {
          setNeedReason(true);
          toast(t('drawer.reasonNeeded'), 'error');
          return;
        }
        throw err;
      }
    });

  const title =
    view === 'z' && closed
      ? t('drawer.closedTitle', { number: closed.zNumber })
      : view === 'x' && report
        ? `${t('drawer.title')} · ${t('drawer.xReport')}`
        : t('drawer.title');
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={title} size="lg">
      {session === undefined ? null : view === 'z' && closed && report ? (
        <div className="drawer-result">
          <dl className="variance-tiles">
            <div>
              <dt>{t('drawer.expected')}</dt>
              <dd>{money(closed.expectedCash ?? 0)}</dd>
            </div>
            <div>
              <dt>{t('drawer.counted')}</dt>
              <dd>{money(closed.countedCash ?? 0)}</dd>
            </div>
            <div
              className={
                (closed.variance ?? 0) < 0
                  ? 'variance-short'
                  : (closed.variance ?? 0) > 0
                    ? 'variance-over'
                    : ''
              }
            >
              <dt>{t('drawer.variance')}</dt>
              <dd data-testid="drawer-variance">{money(closed.variance ?? 0)}</dd>
            </div>
          </dl>
          <ReportFigures report={report} />
          <div className="drawer-actions">
            <Button onClick={() => window.print()}>{t('drawer.print')}</Button>
            <Button variant="primary" onClick={onClose}>
              {t('drawer.done')}
            </Button>
          </div>
        </div>
      ) : session === null ? (
        <div className="drawer-open">
          <p>{t('drawer.closedIntro')}</p>
          <DenominationCount
            denominations={denominations}
            counts={counts}
            onChange={setCounts}
            label={t('drawer.float')}
          />
          <Button variant="primary" disabled={busy} onClick={() => void openDrawer()}>
            {t('drawer.open')}
          </Button>
        </div>
      ) : view === 'main' ? (
        <div className="drawer-main">
          <p>
            {t('drawer.openSince', {
              time: new Date(session.openedAt).toLocaleTimeString(),
              amount: money(session.openingFloat),
            })}
          </p>
          <div className="drawer-actions">
            <Button onClick={() => go('paid_in')}>{t('drawer.paidIn')}</Button>
            <Button onClick={() => go('paid_out')}>{t('drawer.paidOut')}</Button>
            <Button onClick={() => go('drop')}>{t('drawer.drop')}</Button>
            <Button disabled={busy} onClick={() => void noSale()}>
              {t('drawer.noSale')}
            </Button>
            {can('reports:read') ? (
              <Button disabled={busy} onClick={() => void xReport()}>
                {t('drawer.xReport')}
              </Button>
            ) : null}
            <Button variant="primary" onClick={() => go('count')}>
              {t('drawer.closeDrawer')}
            </Button>
          </div>
        </div>
      ) : view === 'count' ? (
        <div className="drawer-close">
          <p>{t('drawer.countIntro')}</p>
          <DenominationCount
            denominations={denominations}
            counts={counts}
            onChange={setCounts}
            label={t('drawer.counted')}
          />
          {needReason ? (
            <label className="field">
              <span>{t('drawer.varianceReason')}</span>
              <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
            </label>
          ) : null}
          <div className="drawer-actions">
            <Button onClick={() => go('main')}>{t('drawer.back')}</Button>
            <Button
              variant="primary"
              disabled={busy || (needReason && !reason.trim())}
              onClick={() => void closeDrawer()}
            >
              {t('drawer.confirmClose')}
            </Button>
          </div>
        </div>
      ) : view === 'x' && report ? (
        <div>
          <ReportFigures report={report} />
          <div className="drawer-actions">
            <Button onClick={() => go('main')}>{t('drawer.back')}</Button>
            <Button onClick={() => window.print()}>{t('drawer.print')}</Button>
          </div>
        </div>
      ) : view === 'paid_in' || view === 'paid_out' || view === 'drop' ? (
        <div className="drawer-move">
          <label className="field">
            <span>{t('drawer.amount')}</span>
            <input
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value.replace(/[^\d.]/g, ''))}
            />
          </label>
          <label className="field">
            <span>{t('drawer.reason')}</span>
            <input value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
          </label>
          <div className="drawer-actions">
            <Button onClick={() => go('main')}>{t('drawer.back')}</Button>
            <Button
              variant="primary"
              disabled={busy || !(Number(amount) > 0) || !reason.trim()}
              onClick={() => void cashMovement(view)}
            >
              {t('drawer.save')}
            </Button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
