import type { SearchHit } from '../../../src/storage/store.js';
import { get } from '../api.js';
import type { View } from '../context.js';
import { bracketed, h, mount } from '../dom.js';
import { filterQuery, linkTo, navigate } from '../state.js';
import { emptyState, heading, readerHref } from './common.js';

export const searchView: View = async (ctx) => {
  const q = ctx.params.get('q') ?? '';
  const input = h('input', { type: 'search', name: 'q', value: q, placeholder: 'words or "a quoted phrase"', aria: { label: 'search the texts' } });
  const form = h(
    'form',
    { class: 'search-form', role: 'search', on: { submit: (e) => (e.preventDefault(), navigate(linkTo('/search', { q: input.value.trim() || null }))) } },
    input,
    h('button', { type: 'submit' }, 'Search'),
  );
  let results: HTMLElement = emptyState('Search titles and texts of every article (the filters above apply).');
  if (q) {
    const hits = await get<SearchHit[]>('search', { q, limit: 50, ...filterQuery(ctx.params, ['outlet', 'group', 'actor', 'story', 'from', 'to']) });
    results = hits.length
      ? h(
          'ol',
          { class: 'hits' },
          hits.map((hit) => {
            const a = ctx.articles.get(hit.id);
            return h(
              'li',
              null,
              h('a', { href: readerHref(hit.id, undefined, { q }), class: 'title' }, hit.title ?? hit.id),
              h('div', { class: 'muted' }, `${hit.outlet ?? 'unknown outlet'}${a?.published ? ` · ${a.published.slice(0, 10)}` : ''}`),
              h('p', { class: 'snippet' }, bracketed(hit.snippet)),
            );
          }),
        )
      : emptyState(`No matches for “${q}”.`);
  }
  mount(ctx.main, heading('Search'), form, results);
  if (!q) queueMicrotask(() => input.focus());
};
