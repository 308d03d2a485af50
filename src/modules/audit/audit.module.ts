import type { AppModule } from '../../platform/module.ts';
import { auditRoutes } from './audit.routes.ts';

/** Audit: reading and verifying the tenant's hash-chained log (writing is platform/audit). */
export function createAuditModule() {
  return { name: 'audit', services: {}, routes: auditRoutes } satisfies AppModule;
}
