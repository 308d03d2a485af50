import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegHeader, pngImage, webpHeader } from '../../../test/support/images.ts';
import {
  addStaff,
  client,
  createTenant,
  createTestApp,
  type TenantFixture,
  type TestApp,
} from '../../../test/support/test-app.ts';
import { MAX_IMAGE_BYTES, sniffImage } from './image-sniff.ts';

let t: TestApp;
let a: TenantFixture;
let b: TenantFixture;

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.app, 'Media Alpha');
  b = await createTenant(t.app, 'Media Beta');
});
afterAll(async () => {
  await t.close();
});

const api = () => client(t.app);

function upload(bytes: Buffer | string, token: string | null, contentType = 'image/png') {
  return t.app.inject({
    method: 'POST',
    url: '/v1/media/images',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(contentType ? { 'content-type': contentType } : {}),
    },
    payload: bytes,
  });
}

describe('sniffing (pure)', () => {
  it('reads type and size from the bytes of PNG, JPEG and WebP', () => {
    expect(sniffImage(pngImage(40, 30))).toEqual({ type: 'image/png', width: 40, height: 30 });
    expect(sniffImage(jpegHeader(640, 480))).toEqual({ type: 'image/jpeg', width: 640, height: 480 });
    expect(sniffImage(webpHeader(300, 200))).toEqual({ type: 'image/webp', width: 300, height: 200 });
  });

  it('refuses what is not one of them, or whose header is cut short', () => {
    const png = pngImage(4, 4);
    for (const bytes of [
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
      Buffer.from('GIF89a\x01\x00\x01\x00'),
      Buffer.from('<html><script>alert(1)</script></html>'),
      png.subarray(0, 8), // the signature alone
      png.subarray(0, 20),
      jpegHeader(10, 10).subarray(0, 12),
      webpHeader(10, 10).subarray(0, 16),
      Buffer.alloc(0),
      Buffer.from([0xff, 0xd8, 0xff, 0xd9]), // SOI then EOI: no frame
    ]) {
      expect(sniffImage(bytes)).toBeNull();
    }
    const zero = pngImage(4, 4);
    zero.writeUInt32BE(0, 16); // width 0
    expect(sniffImage(zero)).toBeNull();
  });
});

