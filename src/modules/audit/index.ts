// Public API of the audit module: reading and verifying the tenant's hash-chained audit log.
// Writing entries is platform/audit (every module records through ServiceContext.audit).
export { createAuditModule } from './audit.module.ts';
