/** What the catalog routes need: reading (catalog:read) and changing (catalog:manage). */
export const read = { permission: 'catalog:read' } as const;
export const write = { permission: 'catalog:manage' } as const;
