// Public API of the media module: uploaded images, stored in the database and served public.
export { assertTenantImage, createMediaService, imagePath, type MediaService } from './media.service.ts';
export { findImageBytes } from './media.repo.ts';
export { createMediaModule } from './media.module.ts';
