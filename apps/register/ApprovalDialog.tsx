import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, idem, newIdempotencyKey, staff } from '../shared/api.ts';
import { applyKey, Button, Dialog, Numpad, useToast } from '../shared/ui/ui.tsx';
import { useRegister } from './context.ts';

export interface ApprovalRequest {
  permission: string;
  target: { type: string; id: string };
  /** What is being approved, in words (shown to the manager). */
  what: string;
}
type Ask = (req: ApprovalRequest) => Promise<string | null>;
const ApprovalCtx = createContext<Ask>(async () => null);

/** `await askApproval(...)` → an approval id from a manager's PIN, or null when dismissed. */
export const useApproval = () => useContext(ApprovalCtx);

/**
 * Runs a guarded action; when the server answers that it needs a manager (approvalRequired),
 * asks for a manager's PIN in place and runs it again with the approval.
 */
export function useGuarded() {
  const ask = useApproval();
  return useCallback(
    async <T,>(
      target: { type: string; id: string },
      what: string,
      action: (approvalId?: string) => Promise<T>,
    ): Promise<T | null> => {
      try {
        return await action();
      } catch (err) {
        if (err instanceof ApiError && err.details?.approvalRequired === true) {
          const approvalId = await ask({ permission: String(err.details.permission), target, what });
          return approvalId ? action(approvalId) : null;
        }
        throw err;
      }
    },
    [ask],
  );
}

export function ApprovalProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { staffList, session } = useRegister();
  const [req, setReq] = useState<ApprovalRequest | null>(null);
  const [approver, setApprover] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const resolver = useRef<((id: string | null) => void) | null>(null);

  const managers = staffList.filter(
    (s) => s.id !== session.membershipId && ['owner', 'admin', 'manager'].includes(s.role.toLowerCase()),
  );
  const candidates = managers.length ? managers : staffList.filter((s) => s.id !== session.membershipId);

  const ask = useCallback<Ask>(
    (r) =>
      new Promise((resolve) => {
        resolver.current = resolve;
        setReq(r);
        setPin('');
        setApprover(null);
      }),
    [],
  );

  const finish = (id: string | null) => {
    resolver.current?.(id);
    resolver.current = null;
    setReq(null);
  };

  async function approve() {
    const chosen = approver ?? candidates[0]?.id;
    if (!req || !chosen) {
      return;
    }
    setBusy(true);
    try {
      const res = await staff((api) =>
        api.POST('/v1/approvals', {
          body: {
            approverId: chosen,
            pin,
            permission: req.permission,
            targetType: req.target.type,
            targetId: req.target.id,
          },
          headers: idem(newIdempotencyKey()),
        }),
      );
      finish(res.approvalId);
    } catch (err) {
      setPin('');
      toast(err instanceof ApiError ? err.message : String(err), 'error');
    } finally {
      setBusy(false);
    }
  }

  const selected = approver ?? candidates[0]?.id ?? null;
  return (
    <ApprovalCtx.Provider value={ask}>
      {children}
      <Dialog
        open={req !== null}
        onOpenChange={(open) => !open && finish(null)}
        title={t('approval.title')}
        description={req ? t('approval.why', { what: req.what }) : ''}
      >
        <div className="chips" role="radiogroup" aria-label={t('approval.manager')}>
          {candidates.map((m) => (
            <button
              key={m.id}
              type="button"
              role="radio"
              aria-checked={selected === m.id}
              className={`chip ${selected === m.id ? 'chip-on' : ''}`}
              onClick={() => setApprover(m.id)}
            >
              {m.displayName}
            </button>
          ))}
        </div>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void approve();
          }}
        >
          <label className="field">
            {t('approval.pin')}
            <input
              className="input pin-field"
              type="password"
              inputMode="numeric"
              autoComplete="off"
              value={pin}
              onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
            />
          </label>
        </form>
        <Numpad label={t('approval.pin')} extra="clear" onKey={(k) => setPin((p) => applyKey(p, k, 8))} />
        <Button variant="primary" size="lg" disabled={busy || pin.length < 4} onClick={() => void approve()}>
          {t('approval.approve')}
        </Button>
      </Dialog>
    </ApprovalCtx.Provider>
  );
}
