// Public API of the floor module: floors, tables, seating.
export { createFloorModule } from './floor.module.ts';
export { tableStatus } from './floor-record.ts';
