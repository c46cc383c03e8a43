import type { ArticleSummary } from '../../../src/storage/store.js';
import type { Span } from '../../../src/core/span.js';
import type { EvidenceItem, ViewContext } from '../context.js';
import { h, type Child } from '../dom.js';
import { filterQuery, linkTo } from '../state.js';

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
    h('span', { class: 'outlet' }, a?.outlet ?? 'unknown outlet'),
    a?.published ? h('span', { class: 'date' }, a.published.slice(0, 10)) : null,
    h('a', { href: readerHref(id), class: 'title' }, a?.title ?? id),
  );
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
