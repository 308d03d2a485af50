// The kitchen display: sign in with the kitchen account, pick the outlet (when there are several)
// and the station, then the tickets. `/kitchen/board` is the customers' order-ready board.
import { LanguageSwitch as SharedLanguageSwitch, PasswordSignIn } from '../shared/ui/sign-in.tsx';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/api.ts';
import { Button, Toasts } from '../shared/ui/ui.tsx';
import { Board } from './Board.tsx';
import { Display } from './Display.tsx';
import { kitchen, prefs } from './session.ts';
import type { Station } from './tickets.ts';

type Outlet = { id: string; name: string };
const isBoard = () => /^\/kitchen\/board\/?$/.test(location.pathname);

export function App() {
  const [signedIn, setSignedIn] = useState(kitchen.session() !== null);
  useEffect(() => kitchen.onSessionChange(() => setSignedIn(kitchen.session() !== null)), []);
  return <Toasts>{signedIn ? <Shell /> : <SignIn />}</Toasts>;
}

export function LanguageSwitch() {
  const { t } = useTranslation();
  return <SharedLanguageSwitch label={t('app.language')} remember={(l) => prefs.set('lang', l)} />;
}

function SignIn() {
  const { t } = useTranslation();
  return (
    <PasswordSignIn
      signIn={(email, password) => kitchen.signIn(email, password)}
      title={isBoard() ? t('app.board') : undefined}
      look={{
        screen: 'k-center',
        card: 'k-card k-signin',
        brand: 'k-brand',
        field: 'k-field',
        lead: 'k-muted',
        error: 'k-error',
        submit: 'primary',
      }}
      footer={<LanguageSwitch />}
    />
  );
}

/** Loads the outlets and the chosen outlet's stations; shows a picker until both are chosen. */
function Shell() {
  const { t } = useTranslation();
  const [outlets, setOutlets] = useState<Outlet[] | null>(null);
  const [outletId, setOutletId] = useState<string | null>(prefs.get('outlet'));
  const [stations, setStations] = useState<Station[] | null>(null);
  const [stationId, setStationId] = useState<string | null>(prefs.get('station'));
  const [failure, setFailure] = useState<string | null>(null);
  const [board] = useState(isBoard);

  useEffect(() => {
    kitchen
      .call((api) => api.GET('/v1/outlets', { params: { query: { limit: 100 } } }))
      .then((page) => {
        const list = page.items.map((o) => ({ id: o.id, name: o.name }));
        setOutlets(list);
        // One outlet: no question to ask. A remembered outlet that is gone: ask again.
        setOutletId((chosen) =>
          list.length === 1 ? list[0]!.id : list.some((o) => o.id === chosen) ? chosen : null,
        );
      })
      .catch((err: unknown) => setFailure((err as Error).message));
  }, []);

  useEffect(() => {
    if (!outletId) {
      return;
    }
    prefs.set('outlet', outletId);
    setStations(null);
    kitchen
      .call((api) => api.GET('/v1/kitchen/stations', { params: { query: { outletId, limit: 100 } } }))
      .then((page) => {
        setStations(page.items);
        setStationId((chosen) => (page.items.some((s) => s.id === chosen) ? chosen : null));
      })
      .catch((err: unknown) =>
        setFailure(
          err instanceof ApiError && err.status === 403 ? t('signIn.noAccess') : (err as Error).message,
        ),
      );
  }, [outletId, t]);

  const pickStation = (id: string | null) => {
    prefs.set('station', id);
    setStationId(id);
  };

  if (failure) {
    return (
      <main className="k-center">
        <div className="k-card">
          <p role="alert">{failure}</p>
          <Button onClick={() => void kitchen.signOut()}>{t('app.signOut')}</Button>
        </div>
      </main>
    );
  }
  if (!outlets) {
    return <main className="k-center" aria-busy="true" />;
  }
  const outlet = outlets.find((o) => o.id === outletId);
  if (!outlet) {
    return (
      <Picker title={t('pick.outlet')}>
        {outlets.map((o) => (
          <button key={o.id} type="button" className="k-choice" onClick={() => setOutletId(o.id)}>
            <strong>{o.name}</strong>
          </button>
        ))}
      </Picker>
    );
  }
  if (board) {
    return <Board outlet={outlet} />;
  }
  if (!stations) {
    return <main className="k-center" aria-busy="true" />;
  }
  const station = stations.find((s) => s.id === stationId);
  if (!station) {
    return (
      <Picker
        title={t('pick.station')}
        lead={outlet.name}
        back={outlets.length > 1 ? () => setOutletId(null) : undefined}
      >
        {stations.length === 0 && <p className="k-muted">{t('pick.noStations')}</p>}
        {stations.map((s) => (
          <button key={s.id} type="button" className="k-choice" onClick={() => pickStation(s.id)}>
            <strong>{s.name}</strong>
            <span className="k-muted">
              {t('pick.lateAfter', { minutes: Math.round(s.lateAfterSeconds / 60) })}
            </span>
          </button>
        ))}
        <a className="k-choice k-choice-board" href="/kitchen/board">
          <strong>{t('pick.board')}</strong>
          <span className="k-muted">{t('pick.boardLead')}</span>
        </a>
      </Picker>
    );
  }
  return (
    <Display key={station.id} outlet={outlet} station={station} onChangeStation={() => pickStation(null)} />
  );
}

function Picker({
  title,
  lead,
  back,
  children,
}: {
  title: string;
  lead?: string;
  back?: (() => void) | undefined;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <main className="k-center">
      <section className="k-card k-picker" aria-labelledby="picker-title">
        <h1 id="picker-title">{title}</h1>
        {lead && <p className="k-muted">{lead}</p>}
        <div className="k-choices">{children}</div>
        <footer className="k-picker-foot">
          {back && (
            <Button variant="ghost" onClick={back}>
              {t('pick.changeOutlet')}
            </Button>
          )}
          <LanguageSwitch />
          <Button variant="ghost" onClick={() => void kitchen.signOut()}>
            {t('app.signOut')}
          </Button>
        </footer>
      </section>
    </main>
  );
}
