// The waiter signs in on their own phone by e-mail and password: a session of its own on this
// origin (not the register's PIN session, not the back office's).
import { createPasswordSession } from '../shared/password-session.ts';

export const waiter = createPasswordSession('kasir.waiter.session');
export const { call } = waiter;
