// Public API of the audit module: reading and verifying the tenant's hash-chained audit log.
// Writing entries is platform/audit (every module records through ServiceContext.audit).
export { auditRoutes } from './audit.routes.ts';
