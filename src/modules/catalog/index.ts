// Public API of the catalog module: menu, prices, taxes, service charges, discounts, versions.
export {
  createItemsService,
  type ItemsService,
  type ItemDto,
  type ModifierGroupDto,
} from './items.service.ts';
export {
  createPricingSetupService,
  type PricingSetupService,
  type TaxRateDto,
  type ServiceChargeDto,
  type DiscountDto,
} from './pricing-setup.service.ts';
export {
  createMenuService,
  effectiveTaxRateIds,
  type MenuService,
  type SaleItem,
  type SaleTaxRate,
} from './menu.service.ts';
export { catalogRoutes } from './catalog.routes.ts';
