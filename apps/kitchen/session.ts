// The kitchen display's sign-in (the kitchen account by email and password), kept apart from the
// back office's and the register's sessions on the same origin.
import { createPasswordSession } from '../shared/password-session.ts';

export const kitchen = createPasswordSession('kasir.kitchen.session');

/** Where this screen's choices live on the device (outlet, station, sound, language). */
export const prefs = {
  get(key: 'outlet' | 'station' | 'sound' | 'lang'): string | null {
    return localStorage.getItem(`kasir.kitchen.${key}`);
  },
  set(key: 'outlet' | 'station' | 'sound' | 'lang', value: string | null): void {
    if (value === null) {
      localStorage.removeItem(`kasir.kitchen.${key}`);
    } else {
      localStorage.setItem(`kasir.kitchen.${key}`, value);
    }
  },
};
