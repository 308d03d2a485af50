import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { majorToMinor } from '../../shared/money.ts';
import { Button, useToast } from '../../shared/ui/ui.tsx';
import { useOffice } from '../context.ts';
import { useFail } from '../forms.tsx';
import { call } from '../session.ts';
import type { StockData } from './Inventory.tsx';
import type { PurchaseOrder, StockItem, Supplier } from './data.ts';
import { NewPurchaseOrder, NewSupplier } from './PurchaseOrderNew.tsx';
import { showIn, toBaseQty } from './qty.ts';

/** Suppliers and purchase orders at one outlet: draft → sent → received in part or in full. */
export function Purchasing({ data }: { data: StockData }) {
  const { t } = useTranslation();
  const fail = useFail();
  const [suppliers, setSuppliers] = useState<Supplier[]>([]);
  const [orders, setOrders] = useState<PurchaseOrder[] | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const [sp, po] = await Promise.all([
        call((api) => api.GET('/v1/inventory/suppliers', { params: { query: { limit: 500 } } })),
        call((api) =>
          api.GET('/v1/inventory/purchase-orders', {
            params: { query: { outletId: data.outletId, limit: 100 } },
          }),
        ),
      ]);
      setSuppliers(sp.items);
      setOrders(po.items);
    } catch (err) {
      fail(err);
    }
  }, [data.outletId]);
  useEffect(() => {
    void load();
  }, [load]);
  const replace = (po: PurchaseOrder) =>
    setOrders((list) => (list ?? []).map((o) => (o.id === po.id ? po : o)));
  const open = orders?.find((o) => o.id === openId) ?? null;

  return (
    <div className="menu-grid grid-2">
      <div className="stack-col">
        <PurchaseOrderList orders={orders} openId={openId} onOpen={setOpenId} />
        {open && (
          <PurchaseOrderDetail
            key={open.id}
            po={open}
            items={data.items}
            onChanged={(po) => {
              replace(po);
              void data.reload();
            }}
          />
        )}
      </div>
      <div className="stack-col">
        <NewPurchaseOrder
          data={data}
          suppliers={suppliers}
          onCreated={(po) => {
            setOrders((list) => [po, ...(list ?? [])]);
            setOpenId(po.id);
          }}
        />
        <NewSupplier
          onCreated={(s) => setSuppliers((list) => [...list, s].sort((a, b) => a.name.localeCompare(b.name)))}
        />
        <section className="panel" aria-labelledby="suppliers-h">
          <h2 id="suppliers-h">{t('inv.suppliers')}</h2>
          {suppliers.length === 0 ? (
            <p className="muted">{t('inv.noSuppliers')}</p>
          ) : (
            <ul className="rule-list">
              {suppliers.map((s) => (
                <li key={s.id} className="rule-row">
                  <div>
                    <strong>{s.name}</strong>
                    <div className="muted small-text">
                      {[s.contact, s.phone, s.email].filter(Boolean).join(' · ')}
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}

function StatusChip({ status }: { status: PurchaseOrder['status'] }) {
  const { t } = useTranslation();
  return <span className={`chip po-${status}`}>{t(`inv.po.${status}`)}</span>;
}

function PurchaseOrderList({
  orders,
  openId,
  onOpen,
}: {
  orders: PurchaseOrder[] | null;
  openId: string | null;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const office = useOffice();
  return (
    <section className="panel table-panel" aria-labelledby="pos-h" aria-busy={orders === null || undefined}>
      <h2 id="pos-h">{t('inv.purchaseOrders')}</h2>
      {orders && orders.length === 0 ? (
        <p className="empty">{t('inv.noOrders')}</p>
      ) : (
        <table className="data" aria-labelledby="pos-h">
          <thead>
            <tr>
              <th>{t('inv.created_at')}</th>
              <th>{t('inv.supplier')}</th>
              <th>{t('inv.status')}</th>
              <th className="num">{t('inv.lines')}</th>
              <th className="num">{t('inv.total')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(orders ?? []).map((o) => (
              <tr key={o.id} className={o.id === openId ? 'row-open' : ''}>
                <td>{new Date(o.createdAt).toLocaleDateString(office.tenant.locale)}</td>
                <td>
                  <strong>{o.supplierName}</strong>
                  {o.note && <div className="muted small-text">{o.note}</div>}
                </td>
                <td>
                  <StatusChip status={o.status} />
                </td>
                <td className="num">{o.lines.length}</td>
                <td className="num">{office.money(o.total)}</td>
                <td>
                  <Button
                    aria-label={t('inv.openOrder', {
                      supplier: o.supplierName,
                      total: office.money(o.total),
                    })}
                    onClick={() => onOpen(o.id)}
                  >
                    {t('inv.open')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** One purchase order: its lines, sending it, receiving what came (in part or in full) at its cost. */
function PurchaseOrderDetail({
  po,
  items,
  onChanged,
}: {
  po: PurchaseOrder;
  items: StockItem[];
  onChanged: (po: PurchaseOrder) => void;
}) {
  const { t } = useTranslation();
  const office = useOffice();
  const toast = useToast();
  const fail = useFail();
  const [qty, setQty] = useState<Record<string, string>>({});
  const [cost, setCost] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const receivable = po.status === 'sent' || po.status === 'partially_received';
  const unitsOf = (line: PurchaseOrder['lines'][number]) => {
    const item = items.find((i) => i.id === line.stockItemId);
    return {
      dimension: item?.dimension ?? 'mass',
      stockUnit: line.stockUnit,
      purchaseUnit: line.purchaseUnit,
      purchaseUnitQty: line.purchaseUnitQty,
    };
  };
  const act = async (what: 'send' | 'cancel') => {
    setBusy(true);
    try {
      const next = await call((api) =>
        what === 'send'
          ? api.POST('/v1/inventory/purchase-orders/{id}/send', { params: { path: { id: po.id } } })
          : api.POST('/v1/inventory/purchase-orders/{id}/cancel', { params: { path: { id: po.id } } }),
      );
      onChanged(next);
      toast(t(what === 'send' ? 'inv.sent' : 'inv.canceled'), 'success');
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };
  const receive = async (all: boolean) => {
    const lines: Array<{ lineId: string; amount: { quantity: number; unit: string }; cost?: number }> = [];
    for (const l of po.lines) {
      const left = l.qtyOrdered - l.qtyReceived;
      if (left <= 0) {
        continue;
      }
      const typed = qty[l.id] ?? '';
      const base = all ? left : typed.trim() ? toBaseQty(typed, l.purchaseUnit, unitsOf(l)) : 0;
      if (base === null || base < 0) {
        toast(t('inv.badQtyOf', { name: l.name }), 'error');
        return;
      }
      if (base === 0) {
        continue;
      }
      const paid = (cost[l.id] ?? '').trim();
      lines.push({
        lineId: l.id,
        amount: { quantity: base, unit: 'base' },
        ...(paid ? { cost: majorToMinor(Number(paid), office.tenant.currency) } : {}),
      });
    }
    if (lines.length === 0) {
      toast(t('inv.nothingToReceive'), 'error');
      return;
    }
    setBusy(true);
    try {
      const next = await call((api) =>
        api.POST('/v1/inventory/purchase-orders/{id}/receive', {
          params: { path: { id: po.id } },
          body: { lines },
        }),
      );
      setQty({});
      setCost({});
      onChanged(next);
      toast(t('inv.received'), 'success');
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="po-h">
      <div className="panel-head">
        <h2 id="po-h">{t('inv.orderFrom', { supplier: po.supplierName })}</h2>
        <StatusChip status={po.status} />
      </div>
      <table className="data">
        <thead>
          <tr>
            <th>{t('inv.item')}</th>
            <th className="num">{t('inv.ordered')}</th>
            <th className="num">{t('inv.receivedCol')}</th>
            <th className="num">{t('inv.cost')}</th>
            {receivable && <th>{t('inv.receiveNow')}</th>}
            {receivable && <th>{t('inv.paidCost')}</th>}
          </tr>
        </thead>
        <tbody>
          {po.lines.map((l) => {
            const u = unitsOf(l);
            const done = l.qtyReceived >= l.qtyOrdered;
            return (
              <tr key={l.id} aria-label={l.name}>
                <td>
                  <strong>{l.name}</strong>
                </td>
                <td className="num">{showIn(l.qtyOrdered, l.purchaseUnit, u)}</td>
                <td className={`num ${done ? 'up' : ''}`}>{showIn(l.qtyReceived, l.purchaseUnit, u)}</td>
                <td className="num">
                  {office.money(l.costOrdered)}
                  {l.costReceived > 0 && (
                    <div className="muted small-text">
                      {t('inv.paid', { amount: office.money(l.costReceived) })}
                    </div>
                  )}
                </td>
                {receivable && (
                  <td>
                    {!done && (
                      <span className="inline-qty">
                        <input
                          inputMode="decimal"
                          aria-label={t('inv.receiveQtyOf', { name: l.name })}
                          placeholder={showIn(l.qtyOrdered - l.qtyReceived, l.purchaseUnit, u).split(' ')[0]}
                          value={qty[l.id] ?? ''}
                          onChange={(e) => setQty((s) => ({ ...s, [l.id]: e.target.value }))}
                        />
                        <span className="muted">{l.purchaseUnit}</span>
                      </span>
                    )}
                  </td>
                )}
                {receivable && (
                  <td>
                    {!done && (
                      <input
                        className="money-input"
                        inputMode="decimal"
                        aria-label={t('inv.paidCostOf', { name: l.name })}
                        placeholder={t('inv.asOrdered')}
                        value={cost[l.id] ?? ''}
                        onChange={(e) =>
                          setCost((s) => ({ ...s, [l.id]: e.target.value.replace(/[^\d.]/g, '') }))
                        }
                      />
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th colSpan={3}>{t('inv.total')}</th>
            <td className="num">{office.money(po.total)}</td>
            {receivable && <td colSpan={2} />}
          </tr>
        </tfoot>
      </table>
      <div className="actions-row">
        {po.status === 'draft' && (
          <Button variant="primary" disabled={busy} onClick={() => void act('send')}>
            {t('inv.sendOrder')}
          </Button>
        )}
        {receivable && (
          <>
            <Button variant="primary" disabled={busy} onClick={() => void receive(false)}>
              {t('inv.receiveTyped')}
            </Button>
            <Button disabled={busy} onClick={() => void receive(true)}>
              {t('inv.receiveAll')}
            </Button>
          </>
        )}
        {(po.status === 'draft' || receivable) && (
          <Button variant="ghost" className="danger-link" disabled={busy} onClick={() => void act('cancel')}>
            {t('inv.cancelOrder')}
          </Button>
        )}
      </div>
    </section>
  );
}
