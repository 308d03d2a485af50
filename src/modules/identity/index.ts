// Public API of the identity module: users, memberships, roles, sessions, API keys, devices,
// manager approvals. Other modules import only from here.
export { createAuthService, type AuthService } from './auth.service.ts';
export { createStaffService, type StaffService } from './staff.service.ts';
export { createCredentialsService, type CredentialsService } from './credentials.service.ts';
export { assertOutletAccess, authorize, outletFilter } from './access.ts';
export { PERMISSIONS, ALL_PERMISSIONS, BUILTIN_ROLES, isPermission, type Permission } from './permissions.ts';
export { identityRoutes } from './identity.routes.ts';
export { findUserByEmail } from './identity.repo.ts';
export { upsertPlatformAdmin, PLATFORM_PASSWORD_MIN, type PlatformAdminInput } from './platform-admins.ts';
