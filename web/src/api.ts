/** The HTTP API client: JSON in and out, errors as ApiError with the server's code and message. */

export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly status: number) {
    super(message);
  }
}

export type Query = Record<string, string | string[] | number | boolean | null | undefined>;

export function queryString(q: Query): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, x);
    else p.append(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

async function parse<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError('E_INTERNAL', `the server answered ${res.status} with something that is not JSON`, res.status);
  }
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(e?.code ?? 'E_INTERNAL', e?.message ?? `HTTP ${res.status}`, res.status);
  }
  return body as T;
}

export async function get<T>(path: string, q: Query = {}): Promise<T> {
  return parse<T>(await fetch(`/api/${path}${queryString(q)}`, { credentials: 'same-origin', headers: { accept: 'application/json' } }));
}

export async function post<T>(path: string, body: BodyInit | object, q: Query = {}, contentType = 'application/json'): Promise<T> {
  const isJson = contentType === 'application/json';
  return parse<T>(
    await fetch(`/api/${path}${queryString(q)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': contentType, accept: 'application/json' },
      body: isJson ? JSON.stringify(body) : (body as BodyInit),
    }),
  );
}
