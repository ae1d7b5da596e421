import createClient, { type Middleware } from 'openapi-fetch';
import { accessToken, signOutLocally } from '../auth/session';
import { currentLocale } from '../i18n/locale-state';
import { ApiError, networkError, toProblem } from './errors';
import type { paths } from './schema';

/** The typed client of the API, generated from the committed openapi.json (apps/web/src/api/schema.d.ts). */
export const api = createClient<paths>({ baseUrl: '' });

const auth: Middleware = {
  async onRequest({ request }) {
    const token = await accessToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    request.headers.set('Accept-Language', currentLocale());
    return request;
  },
  onResponse({ response }) {
    // An expired or revoked session: back to sign-in (the page keeps where the user was).
    if (response.status === 401 && !response.url.includes('/api/auth/')) signOutLocally('expired');
    return response;
  },
};
api.use(auth);

/** Unwraps openapi-fetch's `{data, error}` into the data or a thrown ApiError (network failures included). */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (cause) {
    throw networkError(cause);
  }
  if (!result.response.ok) throw new ApiError(result.response.status, toProblem(result.response.status, result.error));
  return result.data as T;
}

/** Headers of a command: its idempotency key (one per intent, reused by a retry). */
export function commandHeaders(idempotencyKey: string): { 'Idempotency-Key': string } {
  return { 'Idempotency-Key': idempotencyKey };
}

/** A file download through the API with the bearer token (dossier PDF, attachments). */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const token = await accessToken();
  let response: Response;
  try {
    response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch (cause) {
    throw networkError(cause);
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    throw new ApiError(response.status, toProblem(response.status, body));
  }
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const name = star ? decodeURIComponent(star) : fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A page of the API that needs the bearer token (the printable dossier), opened in a new tab from a blob. */
export async function openAuthorizedPage(path: string): Promise<void> {
  const target = window.open('', '_blank');
  const token = await accessToken();
  let response: Response;
  try {
    response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch (cause) {
    target?.close();
    throw networkError(cause);
  }
  if (!response.ok) {
    target?.close();
    const body: unknown = await response.json().catch(() => null);
    throw new ApiError(response.status, toProblem(response.status, body));
  }
  const url = URL.createObjectURL(new Blob([await response.text()], { type: 'text/html;charset=utf-8' }));
  if (target) target.location.href = url;
  else window.open(url, '_blank');
}

/** multipart upload with progress (fetch has no upload progress): XMLHttpRequest with the bearer token. */
export async function uploadWithProgress(
  path: string,
  form: FormData,
  onProgress: (percent: number) => void,
): Promise<unknown> {
  const token = await accessToken();
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept-Language', currentLocale());
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(networkError(new Error('upload failed')));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ApiError(xhr.status, toProblem(xhr.status, body)));
    };
    xhr.send(form);
  });
}
