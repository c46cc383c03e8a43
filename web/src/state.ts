/**
 * Everything a view shows is in its URL: the path names the view, the query holds the filters (outlet, group,
 * actor, story, from, to), the columns (by), whether quotations count (includeQuotes), and view options. So a
 * view can be bookmarked and shared, and Back works. `language` keeps only the articles in one language (ISO 639-1).
 */

export const FILTER_KEYS = ['outlet', 'group', 'actor', 'story', 'from', 'to', 'language'] as const;
export const SHARED_KEYS = [...FILTER_KEYS, 'by', 'includeQuotes'] as const;

export interface Route {
  path: string;
  params: URLSearchParams;
}

export function current(): Route {
  return { path: location.pathname, params: new URLSearchParams(location.search) };
}

/** The filters of the current URL as API query parameters. */
export function filterQuery(params: URLSearchParams, keys: readonly string[] = SHARED_KEYS): Record<string, string | string[]> {
  const q: Record<string, string | string[]> = {};
  for (const k of keys) {
    const all = params.getAll(k).filter(Boolean);
    if (!all.length) continue;
    q[k] = k === 'outlet' || k === 'group' ? all : all[all.length - 1];
  }
  return q;
}

/** A link to `path` that keeps the shared filters of the current URL, with `extra` set (null deletes). */
export function linkTo(path: string, extra: Record<string, string | string[] | null | undefined> = {}, keep: readonly string[] = SHARED_KEYS): string {
  const cur = new URLSearchParams(location.search);
  const p = new URLSearchParams();
  for (const k of keep) for (const v of cur.getAll(k)) if (v) p.append(k, v);
  for (const [k, v] of Object.entries(extra)) {
    p.delete(k);
    if (v === null || v === undefined || v === '') continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, x);
    else p.set(k, v);
  }
  const s = p.toString();
  return `${path}${s ? `?${s}` : ''}`;
}

type Listener = () => void;
const listeners: Listener[] = [];
export function onNavigate(fn: Listener): void {
  listeners.push(fn);
}

export function navigate(href: string, replace = false): void {
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  for (const fn of listeners) fn();
}

window.addEventListener('popstate', () => {
  for (const fn of listeners) fn();
});

/** Same-origin links navigate inside the app (a real href stays for new tabs and sharing). */
document.addEventListener('click', (ev) => {
  if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const a = (ev.target as Element | null)?.closest?.('a');
  if (!a || a.target || a.hasAttribute('download')) return;
  const href = a.getAttribute('href');
  if (!href || !href.startsWith('/') || href.startsWith('//') || href.startsWith('/api/')) return;
  ev.preventDefault();
  navigate(href);
});
