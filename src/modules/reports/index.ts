export { reportsRoutes } from './reports.routes.ts';
export { createReports, createReportsModule, type ReportsOptions } from './reports.module.ts';
export { catchUp as catchUpReports } from './projector.ts';
export { rebuild as rebuildReports } from './projector.ts';
export { checkReports } from './reports-check.ts';
