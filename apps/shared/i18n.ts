// Indonesian and English from the first screen (i18next). The tenant's locale is the default; a
// person can switch, and the choice is remembered on this device for them.
import i18next, { type BackendModule, type Resource, type ResourceKey } from 'i18next';
import { initReactI18next } from 'react-i18next';

export type Language = 'id' | 'en';
export const LANGUAGES: { code: Language; label: string }[] = [
  { code: 'id', label: 'Bahasa Indonesia' },
  { code: 'en', label: 'English' },
];

/** `id-ID` → `id`; anything not Indonesian → English. */
export function languageOf(locale: string | null | undefined): Language {
  return locale?.toLowerCase().startsWith('id') ? 'id' : 'en';
}

/** The BCP 47 locale used for numbers and money in a language. */
export const numberLocale = (lang: string) => (lang === 'id' ? 'id-ID' : 'en-US');

export function initI18n(resources: Resource, lng: Language): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  // Screen readers and hyphenation follow the page's language.
  i18next.on('languageChanged', (l) => {
    document.documentElement.lang = l;
  });
  return i18next;
}

const userKey = (membershipId: string) => `kasir.lang.${membershipId}`;
/** A person's own language on this device, else the tenant's. */
export function preferredLanguage(membershipId: string | null, tenantLocale: string | null): Language {
  const own = membershipId ? localStorage.getItem(userKey(membershipId)) : null;
  return own === 'id' || own === 'en' ? own : languageOf(tenantLocale);
}
export function hasOwnLanguage(membershipId: string): boolean {
  return localStorage.getItem(userKey(membershipId)) !== null;
}
/** A choice made on the lock screen, before anyone signed in: it becomes the next person's. */
const PENDING = 'kasir.lang.pending';
export function rememberPendingLanguage(lang: Language): void {
  localStorage.setItem(PENDING, lang);
}
export function takePendingLanguage(): Language | null {
  const v = localStorage.getItem(PENDING);
  localStorage.removeItem(PENDING);
  return v === 'id' || v === 'en' ? v : null;
}
export function rememberLanguage(membershipId: string, lang: Language): void {
  localStorage.setItem(userKey(membershipId), lang);
}

/** Each language's words, fetched when first used (a chunk per language). */
export type LanguageLoaders = Record<Language, () => Promise<Record<string, unknown>>>;

/**
 * Like initI18n, but only the screen's language is fetched; switching fetches the other one
 * before the switch (i18next waits for its backend), so a screen never shows raw keys.
 */
export async function initI18nLazy(loaders: LanguageLoaders, lng: Language): Promise<typeof i18next> {
  const backend: BackendModule = {
    type: 'backend',
    init: () => undefined,
    read: (language, _namespace, callback) => {
      loaders[languageOf(language)]().then(
        (words) => callback(null, words as ResourceKey),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), false),
      );
    },
  };
  await i18next
    .use(backend)
    .use(initReactI18next)
    .init({
      lng,
      fallbackLng: false, // every language is complete (typed): never fetch a second one
      interpolation: { escapeValue: false },
      returnNull: false,
      react: { useSuspense: false },
    });
  i18next.on('languageChanged', (l) => {
    document.documentElement.lang = l;
  });
  return i18next;
}
