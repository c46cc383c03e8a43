import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Cookie the web UI carries the token in after the first visit with ?token=… (HttpOnly, SameSite=Strict). */
export const TOKEN_COOKIE = 'parallax_token';

/** A new random access token: 32 bytes, base64url. */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Constant-time token check: both sides are hashed first, so neither the length nor the content of the
 * expected token leaks through timing.
 */
export function tokenMatches(given: string | null | undefined, expected: string): boolean {
  if (typeof given !== 'string' || !given) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

/** The token a request presents: `Authorization: Bearer …`, the X-Parallax-Token header, or the UI's cookie. */
export function presentedToken(headers: Headers): string | null {
  const auth = headers.get('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
  }
  const x = headers.get('x-parallax-token');
  if (x) return x.trim();
  const cookie = headers.get('cookie');
  if (cookie) {
    for (const part of cookie.split(';')) {
      const i = part.indexOf('=');
      if (i > 0 && part.slice(0, i).trim() === TOKEN_COOKIE) return decodeURIComponent(part.slice(i + 1).trim());
    }
  }
  return null;
}

/** Loopback names a browser sends as Host for a server bound to 127.0.0.1 / ::1. */
export function isLoopbackHost(hostHeader: string | null): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.replace(/:\d+$/, '').replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Addresses that only this machine can reach: binding to one of them needs no token. */
export function isLoopbackBind(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}
