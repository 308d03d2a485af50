/**
 * The permission catalogue. Roles (built-in and custom) and API-key scopes are sets of these.
 * Add a permission here when a module gains a guarded action; never reuse a name for another meaning.
 */
export const PERMISSIONS = {
  'tenant:manage': 'Change business settings (name, timezone, locale, taxes)',
  'outlets:manage': 'Create and change outlets',
  'registers:manage': 'Create and change registers (counters)',
  'devices:manage': 'Issue pairing codes, list and revoke register devices',
  'staff:read': 'See staff members and their roles',
  'staff:manage': 'Add staff, change their roles, outlets and PINs',
  'roles:manage': 'Create and change custom roles',
  'api_keys:manage': 'Create and revoke API keys',
  'audit:read': 'Read and verify the audit log',
  'catalog:read': 'Read the menu and catalog',
  'catalog:manage': 'Change the menu, prices, taxes and discounts',
  'orders:read': 'See orders',
  'orders:create': 'Create and edit orders',
  'orders:void': 'Void lines after sending and cancel orders',
  'orders:discount_over_limit': 'Apply discounts above the approval threshold',
  'payments:create': 'Take payments',
  'payments:read': 'See payments and refunds (amounts, card brand and last 4 digits)',
  'payments:refund': 'Refund payments',
  'cash:manage': 'Open and close cash drawers (blind count), paid in and paid out, drops',
  'cash:no_sale': 'Open the cash drawer without a sale',
  'cash:approve_variance': "Accept a drawer count whose variance is above the outlet's threshold",
  'kitchen:read': 'See kitchen tickets',
  'kitchen:bump': 'Bump and recall kitchen tickets, change the state of their lines',
  'kitchen:manage': 'Set up kitchen stations and routing',
  'floor:read': 'See the floor plan, its tables and what is seated where',
  'floor:manage': 'Set up floors and tables',
  'reports:read': 'Read sales, tax and labour reports',
  'customers:manage': 'See and change customer profiles',
  'inventory:read': 'See stock levels, movements, recipes, purchase orders, valuation and margins',
  'inventory:manage': 'Adjust, receive and count stock; recipes, suppliers, purchase orders and transfers',
  'timeclock:manage': 'Edit time clock entries of other staff',
  'webhooks:manage': 'Manage outgoing webhooks',
  'events:read': 'Read the event log and subscribe to realtime events',
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}

export const BUILTIN_ROLE_KEYS = ['owner', 'admin', 'manager', 'cashier', 'waiter', 'kitchen'] as const;
export type BuiltinRoleKey = (typeof BUILTIN_ROLE_KEYS)[number];

const MANAGER: Permission[] = ALL_PERMISSIONS.filter(
  (p) => !['tenant:manage', 'roles:manage', 'api_keys:manage', 'webhooks:manage'].includes(p),
);

/** The permissions of each built-in role, created for every tenant at sign-up. */
export const BUILTIN_ROLES: Record<BuiltinRoleKey, { name: string; permissions: readonly Permission[] }> = {
  owner: { name: 'Owner', permissions: ALL_PERMISSIONS },
  admin: { name: 'Admin', permissions: ALL_PERMISSIONS },
  manager: { name: 'Manager', permissions: MANAGER },
  cashier: {
    name: 'Cashier',
    permissions: [
      'catalog:read',
      'orders:read',
      'orders:create',
      'payments:create',
      'payments:read',
      'cash:manage',
      'kitchen:read',
      'floor:read',
      'events:read',
    ],
  },
  waiter: {
    name: 'Waiter',
    permissions: [
      'catalog:read',
      'orders:read',
      'orders:create',
      'payments:create',
      'payments:read',
      'kitchen:read',
      'floor:read',
      'events:read',
    ],
  },
  // The kitchen never sees money: no orders (totals), no catalog (prices), no payments.
  kitchen: {
    name: 'Kitchen',
    permissions: ['kitchen:read', 'kitchen:bump', 'events:read'],
  },
};
