import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { idem, newIdempotencyKey } from '../shared/api.ts';
import type { Ok } from '../shared/api-types.ts';
import { Button, useToast } from '../shared/ui/ui.tsx';
import { CheckField, FormSection, TextField, useFail } from './forms.tsx';
import { call, fetchFile } from './session.ts';

type Code = Ok<'/v1/tables/{id}/code', 'post'>;
type Settings = Ok<'/v1/qr/settings', 'get'>;

/**
 * A QR image the API serves only with the session's token, as a `data:` URL for an <img> (the
 * apps' content policy allows `data:` images, not `blob:` ones).
 */
function useCodeImage(tableId: string, version: number, live: boolean): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!live) {
      setUrl(null);
      return;
    }
    let gone = false;
    fetchFile(`/v1/tables/${tableId}/code.svg`, 'image/svg+xml')
      .then((r) => r.text())
      .then((svg) => {
        if (!gone) {
          setUrl(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
        }
      })
      .catch(() => setUrl(null));
    return () => {
      gone = true;
    };
  }, [tableId, version, live]);
  return url;
}

/** Opens a file the API serves with the session's token in a new tab (the printable sheet). */
async function openFile(path: string, accept: string, download?: string): Promise<void> {
  const url = URL.createObjectURL(await (await fetchFile(path, accept)).blob());
  const a = document.createElement('a');
  a.href = url;
  if (download) {
    a.download = download;
  } else {
    a.target = '_blank';
    a.rel = 'noopener';
  }
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * QR table ordering for one outlet: how orders from the tables are taken (automatically or by
 * staff, limits per table) and each table's code — shown, downloaded, printed on one sheet,
 * replaced with a new one (the printed one stops working) or revoked.
 */
export function QrCodes({ outletId }: { outletId: string }) {
  const { t } = useTranslation();
  const fail = useFail();
  const [codes, setCodes] = useState<Code[] | null>(null);

  const load = useCallback(async () => {
    try {
      // Every table of the outlet gets its code the first time (revoked ones stay revoked).
      const list = await call((api) =>
        api.POST('/v1/outlets/{outletId}/table-codes', {
          params: { path: { outletId } },
          headers: idem(newIdempotencyKey()),
        }),
      );
      setCodes(list.items);
    } catch (err) {
      fail(err);
    }
  }, [outletId]);
  useEffect(() => {
    void load();
  }, [load]);

  const change = async (code: Code, use: 'rotate' | 'revoke') => {
    try {
      const path = use === 'rotate' ? '/v1/tables/{id}/code/rotate' : '/v1/tables/{id}/code/revoke';
      const saved = await call((api) =>
        api.POST(path, { params: { path: { id: code.tableId } }, headers: idem(newIdempotencyKey()) }),
      );
      setCodes((cs) => (cs ?? []).map((c) => (c.tableId === saved.tableId ? saved : c)));
    } catch (err) {
      fail(err);
    }
  };

  return (
    <div className="qr-screen">
      <QrSettingsForm />
      <section className="panel" aria-labelledby="qr-codes-title">
        <div className="item-head">
          <h2 id="qr-codes-title">{t('qr.codes')}</h2>
          <Button
            className="push-right"
            disabled={!codes?.some((c) => !c.revoked)}
            onClick={() =>
              void openFile(`/v1/outlets/${outletId}/table-codes/sheet`, 'text/html').catch(fail)
            }
          >
            {t('qr.printSheet')}
          </Button>
        </div>
        <p className="muted">{t('qr.codesLead')}</p>
        {codes === null ? <div aria-busy="true" /> : null}
        {codes?.length === 0 ? <p className="muted">{t('qr.noTables')}</p> : null}
        <ul className="qr-codes" aria-label={t('qr.codes')}>
          {(codes ?? []).map((c) => (
            <CodeCard key={c.tableId} code={c} onChange={(use) => void change(c, use)} />
          ))}
        </ul>
      </section>
    </div>
  );
}

function CodeCard({ code, onChange }: { code: Code; onChange: (use: 'rotate' | 'revoke') => void }) {
  const { t } = useTranslation();
  const fail = useFail();
  const image = useCodeImage(code.tableId, code.version, !code.revoked);
  return (
    <li className={`qr-code${code.revoked ? ' is-revoked' : ''}`} aria-label={code.tableName}>
      <div className="qr-code-img">
        {code.revoked ? (
          <span className="muted">{t('qr.revoked')}</span>
        ) : image ? (
          <img src={image} alt={t('qr.codeOf', { name: code.tableName })} width={132} height={132} />
        ) : null}
      </div>
      <strong>{code.tableName}</strong>
      <span className="muted">{t('qr.version', { version: code.version })}</span>
      <div className="qr-code-actions">
        {!code.revoked ? (
          <Button
            size="md"
            onClick={() =>
              void openFile(
                `/v1/tables/${code.tableId}/code.png`,
                'image/png',
                `qr-${code.tableName.replace(/[^\w-]+/g, '-')}.png`,
              ).catch(fail)
            }
          >
            {t('qr.png')}
          </Button>
        ) : null}
        <Button size="md" onClick={() => onChange('rotate')}>
          {code.revoked ? t('qr.reissue') : t('qr.rotate')}
        </Button>
        {!code.revoked ? (
          <Button size="md" variant="danger" onClick={() => onChange('revoke')}>
            {t('qr.revoke')}
          </Button>
        ) : null}
      </div>
    </li>
  );
}

function QrSettingsForm() {
  const { t } = useTranslation();
  const fail = useFail();
  const toast = useToast();
  const [s, setS] = useState<Settings | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    call((api) => api.GET('/v1/qr/settings')).then(setS, fail);
  }, []);
  if (!s) {
    return <section className="panel" aria-busy="true" />;
  }
  const num = (v: string) => Math.max(1, Math.trunc(Number(v) || 1));
  const patch = (p: Partial<Settings>) => setS((cur) => (cur ? { ...cur, ...p } : cur));
  return (
    <FormSection
      id="qr-settings-title"
      title={t('qr.settings')}
      submit={t('edit.save')}
      busy={busy}
      onSubmit={async () => {
        setBusy(true);
        try {
          setS(await call((api) => api.PATCH('/v1/qr/settings', { body: s })));
          toast(t('edit.saved'), 'success');
        } catch (err) {
          fail(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      <CheckField
        label={t('qr.autoAccept')}
        checked={s.autoAccept}
        onChange={(v) => patch({ autoAccept: v })}
      />
      <p className="muted">{s.autoAccept ? t('qr.autoAcceptOn') : t('qr.autoAcceptOff')}</p>
      <div className="grid-3">
        <TextField
          label={t('qr.maxPending')}
          inputMode="numeric"
          value={String(s.maxPending)}
          onChange={(v) => patch({ maxPending: Math.min(50, num(v)) })}
        />
        <TextField
          label={t('qr.maxLineQuantity')}
          inputMode="numeric"
          value={String(s.maxLineQuantity)}
          onChange={(v) => patch({ maxLineQuantity: Math.min(999, num(v)) })}
        />
        <TextField
          label={t('qr.maxOrderQuantity')}
          inputMode="numeric"
          value={String(s.maxOrderQuantity)}
          onChange={(v) => patch({ maxOrderQuantity: Math.min(9999, num(v)) })}
        />
      </div>
    </FormSection>
  );
}
