// The back office's own sign-in (email + password), kept apart from the register's PIN session and
// the waiter's on the same origin (its own storage key), with CSV downloads and image uploads.
import { ApiError } from '../shared/api.ts';
import { createPasswordSession } from '../shared/password-session.ts';

const office = createPasswordSession('kasir.office.session');
export const { session, onSessionChange, signIn, signOut, call, freshToken } = office;

/** A file the API serves only with the session's token (a QR image, a printable sheet, a CSV). */
export async function fetchFile(path: string, accept: string): Promise<Response> {
  await office.ensureFresh();
  const res = await fetch(path, {
    headers: { authorization: `Bearer ${session()?.accessToken ?? ''}`, accept },
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { code?: string; detail?: string };
    throw new ApiError(res.status, body.code ?? `http.${res.status}`, body.detail ?? res.statusText);
  }
  return res;
}

/** Downloads a report as CSV (the browser saves it under the server's file name). */
export async function downloadCsv(path: string): Promise<void> {
  const res = await fetchFile(path, 'text/csv');
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'report.csv';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** What an upload answers: the image's id and where it is served. */
export interface UploadedImage {
  id: string;
  url: string;
  width: number;
  height: number;
}

/** Uploads an image file (PNG, JPEG or WebP, ≤ 1 MiB): its bytes are the request body. */
export async function uploadImage(file: Blob): Promise<UploadedImage> {
  await office.ensureFresh();
  const res = await fetch('/v1/media/images', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${session()?.accessToken ?? ''}`,
      'content-type': file.type || 'application/octet-stream',
    },
    body: file,
  });
  const body = (await res.json().catch(() => ({}))) as { code?: string; detail?: string };
  if (!res.ok) {
    throw new ApiError(res.status, body.code ?? `http.${res.status}`, body.detail ?? res.statusText);
  }
  return body as unknown as UploadedImage;
}
