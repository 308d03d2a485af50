// Public API of the tenancy module: tenants (businesses), outlets, registers, platform admin.
export {
  validateTenantSettings,
  type TenancyService,
  type TenantDto,
  type OutletDto,
  type RegisterDto,
} from './tenancy.service.ts';
export { getPracticalIncrement, practicalIncrementOf } from './settings.ts';
export { SignupBody, SignupResponse } from './tenancy.contracts.ts';
export { createTenancyModule } from './tenancy.module.ts';
export { requireOutlet } from './require-outlet.ts';