describe('POST /v1/media/images', () => {
  it('stores a PNG and serves it public, immutable, with its type and ETag', async () => {
    const png = pngImage(64, 48);
    const res = await upload(png, a.ownerToken);
    expect(res.statusCode, res.body).toBe(201);
    const image = res.json();
    expect(image).toMatchObject({ contentType: 'image/png', width: 64, height: 48, byteSize: png.length });
    expect(image.url).toBe(`/media/${a.tenantId}/${image.id}`);

    const served = await t.app.inject({ method: 'GET', url: image.url });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.rawPayload.equals(png)).toBe(true);
    const etag = String(served.headers.etag);
    const again = await t.app.inject({ method: 'GET', url: image.url, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);

    // The same bytes again: the same image (uploads are idempotent by content).
    const dup = await upload(png, a.ownerToken, 'application/octet-stream');
    expect(dup.statusCode).toBe(201);
    expect(dup.json().id).toBe(image.id);
  });

  it('takes the type from the bytes, not the header: a JPEG sent as image/png is served as JPEG', async () => {
    const res = await upload(jpegHeader(320, 240), a.ownerToken, 'image/png');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ contentType: 'image/jpeg', width: 320, height: 240 });
    const served = await t.app.inject({ method: 'GET', url: res.json().url });
    expect(served.headers['content-type']).toBe('image/jpeg');
    const webp = await upload(webpHeader(100, 80), a.ownerToken, 'image/webp');
    expect(webp.json()).toMatchObject({ contentType: 'image/webp', width: 100, height: 80 });
  });

  it('refuses non-images, empty and over-large bodies, JSON and forms with a 4xx problem', async () => {
    const cases: Array<[Buffer | string, string, number, string]> = [
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png', 415, 'media.unsupported_type'],
      [
        Buffer.from('<html><script>x</script></html>'),
        'application/octet-stream',
        415,
        'media.unsupported_type',
      ],
      [Buffer.alloc(0), 'image/png', 400, 'media.empty'],
      [JSON.stringify({ image: 'x' }), 'application/json', 415, 'media.unsupported_type'],
      ['--fuzz\r\n', 'multipart/form-data; boundary=fuzz', 415, 'request.unsupported_media_type'],
      ['x', 'text/plain', 415, 'request.unsupported_media_type'],
    ];
    for (const [body, type, status, code] of cases) {
      const res = await upload(body, a.ownerToken, type);
      expect(res.statusCode, `${type}: ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe(code);
    }
    // One byte over the limit (a real PNG header, padded) is a 413 before the service sees it.
    const big = Buffer.concat([pngImage(8, 8), Buffer.alloc(MAX_IMAGE_BYTES)]).subarray(
      0,
      MAX_IMAGE_BYTES + 1,
    );
    const tooBig = await upload(big, a.ownerToken);
    expect(tooBig.statusCode).toBe(413);
    // Exactly the limit is fine.
    const atLimit = await upload(big.subarray(0, MAX_IMAGE_BYTES), a.ownerToken);
    expect(atLimit.statusCode, atLimit.body).toBe(201);
  });

  it('needs a credential with catalog:manage', async () => {
    expect((await upload(pngImage(2, 2), null)).statusCode).toBe(401);
    const cashier = await addStaff(t.app, a, 'cashier');
    const res = await upload(pngImage(2, 2), cashier.token);
    expect(res.statusCode).toBe(403);
  });
});

describe('tenant isolation', () => {
  it("another business's image id on an item or outlet logo is a 422, and is not served under another tenant", async () => {
    const mine = (await upload(pngImage(10, 10, [1, 2, 3]), a.ownerToken)).json();
    // Served only under its own tenant's path.
    expect((await t.app.inject({ method: 'GET', url: `/media/${b.tenantId}/${mine.id}` })).statusCode).toBe(
      404,
    );
    const unknown = await t.app.inject({ method: 'GET', url: `/media/${a.tenantId}/${b.tenantId}` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('media.not_found');

    const item = await api().post(
      '/v1/catalog/items',
      { name: 'Foreign picture', imageId: mine.id, variants: [{ name: 'One', price: 100 }] },
      b.ownerToken,
    );
    expect(item.status).toBe(422);
    expect(item.body.code).toBe('media.image_invalid');
    const logo = await api().patch(
      `/v1/outlets/${b.outletId}/cash-settings`,
      { logoImageId: mine.id },
      b.ownerToken,
    );
    expect(logo.status).toBe(422);
  });

  it("an item with its own business's image answers its served path; the menu carries it", async () => {
    const image = (await upload(pngImage(12, 12, [9, 9, 9]), a.ownerToken)).json();
    const created = await api().post(
      '/v1/catalog/items',
      { name: 'Kopi Susu', imageId: image.id, variants: [{ name: 'Regular', price: 2_000_000 }] },
      a.ownerToken,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ imageId: image.id, imageUrl: image.url });
    const menu = await api().get(`/v1/catalog/menu?outletId=${a.outletId}`, a.ownerToken);
    expect(menu.body.items.find((i: { id: string }) => i.id === created.body.id)).toMatchObject({
      imageUrl: image.url,
    });
    // A URL replaces the uploaded picture; null removes it.
    const byUrl = await api().patch(
      `/v1/catalog/items/${created.body.id}`,
      { imageUrl: 'https://cdn.example.com/kopi.png' },
      a.ownerToken,
    );
    expect(byUrl.body).toMatchObject({ imageId: null, imageUrl: 'https://cdn.example.com/kopi.png' });
    const both = await api().patch(
      `/v1/catalog/items/${created.body.id}`,
      { imageUrl: 'https://cdn.example.com/kopi.png', imageId: image.id },
      a.ownerToken,
    );
    expect(both.status).toBe(422);
  });

  it("the outlet's receipt logo shows on the hosted receipt", async () => {
    const logo = (await upload(pngImage(30, 20, [200, 0, 0]), a.ownerToken)).json();
    const settings = await api().patch(
      `/v1/outlets/${a.outletId}/cash-settings`,
      { logoImageId: logo.id, taxId: '01.234.567.8-901.000', receiptFooter: 'Terima kasih!' },
      a.ownerToken,
    );
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    expect(settings.body).toMatchObject({ logoImageId: logo.id, logoUrl: logo.url });
    const item = (await api().get('/v1/catalog/items', a.ownerToken)).body.items[0];
    const sale = await api().post(
      '/v1/sales',
      {
        outletId: a.outletId,
        registerId: a.registerId,
        diningOption: 'takeaway',
        lines: [{ itemId: item.id, variantId: item.variants[0].id, quantity: 1 }],
        payments: [{ method: 'cash', tendered: 5_000_000 }],
      },
      a.ownerToken,
    );
    expect(sale.status, JSON.stringify(sale.body)).toBe(201);
    const orderId = sale.body.order?.id ?? sale.body.id;
    const receipt = await api().get(`/v1/orders/${orderId}/receipt`, a.ownerToken);
    expect(receipt.body.business).toMatchObject({ logoImageId: logo.id, logoUrl: logo.url });
    const link = new URL(receipt.body.link, 'http://kasir.test');
    const hosted = await t.app.inject({ method: 'GET', url: link.pathname + link.search });
    expect(hosted.statusCode).toBe(200);
    expect(hosted.body).toContain(`<img src="${logo.url}"`);
    expect(hosted.headers['content-security-policy']).toContain("img-src 'self'");
  });
});
