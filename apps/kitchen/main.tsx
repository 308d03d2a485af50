import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n, languageOf } from '../shared/i18n.ts';
import '../shared/ui/theme.css';
import './kitchen.css';
import { App } from './App.tsx';
import { prefs } from './session.ts';
import { resources } from './strings.ts';

// The choice made on this screen, else the browser's language.
const lang = languageOf(prefs.get('lang') ?? navigator.language);
initI18n(resources, lang);
document.documentElement.lang = lang;
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
