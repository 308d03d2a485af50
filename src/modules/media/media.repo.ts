import type { Insertable } from 'kysely';
import type { DB, Executor, Tx } from '../../platform/db/db.ts';

/** An image's description, without its bytes. */
const META = ['id', 'content_type', 'width', 'height', 'byte_size', 'sha256', 'created_at'] as const;

export type ImageMeta = Awaited<ReturnType<typeof findImageBySha>>;

export async function findImageBySha(db: Executor, tenantId: string, sha256: string) {
  return db
    .selectFrom('media_images')
    .select(META)
    .where('tenant_id', '=', tenantId)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
}

export async function findImageMeta(db: Executor, tenantId: string, id: string) {
  return db
    .selectFrom('media_images')
    .select(META)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The bytes and type of one image, for serving. */
export async function findImageBytes(db: Executor, tenantId: string, id: string) {
  return db
    .selectFrom('media_images')
    .select(['content_type', 'sha256', 'bytes'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Inserts an image unless the same bytes are stored already (then nothing: the caller re-reads). */
export async function insertImage(tx: Tx, row: Insertable<DB['media_images']>): Promise<boolean> {
  const r = await tx
    .insertInto('media_images')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'sha256']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}
