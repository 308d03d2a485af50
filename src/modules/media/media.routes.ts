import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../platform/http/errors.ts';
import { runMutation } from '../../platform/http/mutation.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { MAX_IMAGE_BYTES } from './image-sniff.ts';
import * as c from './media.contracts.ts';
import type { MediaService } from './media.service.ts';

/** An image never changes under its id: a year, immutable, and embeddable from anywhere. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Image uploads (the raw bytes as the body) and public serving: thin routes. */
export const mediaRoutes: FastifyPluginAsyncTypebox<{ media: MediaService }> = async (app, { media }) => {
  const tags = ['media'];
  // The image's bytes are the body, read whole up to 1 MiB (a longer body is a 413 before any of it
  // is kept). Only in this plugin: every other route still takes JSON only. No multipart, so no
  // stream that a malformed request could leave waiting.
  app.addContentTypeParser(
    c.UPLOAD_TYPES,
    { parseAs: 'buffer', bodyLimit: MAX_IMAGE_BYTES },
    (_req, body, done) => done(null, body),
  );

  app.post(
    '/v1/media/images',
    {
      schema: {
        tags,
        operationId: 'createImage',
        summary: 'Upload an image (item picture, receipt logo)',
        description:
          "The image file as the body (`Content-Type: image/png`, `image/jpeg`, `image/webp` or `application/octet-stream`), at most 1 MiB. What it is comes from its bytes: anything but a PNG, JPEG or WebP with a readable size is a 415 `media.unsupported_type`. The same bytes uploaded again give the same image. Use its id as an item's `imageId` or an outlet's `logoImageId`; it is served at its `url`. Audited.",
        consumes: c.UPLOAD_TYPES,
        body: c.ImageUploadBody,
        response: { 201: c.ImageSchema, ...errorResponses },
      },
      // The body is bytes, checked by the service: no JSON schema to run over it.
      validatorCompiler: () => () => true,
      bodyLimit: MAX_IMAGE_BYTES,
      config: { permission: 'catalog:manage', idempotency: false },
    },
    async (req, reply) => {
      const body: unknown = req.body;
      if (!Buffer.isBuffer(body)) {
        throw body === undefined || body === null
          ? new AppError('media.empty', 'The request has no image: send its bytes as the body.')
          : new AppError(
              'media.unsupported_type',
              'Send the image file itself as the body, with Content-Type image/png, image/jpeg or image/webp.',
            );
      }
      return runMutation(req, reply, (tx, ctx) => media.upload(tx, ctx, body), { status: 201 });
    },
  );

  app.get(
    '/media/:tenantId/:id',
    {
      schema: {
        tags,
        operationId: 'getImage',
        summary: 'An uploaded image, public and cached for a year',
        description:
          "The image's bytes with its sniffed content type, `Cache-Control: public, max-age=31536000, immutable` and its SHA-256 as the ETag (`If-None-Match` → 304). Public, like a menu picture on a website: the ids are unguessable UUIDs. 404 `media.not_found` for an unknown image.",
        params: c.ImageParams,
        produces: ['image/*'],
        response: { 200: c.ImageFile, ...errorResponses },
      },
      config: { auth: 'public' },
    },
    async (req, reply) => {
      const image = await media.read(req.server.db, req.params.tenantId, req.params.id);
      reply
        .header('cache-control', IMMUTABLE)
        .header('etag', image.etag)
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('content-security-policy', "default-src 'none'; sandbox");
      if (req.headers['if-none-match'] === image.etag) {
        // Not modified: the typed reply wants the 200 body; a 304 has none.
        return (reply as FastifyReply).code(304).send();
      }
      return reply.type(image.contentType).send(image.bytes);
    },
  );
};
