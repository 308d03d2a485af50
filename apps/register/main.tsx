import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { credentials } from '../shared/api.ts';
import { initI18nLazy, preferredLanguage } from '../shared/i18n.ts';
import '../shared/ui/theme.css';
import '../shared/ui/chips.css';
import './register.css';
import { App } from './App.tsx';
import { preloadRegisterData } from './boot.ts';

// Before the tenant is known (a new device), the browser's language; then the tenant's or the person's.
const lang = preferredLanguage(
  credentials.session?.membershipId ?? null,
  localStorage.getItem('kasir.locale') ?? navigator.language,
);
preloadRegisterData(); // the sale screen's data, while the words and React load
// Only this screen's language is fetched (the words are a chunk per language).
await initI18nLazy(
  {
    en: () => import('./strings/en.ts').then((m) => m.en),
    id: () => import('./strings/id.ts').then((m) => m.id),
  },
  lang,
);
document.documentElement.lang = lang;
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The installable shell: a service worker caching the app (never the API), scoped to /register/.
// The module awaited its words above, so the page may have loaded already.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  const register = () =>
    void navigator.serviceWorker.register('/register/sw.js', { scope: '/register/' }).catch(() => undefined);
  if (document.readyState === 'complete') {
    register();
  } else {
    window.addEventListener('load', register);
  }
}
