import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ok } from '../shared/api-types.ts';
import { useLatest } from '../shared/latest.ts';
import { Button } from '../shared/ui/ui.tsx';
import { useFail } from './forms.tsx';
import { call } from './session.ts';

type AuditEntry = Ok<'/v1/audit', 'get'>['items'][number];
type Verification = Ok<'/v1/audit/verify', 'get'>;

/** The audit log (who did what, when) and the check of its hash chain. */
export function AuditLog() {
  const { t } = useTranslation();
  const fail = useFail();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [action, setAction] = useState('');
  const [check, setCheck] = useState<Verification | null>(null);
  const [checking, setChecking] = useState(false);
  const begin = useLatest(); // the filter changed while a page loads: the newest shows
  const load = useCallback(async () => {
    const latest = begin();
    try {
      const page = await call((api) =>
        api.GET('/v1/audit', { params: { query: { limit: 100, ...(action ? { action } : {}) } } }),
      );
      if (latest()) {
        setEntries(page.items);
      }
    } catch (err) {
      if (latest()) {
        fail(err);
      }
    }
  }, [begin, action]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <div className="stack-col">
      <section className="panel" aria-labelledby="chain-h">
        <div className="item-head">
          <h2 id="chain-h">{t('settings.chain')}</h2>
          <Button
            variant="primary"
            disabled={checking}
            onClick={() => {
              setChecking(true);
              void call((api) => api.GET('/v1/audit/verify'))
                .then(setCheck)
                .catch(fail)
                .finally(() => setChecking(false));
            }}
          >
            {t('settings.checkChain')}
          </Button>
        </div>
        {check && (
          <p role="status" className={check.ok ? 'ok-text' : 'error'}>
            {check.ok
              ? t('settings.chainOk', { count: check.entries })
              : t('settings.chainBroken', {
                  seq: check.firstBroken?.seq ?? '?',
                  reason: check.firstBroken?.reason ?? '',
                })}
          </p>
        )}
      </section>
      <section className="panel table-panel" aria-labelledby="audit-h">
        <div className="item-head">
          <h2 id="audit-h">{t('settings.audit')}</h2>
          <label className="field inline">
            <span className="visually-hidden">{t('settings.action')}</span>
            <input
              type="search"
              placeholder={t('settings.actionFilter')}
              aria-label={t('settings.action')}
              value={action}
              onChange={(e) => setAction(e.target.value.trim())}
            />
          </label>
        </div>
        <table className="data" aria-label={t('settings.audit')}>
          <thead>
            <tr>
              <th className="num">#</th>
              <th>{t('settings.when')}</th>
              <th>{t('settings.action')}</th>
              <th>{t('settings.who')}</th>
              <th>{t('settings.target')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td className="num">{e.seq}</td>
                <td>{new Date(e.at).toLocaleString()}</td>
                <td className="mono">{e.action}</td>
                <td className="muted small-text">
                  {e.actorType}
                  {e.approverId ? ` · ${t('settings.approved')}` : ''}
                </td>
                <td className="muted small-text">
                  {e.targetType} {e.targetId?.slice(0, 8) ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
