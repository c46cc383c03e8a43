/**
 * The only way the UI builds DOM: elements by createElement, text by text nodes (textContent), attributes by
 * setAttribute with a fixed allow-list, links through safeHref. Article text, titles, outlet names and actor
 * labels are untrusted; nothing here parses a string as HTML (no innerHTML, insertAdjacentHTML, document.write).
 */

export type Child = Node | string | number | null | undefined | false | Child[];

export interface Attrs {
  class?: string;
  id?: string;
  href?: string;
  title?: string;
  type?: string;
  name?: string;
  value?: string;
  placeholder?: string;
  role?: string;
  scope?: string;
  colspan?: string;
  lang?: string;
  /** Text direction: 'rtl' for a right-to-left language, 'auto' for corpus text of unknown direction. */
  dir?: 'rtl' | 'ltr' | 'auto';
  rel?: string;
  target?: string;
  for?: string;
  min?: string;
  max?: string;
  rows?: string;
  checked?: boolean;
  selected?: boolean;
  disabled?: boolean;
  multiple?: boolean;
  tabindex?: string;
  style?: Partial<Record<'width' | 'height' | 'background' | 'color' | 'left' | 'top' | 'borderColor' | 'opacity', string>>;
  data?: Record<string, string>;
  aria?: Record<string, string>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (ev: HTMLElementEventMap[K]) => void }>;
}

/** Internal paths ("/labels?…"), fragments, and http(s) URLs; anything else (javascript:, data:, …) becomes inert. */
export function safeHref(href: string): string | null {
  const s = href.trim();
  if (/^\/(?!\/)/.test(s) || s.startsWith('#') || s.startsWith('?')) return s;
  try {
    const u = new URL(s);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
  } catch {
    /* not a URL */
  }
  return null;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'on') {
        for (const [ev, fn] of Object.entries(v as Record<string, EventListener>)) el.addEventListener(ev, fn);
      } else if (k === 'style') {
        Object.assign(el.style, v);
      } else if (k === 'data') {
        for (const [dk, dv] of Object.entries(v as Record<string, string>)) el.dataset[dk] = dv;
      } else if (k === 'aria') {
        for (const [ak, av] of Object.entries(v as Record<string, string>)) el.setAttribute(`aria-${ak}`, av);
      } else if (k === 'href') {
        const safe = safeHref(String(v));
        if (safe) el.setAttribute('href', safe);
      } else if (k === 'class') {
        el.className = String(v);
      } else if (v === true) {
        el.setAttribute(k, '');
        if (k === 'checked' || k === 'selected') (el as unknown as Record<string, boolean>)[k] = true;
      } else {
        el.setAttribute(k, String(v));
        if (k === 'value') (el as unknown as { value: string }).value = String(v);
      }
    }
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function mount(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

export const fmt = (x: number, d = 2): string => (Number.isInteger(x) ? String(x) : x.toFixed(d));
export const signed = (x: number, d = 2): string => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x).toFixed(d)}`;

/** "a [match] b" from the search API → text with <mark> elements (built node by node). */
export function bracketed(snippet: string): Node[] {
  const out: Node[] = [];
  const re = /\[([^\]]*)\]/g;
  let last = 0;
  for (let m = re.exec(snippet); m; m = re.exec(snippet)) {
    if (m.index > last) out.push(document.createTextNode(snippet.slice(last, m.index)));
    out.push(h('mark', null, m[1]));
    last = m.index + m[0].length;
  }
  if (last < snippet.length) out.push(document.createTextNode(snippet.slice(last)));
  return out;
}
