import type { LabelMatrixRow } from '../../../src/compare/labels.js';
import { get } from '../api.js';
import type { View } from '../context.js';
import { fmt, h, mount } from '../dom.js';
import { linkTo } from '../state.js';
import { actorLink, apiQuery, connotationClass, countButton, emptyState, heading, langBadge, languageName, textAttrs } from './common.js';

export const labelsView: View = async (ctx) => {
  const all = ctx.params.get('all') === 'true';
  const res = await get<{ by: string; actors: LabelMatrixRow[]; total: number }>('labels', apiQuery(ctx, { limit: all ? 0 : 25 }));
  const cols = [...new Set(res.actors.flatMap((r) => Object.keys(r.columns)))].sort();
  // Languages of the labels shown: a badge on every label when they mix.
  const multilingual = new Set(res.actors.flatMap((r) => Object.values(r.columns).flat().map((l) => l.language ?? 'und'))).size > 1;
  const table = res.actors.length
    ? h(
        'table',
        { class: 'grid matrix labels' },
        h('thead', null, h('tr', null, h('th', null, 'actor'), h('th', { class: 'num', title: 'Jensen–Shannon divergence of the columns’ label distributions, damped when a column has few labels' }, 'contrast'), cols.map((c) => h('th', null, c)))),
        h(
          'tbody',
          null,
          res.actors.map((r) =>
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, actorLink(r.actorId, r.canonical)),
              h('td', { class: 'num' }, fmt(r.contrast)),
              cols.map((c) => {
                const cells = r.columns[c] ?? [];
                if (!cells.length) return h('td', { class: 'empty-cell' }, '·');
                return h(
                  'td',
                  null,
                  cells.map((l) => {
                    // A label in another language is shown as written (its most frequent form), with the English gloss.
                    const foreign = Boolean(l.language && l.language !== 'en');
                    const words = foreign ? (Object.keys(l.forms)[0] ?? l.label) : l.label;
                    const b = countButton(
                      ctx,
                      [multilingual || foreign ? langBadge(l.language ?? 'und') : null, h('span', { class: 'orig', ...textAttrs(l.language) }, words), l.gloss ? h('span', { class: 'gloss', lang: 'en', dir: 'ltr' }, ` ‘${l.gloss}’`) : null, h('span', { class: 'count' }, ` ×${l.count}`)],
                      `${c} calls ${r.canonical} “${words}”${l.gloss ? ` (‘${l.gloss}’)` : ''}`,
                      () => l.mentions.map((m) => ({ ...m, ...(l.gloss ? { gloss: l.gloss } : {}), ...(l.language ? { language: l.language } : {}), note: `${l.labelType}, ${l.connotation}${l.language ? `, ${languageName(l.language)}` : ''}${l.cue ? ` (cue “${l.cue}”)` : ''}${m.quoted ? ', inside a quotation' : ''}` })),
                      { class: `chip ${connotationClass(l.connotation)}`, tip: `${l.labelType}; ${l.connotation}${l.language ? `; ${languageName(l.language)}` : ''}${l.cue ? ` (cue “${l.cue}”)` : ''}; ${Math.round(l.share * 100)}% of this column’s labels for ${r.canonical}` },
                    );
                    b.dataset.language = l.language ?? 'und';
                    return b;
                  }),
                );
              }),
            ),
          ),
        ),
      )
    : emptyState('No labels in these articles.');
  mount(
    ctx.main,
    heading(
      'Label matrix',
      'What each column calls each actor, most contrasting actors first. Red labels are pejorative, green favourable; click a label for every place it is used.',
    ),
    h('div', { class: 'legend' }, h('span', { class: 'chip neg' }, 'pejorative'), h('span', { class: 'chip pos' }, 'favourable'), h('span', { class: 'chip neu' }, 'neutral')),
    table,
    res.total > res.actors.length ? h('p', null, h('a', { href: linkTo('/labels', { all: 'true' }, ['outlet', 'group', 'actor', 'story', 'from', 'to', 'language', 'by', 'includeQuotes']) }, `Show all ${res.total} actors`)) : null,
  );
};
