import { createHash } from 'node:crypto';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Executor, Tx } from '../../platform/db/db.ts';
import { actorRefOf, type ServiceContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { newId } from '../../platform/ids/ids.ts';
import { MAX_IMAGE_BYTES, sniffImage } from './image-sniff.ts';
import * as repo from './media.repo.ts';

/** Where an image is served: public, immutable (its bytes never change under its id). */
export const imagePath = (tenantId: string, id: string) => `/media/${tenantId}/${id}`;

export interface ImageDto {
  id: string;
  contentType: string;
  width: number;
  height: number;
  byteSize: number;
  url: string;
  createdAt: string;
}

function toDto(tenantId: string, m: NonNullable<repo.ImageMeta>): ImageDto {
  return {
    id: m.id,
    contentType: m.content_type,
    width: m.width,
    height: m.height,
    byteSize: m.byte_size,
    url: imagePath(tenantId, m.id),
    createdAt: new Date(m.created_at).toISOString(),
  };
}

/**
 * Throws 422 `media.image_invalid` unless `imageId` names an image of this tenant. The foreign
 * keys say the same; this says it first, as a clear error instead of a constraint violation.
 */
export async function assertTenantImage(db: Executor, tenantId: string, imageId: string): Promise<void> {
  if (!(await repo.findImageMeta(db, tenantId, imageId))) {
    throw new AppError('media.image_invalid', 'No such image in this business; upload it first.', {
      field: 'imageId',
      id: imageId,
    });
  }
}

/** Uploading and serving images. */
export function createMediaService(deps: { clock: Clock }) {
  return {
    /**
     * Stores an uploaded image: only PNG, JPEG or WebP by their bytes, 1 byte … 1 MiB. The same
     * bytes uploaded again are the same image (one row, the first id): an upload is idempotent by
     * its content, so it needs no Idempotency-Key.
     */
    async upload(tx: Tx, ctx: ServiceContext, bytes: Buffer): Promise<ImageDto> {
      if (bytes.length === 0) {
        throw new AppError('media.empty', 'The request has no image: send its bytes as the body.');
      }
      if (bytes.length > MAX_IMAGE_BYTES) {
        throw new AppError('media.too_large', `An image may be at most ${MAX_IMAGE_BYTES} bytes (1 MiB).`, {
          limit: MAX_IMAGE_BYTES,
        });
      }
      const image = sniffImage(bytes);
      if (!image) {
        throw new AppError(
          'media.unsupported_type',
          'Only PNG, JPEG and WebP images are accepted (judged by their bytes).',
        );
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const id = newId();
      const created = await repo.insertImage(tx, {
        tenant_id: ctx.tenantId,
        id,
        content_type: image.type,
        width: image.width,
        height: image.height,
        byte_size: bytes.length,
        sha256,
        bytes,
        created_by: actorRefOf(ctx.principal),
        created_at: deps.clock.now(),
      });
      const stored = await repo.findImageBySha(tx, ctx.tenantId, sha256);
      if (!stored) {
        throw new Error('image vanished after insert');
      }
      if (created) {
        ctx.audit({
          action: 'media.image_uploaded',
          targetType: 'image',
          targetId: stored.id,
          after: {
            contentType: image.type,
            width: image.width,
            height: image.height,
            byteSize: bytes.length,
          },
        });
      }
      return toDto(ctx.tenantId, stored);
    },

    /** An image's bytes and type for the public route; 404 `media.not_found` when there is none. */
    async read(db: Executor, tenantId: string, id: string) {
      const row = await repo.findImageBytes(db, tenantId, id);
      if (!row) {
        throw new AppError('media.not_found', 'No such image.');
      }
      return { contentType: row.content_type, etag: `"${row.sha256}"`, bytes: row.bytes };
    },
  };
}
export type MediaService = ReturnType<typeof createMediaService>;
