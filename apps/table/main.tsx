import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n, languageOf } from '../shared/i18n.ts';
import '../shared/ui/theme.css';
import '../shared/ui/chips.css';
import './table.css';
import { App } from './App.tsx';
import { resources } from './strings.ts';

// The customer's choice on this phone, else the phone's language (Indonesian unless English).
const lang = languageOf(localStorage.getItem('kasir.t.lang') ?? navigator.language);
initI18n(resources, lang);
document.documentElement.lang = lang;
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
