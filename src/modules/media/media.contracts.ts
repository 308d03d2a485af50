import { Type } from 'typebox';
import { nameSchemas } from '../../platform/http/openapi-contract.ts';
import { Timestamp, Uuid } from '../../platform/http/schemas.ts';
import { MAX_IMAGE_BYTES } from './image-sniff.ts';

/** The types an upload may be sent as (its bytes decide what it is). */
export const UPLOAD_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/octet-stream'];

export const ImageUploadBody = Type.Unsafe<Buffer>(
  Type.String({
    format: 'binary',
    maxLength: MAX_IMAGE_BYTES,
    description: 'The image file itself (PNG, JPEG or WebP, at most 1 MiB) as the request body.',
  }),
);

export const ImageSchema = Type.Object({
  id: Uuid,
  contentType: Type.String({ description: 'image/png, image/jpeg or image/webp, from the bytes' }),
  width: Type.Integer({ minimum: 1 }),
  height: Type.Integer({ minimum: 1 }),
  byteSize: Type.Integer({ minimum: 1 }),
  url: Type.String({ description: 'where it is served, public and immutable: /media/{tenantId}/{id}' }),
  createdAt: Timestamp,
});

export const ImageParams = Type.Object({ tenantId: Uuid, id: Uuid });

export const ImageFile = Type.Unsafe<Buffer>(
  Type.String({ format: 'binary', description: 'The image bytes (PNG, JPEG or WebP)' }),
);

nameSchemas({ Image: ImageSchema });
