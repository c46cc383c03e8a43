import type { ColumnSummary } from '../../../src/compare/index.js';
import type { ArticleSummary } from '../../../src/storage/store.js';
import { get } from '../api.js';
import type { View } from '../context.js';
import { h, mount } from '../dom.js';
import { filterQuery, linkTo } from '../state.js';
import { apiQuery, heading, langBadge, readerHref, textAttrs } from './common.js';

const KINDS = ['label', 'stance', 'technique', 'quote', 'claim', 'event', 'relation'];
/** The view where a kind's findings can be opened one by one. */
const VIEW_OF: Record<string, string> = { label: '/labels', stance: '/stance', technique: '/techniques', claim: '/claims', event: '/timeline', relation: '/graph' };

export const outletsView: View = async (ctx) => {
  const [o, rows] = await Promise.all([
    get<{ outlets: ColumnSummary[]; groups: ColumnSummary[] }>('corpus', apiQuery(ctx)),
    get<ArticleSummary[]>('articles', { ...filterQuery(ctx.params, ['outlet', 'group', 'actor', 'story', 'from', 'to', 'language']), limit: 0 }),
  ]);
  const table = (cols: ColumnSummary[], key: 'outlet' | 'group') =>
    h(
      'table',
      { class: 'grid' },
      h('thead', null, h('tr', null, h('th', null, key), key === 'outlet' ? h('th', null, 'group') : null, h('th', { class: 'num' }, 'articles'), h('th', { class: 'num' }, 'words'), KINDS.map((k) => h('th', { class: 'num' }, `${k}s`)))),
      h(
        'tbody',
        null,
        cols.map((c) =>
          h(
            'tr',
            null,
            h('td', { dir: 'auto' }, h('a', { href: linkTo('/outlets', { [key]: c.name }), title: `only ${c.name}` }, c.name)),
            key === 'outlet' ? h('td', null, c.group ?? '—') : null,
            h('td', { class: 'num' }, h('a', { href: `${linkTo('/outlets', { [key]: c.name })}#articles` }, String(c.articles))),
            h('td', { class: 'num' }, String(c.words)),
            KINDS.map((k) =>
              h('td', { class: 'num' }, VIEW_OF[k] && c.findings[k] ? h('a', { href: linkTo(VIEW_OF[k], { [key]: c.name, by: key }), title: `open these in the ${k} view` }, String(c.findings[k])) : String(c.findings[k] ?? 0)),
            ),
          ),
        ),
      ),
    );
  mount(
    ctx.main,
    heading('Outlets and perspective groups', 'Findings are counted in every voice here; the views count only the outlets’ own words unless “count quoted words” is on.'),
    h('h2', null, 'Groups'),
    table(o.groups, 'group'),
    h('h2', null, 'Outlets'),
    table(o.outlets, 'outlet'),
    h('h2', { id: 'articles' }, `Articles (${rows.length})`),
    h(
      'table',
      { class: 'grid articles' },
      h('thead', null, h('tr', null, h('th', null, 'date'), h('th', null, 'outlet'), h('th', null, 'group'), h('th', null, 'language'), h('th', null, 'title'), h('th', { class: 'num' }, 'words'), h('th', null, 'republished from'))),
      h(
        'tbody',
        null,
        rows.map((r) =>
          h(
            'tr',
            null,
            h('td', null, r.published?.slice(0, 10) ?? '—'),
            h('td', { dir: 'auto' }, r.outlet ?? '—'),
            h('td', null, r.group ?? '—'),
            h('td', null, langBadge(r.language) ?? '—'),
            h('td', null, h('a', { href: readerHref(r.id), ...textAttrs(r.language) }, r.title ?? r.id)),
            h('td', { class: 'num' }, String(r.wordCount)),
            h('td', null, r.republishedFrom ? h('a', { href: readerHref(r.republishedFrom) }, ctx.articles.get(r.republishedFrom)?.outlet ?? r.republishedFrom) : ''),
          ),
        ),
      ),
    ),
  );
};
