import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, useToast } from '../../shared/ui/ui.tsx';
import { useOffice } from '../context.ts';
import { FormSection, SelectField, TextField, useFail } from '../forms.tsx';
import { call } from '../session.ts';
import type { StockData } from './Inventory.tsx';
import type { Transfer } from './data.ts';
import { QtyField, StockItemPick } from './QtyField.tsx';
import { showQty, toBaseQty } from './qty.ts';

/**
 * Transfers between outlets: stock leaves this outlet at its cost and is in transit until the other
 * outlet receives it (at exactly that cost).
 */
export function Transfers({ data }: { data: StockData }) {
  const { t } = useTranslation();
  const office = useOffice();
  const toast = useToast();
  const fail = useFail();
  const [list, setList] = useState<Transfer[] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const page = await call((api) =>
        api.GET('/v1/inventory/transfers', { params: { query: { outletId: data.outletId, limit: 100 } } }),
      );
      setList(page.items);
    } catch (err) {
      fail(err);
    }
  }, [data.outletId]);
  useEffect(() => {
    void load();
  }, [load]);
  const name = (id: string) => office.outlets.find((o) => o.id === id)?.name ?? '?';
  const receive = async (tr: Transfer) => {
    setBusy(tr.id);
    try {
      const next = await call((api) =>
        api.POST('/v1/inventory/transfers/{id}/receive', { params: { path: { id: tr.id } }, body: {} }),
      );
      setList((l) => (l ?? []).map((x) => (x.id === next.id ? next : x)));
      toast(t('inv.transferReceived'), 'success');
      await data.reload();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="menu-grid grid-2">
      <section
        className="panel table-panel"
        aria-labelledby="transfers-h"
        aria-busy={list === null || undefined}
      >
        <h2 id="transfers-h">{t('inv.transfersOf', { outlet: name(data.outletId) })}</h2>
        {list && list.length === 0 ? (
          <p className="empty">{t('inv.noTransfers')}</p>
        ) : (
          <table className="data" aria-labelledby="transfers-h">
            <thead>
              <tr>
                <th>{t('inv.sentAt')}</th>
                <th>{t('inv.route')}</th>
                <th>{t('inv.items')}</th>
                <th className="num">{t('inv.value')}</th>
                <th>{t('inv.status')}</th>
              </tr>
            </thead>
            <tbody>
              {(list ?? []).map((tr) => {
                const incoming = tr.toOutletId === data.outletId;
                return (
                  <tr key={tr.id} aria-label={`${name(tr.fromOutletId)} → ${name(tr.toOutletId)}`}>
                    <td>
                      {new Date(tr.sentAt).toLocaleString(office.tenant.locale, {
                        dateStyle: 'short',
                        timeStyle: 'short',
                      })}
                    </td>
                    <td>
                      <strong>
                        {name(tr.fromOutletId)} → {name(tr.toOutletId)}
                      </strong>
                      {tr.note && <div className="muted small-text">{tr.note}</div>}
                    </td>
                    <td className="wrap">
                      {tr.lines.map((l) => `${l.name} ${showQty(l.qty, l)}`).join(', ')}
                    </td>
                    <td className="num">{office.money(tr.value)}</td>
                    <td>
                      {tr.status === 'received' ? (
                        <span className="chip po-received">{t('inv.transferStatus.received')}</span>
                      ) : incoming ? (
                        <Button
                          variant="primary"
                          disabled={busy === tr.id}
                          aria-label={t('inv.receiveTransferFrom', { outlet: name(tr.fromOutletId) })}
                          onClick={() => void receive(tr)}
                        >
                          {t('inv.receive')}
                        </Button>
                      ) : (
                        <span className="chip po-sent">{t('inv.transferStatus.in_transit')}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <NewTransfer
        data={data}
        onSent={(tr) => {
          setList((l) => [tr, ...(l ?? [])]);
          void data.reload();
        }}
      />
    </div>
  );
}

interface Line {
  stockItemId: string;
  qty: string;
  unit: string;
}

function NewTransfer({ data, onSent }: { data: StockData; onSent: (tr: Transfer) => void }) {
  const { t } = useTranslation();
  const office = useOffice();
  const toast = useToast();
  const fail = useFail();
  const others = office.outlets.filter((o) => o.id !== data.outletId);
  const [to, setTo] = useState(others[0]?.id ?? '');
  const [note, setNote] = useState('');
  const blank = (): Line => ({
    stockItemId: data.items[0]?.id ?? '',
    qty: '',
    unit: data.items[0]?.stockUnit ?? '',
  });
  const [lines, setLines] = useState<Line[]>(() => [blank()]);
  const set = (i: number, patch: Partial<Line>) =>
    setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  if (others.length === 0) {
    return (
      <section className="panel" aria-labelledby="new-transfer-h">
        <h2 id="new-transfer-h">{t('inv.newTransfer')}</h2>
        <p className="muted">{t('inv.oneOutlet')}</p>
      </section>
    );
  }
  return (
    <FormSection
      id="new-transfer-h"
      title={t('inv.newTransfer')}
      submit={t('inv.sendTransfer')}
      disabled={data.items.length === 0}
      onSubmit={async () => {
        const body: Array<{ stockItemId: string; amount: { quantity: number; unit: string } }> = [];
        for (const l of lines) {
          const item = data.items.find((x) => x.id === l.stockItemId);
          const base = item ? toBaseQty(l.qty, l.unit, item) : null;
          if (!item || base === null || base <= 0) {
            toast(t('inv.badLine'), 'error');
            return;
          }
          body.push({ stockItemId: item.id, amount: { quantity: base, unit: 'base' } });
        }
        try {
          const tr = await call((api) =>
            api.POST('/v1/inventory/transfers', {
              body: {
                fromOutletId: data.outletId,
                toOutletId: to || others[0]!.id,
                lines: body,
                ...(note.trim() ? { note: note.trim() } : {}),
              },
            }),
          );
          setLines([blank()]);
          setNote('');
          onSent(tr);
          toast(t('inv.transferSent'), 'success');
        } catch (err) {
          fail(err);
        }
      }}
    >
      <SelectField
        label={t('inv.toOutlet')}
        value={to}
        onChange={setTo}
        options={others.map((o) => ({ value: o.id, label: o.name }))}
      />
      {lines.map((l, i) => {
        const item = data.items.find((x) => x.id === l.stockItemId);
        return (
          <fieldset key={i} className="options">
            <legend>{t('inv.lineN', { n: i + 1 })}</legend>
            <StockItemPick
              n={i + 1}
              items={data.items}
              value={l.stockItemId}
              onPick={(next, id) => set(i, { stockItemId: id, unit: next?.stockUnit ?? '' })}
            />
            {item && (
              <QtyField
                label={t('inv.qtyOfLine', { n: i + 1 })}
                item={item}
                value={l.qty}
                unit={l.unit}
                onChange={(v) => set(i, { qty: v })}
                onUnit={(u) => set(i, { unit: u })}
              />
            )}
            {item && (
              <span className="muted small-text">
                {t('inv.onHandHere', { qty: showQty(data.levels.get(item.id)?.qty ?? 0, item) })}
              </span>
            )}
            {lines.length > 1 && (
              <Button variant="ghost" onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))}>
                {t('inv.removeLine', { n: i + 1 })}
              </Button>
            )}
          </fieldset>
        );
      })}
      <Button variant="ghost" onClick={() => setLines((ls) => [...ls, blank()])}>
        {t('inv.addLine')}
      </Button>
      <TextField label={t('inv.note')} value={note} onChange={setNote} maxLength={500} />
    </FormSection>
  );
}
