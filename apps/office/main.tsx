import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n, languageOf } from '../shared/i18n.ts';
import '../shared/ui/theme.css';
import './office.css';
import './settings.css';
import './manage.css';
import { App } from './App.tsx';
import { resources } from './strings.ts';

// The person's choice on this device, else the browser's language.
const lang = languageOf(localStorage.getItem('kasir.office.lang') ?? navigator.language);
initI18n(resources, lang);
document.documentElement.lang = lang;
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
