import type { ArticleSummary } from '../../../src/storage/store.js';
import type { Span } from '../../../src/core/span.js';
import type { EvidenceItem, ViewContext } from '../context.js';
import { h, type Child } from '../dom.js';
import { filterQuery, linkTo } from '../state.js';
import { isRead, isRtl, READ_LANGUAGES } from '../../../src/core/lang/index.js';

/** Columns: the URL's "by", else group when the corpus has groups. */
export function byOf(ctx: ViewContext): 'outlet' | 'group' {
  const b = ctx.params.get('by');
  if (b === 'outlet' || b === 'group') return b;
  return ctx.facets.groups.length ? 'group' : 'outlet';
}

/** API query of the current URL's filters with the effective columns. */
export function apiQuery(ctx: ViewContext, extra: Record<string, string | number | boolean | undefined> = {}): Record<string, string | string[] | number | boolean | undefined> {
  return { ...filterQuery(ctx.params), by: byOf(ctx), ...extra };
}

export function readerHref(articleId: string, span?: Span, extra: Record<string, string> = {}): string {
  return linkTo(`/article/${encodeURIComponent(articleId)}`, { start: span ? String(span.start) : null, end: span ? String(span.end) : null, ...extra }, ['by', 'includeQuotes']);
}

export function articleLine(a: ArticleSummary | undefined, id: string): HTMLElement {
  return h(
    'div',
    { class: 'article-line' },
    h('span', { class: 'outlet', dir: 'auto' }, a?.outlet ?? 'unknown outlet'),
    a?.published ? h('span', { class: 'date' }, a.published.slice(0, 10)) : null,
    a?.language ? langBadge(a.language) : null,
    h('a', { href: readerHref(id), class: 'title', ...textAttrs(a?.language) }, a?.title ?? id),
  );
}

/**
 * lang and dir for an element showing corpus text (article text, titles, labels, quotes, evidence): dir="rtl" when
 * its language is right to left (src/core/lang isRtl), else dir="auto" so the browser takes the direction from the
 * text itself.
 */
export function textAttrs(language: string | null | undefined): { lang?: string; dir: 'rtl' | 'auto' } {
  const lang = language && /^[a-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/.test(language) ? language : undefined;
  return { ...(lang ? { lang } : {}), dir: lang && isRtl(lang) ? 'rtl' : 'auto' };
}

let displayNames: Intl.DisplayNames | null | undefined;
/** "Persian" for "fa" (the code when the browser has no name for it). */
export function languageName(code: string | null | undefined): string {
  if (!code) return 'unknown';
  if (displayNames === undefined) {
    try {
      displayNames = new Intl.DisplayNames(['en'], { type: 'language' });
    } catch {
      displayNames = null;
    }
  }
  try {
    return displayNames?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** A small badge with the language code; its tooltip names the language and says when Parallax does not read it. */
export function langBadge(code: string | null | undefined): HTMLElement | null {
  if (!code) return null;
  return h('span', { class: `lang${isRead(code) ? '' : ' not-read'}`, title: `${languageName(code)}${isRead(code) ? '' : ' (not read by Parallax)'}`, data: { language: code } }, code);
}

/** Whether Parallax reads articles in this language, and the note shown for those it does not. */
export { isRead };
export function notReadNote(code: string | null | undefined): string {
  return `${languageName(code)} (${code ?? 'unknown'}) is not among the languages Parallax reads (${READ_LANGUAGES.join(', ')}): the article is stored and listed, but its words are not analysed, so no finding in the views speaks for it.`;
}

export function heading(title: string, ...explain: Child[]): HTMLElement[] {
  return [h('h1', null, title), explain.length ? h('p', { class: 'lead' }, ...explain) : null].filter(Boolean) as HTMLElement[];
}

/** A number that opens its evidence. */
export function countButton(ctx: ViewContext, label: Child, title: string, items: () => EvidenceItem[], opts: { class?: string; subtitle?: string; tip?: string } = {}): HTMLButtonElement {
  return h('button', { type: 'button', class: `drill ${opts.class ?? ''}`.trim(), title: opts.tip ?? 'show the evidence', on: { click: () => ctx.showEvidence(title, items(), opts.subtitle) } }, label);
}

export function emptyState(...text: Child[]): HTMLElement {
  return h('p', { class: 'empty muted' }, ...text);
}

/** Red (hostile) – grey (neutral) – green (favourable) for a score in [-1, 1]. */
export function stanceColour(score: number): string {
  const s = Math.max(-1, Math.min(1, score));
  const a = Math.min(1, Math.abs(s) * 2.2);
  return s < 0 ? `rgba(200, 40, 40, ${a.toFixed(2)})` : `rgba(30, 140, 70, ${a.toFixed(2)})`;
}

export const connotationClass = (c: string): string => (c === 'pejorative' ? 'neg' : c === 'favourable' ? 'pos' : 'neu');

export function actorLink(id: string, name: string): HTMLElement {
  return h('a', { href: linkTo(location.pathname, { actor: id }), class: 'actor', title: 'filter every view by this actor' }, name);
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
