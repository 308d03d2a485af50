// Public API of the identity module: users, memberships, roles, sessions, API keys, devices,
// manager approvals. Other modules import only from here.
export type { AuthService } from './auth.service.ts';
export type { StaffService } from './staff.service.ts';
export type { CredentialsService } from './credentials.service.ts';
export { assertOutletAccess, authorize, outletFilter } from './access.ts';
export { PERMISSIONS, ALL_PERMISSIONS, BUILTIN_ROLES, isPermission, type Permission } from './permissions.ts';
export { findUserByEmail } from './identity.repo.ts';
export { upsertPlatformAdmin, PLATFORM_PASSWORD_MIN, type PlatformAdminInput } from './platform-admins.ts';
export { createIdentityModule } from './identity.module.ts';
