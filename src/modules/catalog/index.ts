// Public API of the catalog module: menu, prices, taxes, service charges, discounts, versions.
export { type ItemsService, type ItemDto, type ModifierGroupDto } from './items.service.ts';
export {
  type PricingSetupService,
  type TaxRateDto,
  type ServiceChargeDto,
  type DiscountDto,
} from './pricing-setup.service.ts';
export { effectiveTaxRateIds, type MenuService, type SaleItem, type SaleTaxRate } from './menu.service.ts';
export { setOutletSoldOut } from './catalog.repo.ts';
export { MenuSchema } from './catalog.contracts.ts';
export { createCatalogModule } from './catalog.module.ts';
