import type { StanceMatrixRow } from '../../../src/compare/stance.js';
import { get } from '../api.js';
import type { View } from '../context.js';
import { h, mount, signed } from '../dom.js';
import { linkTo } from '../state.js';
import { actorLink, apiQuery, countButton, emptyState, heading, stanceColour } from './common.js';

export const stanceView: View = async (ctx) => {
  const all = ctx.params.get('all') === 'true';
  const res = await get<{ actors: StanceMatrixRow[]; total: number; prior: number }>('stance', apiQuery(ctx, { limit: all ? 0 : 25, evidence: 200 }));
  const cols = [...new Set(res.actors.flatMap((r) => Object.keys(r.columns)))].sort();
  const table = res.actors.length
    ? h(
        'table',
        { class: 'grid matrix heatmap' },
        h('thead', null, h('tr', null, h('th', null, 'actor'), h('th', { class: 'num', title: 'largest minus smallest column score' }, 'spread'), cols.map((c) => h('th', null, c)))),
        h(
          'tbody',
          null,
          res.actors.map((r) =>
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, actorLink(r.actorId, r.canonical)),
              h('td', { class: 'num' }, r.spread.toFixed(2)),
              cols.map((c) => {
                const cell = r.columns[c];
                if (!cell) return h('td', { class: 'empty-cell' }, '·');
                const td = h(
                  'td',
                  { class: `heat ${cell.lean}`, style: { background: stanceColour(cell.score) } },
                  countButton(
                    ctx,
                    [h('span', { class: 'score' }, `${signed(cell.score)}${cell.clear ? '*' : ''}`), h('span', { class: 'n' }, `n=${cell.n}`)],
                    `${c} on ${r.canonical}: ${cell.category ?? cell.lean} ${signed(cell.score)}`,
                    () => cell.evidence.map((e) => ({ articleId: e.articleId, span: e.span, evidence: e.evidence, note: `sentence score ${signed(e.score)}${e.cues.length ? `; cues: ${e.cues.join(', ')}` : ''}${e.quoted ? '; inside a quotation' : ''}` })),
                    {
                      subtitle: `${cell.reasons ? `${cell.reasons}. ` : ''}${cell.n} sentences: ${cell.counts.negative} hostile, ${cell.counts.neutral} neutral, ${cell.counts.positive} favourable; mean ${signed(cell.mean)}, shrunk to ${signed(cell.score)} (interval ${signed(cell.interval[0])} … ${signed(cell.interval[1])}). Strongest first.`,
                      tip: `${cell.category ? `${cell.category}; ` : ''}interval ${signed(cell.interval[0])} … ${signed(cell.interval[1])}; ${cell.counts.negative}−/${cell.counts.neutral}0/${cell.counts.positive}+`,
                    },
                  ),
                );
                return td;
              }),
            ),
          ),
        ),
      )
    : emptyState('No stance findings in these articles.');
  mount(
    ctx.main,
    heading(
      'Stance heatmap',
      `How each column writes about each actor (−1 hostile … +1 favourable): per sentence, what it says about the actor, the label it uses, the role it casts it in, plus whom the column quotes for or against it, shrunk toward neutral by ${res.prior} pseudo-sentences; * marks cells whose ~95% interval excludes 0, n is the number of sentences. Hover for the category, click a cell for its reasons and sentences.`,
    ),
    h('div', { class: 'legend scale' }, h('span', { style: { background: stanceColour(-1) } }, 'hostile'), h('span', { style: { background: stanceColour(-0.3) } }, ''), h('span', null, 'neutral'), h('span', { style: { background: stanceColour(0.3) } }, ''), h('span', { style: { background: stanceColour(1) } }, 'favourable')),
    table,
    res.total > res.actors.length ? h('p', null, h('a', { href: linkTo('/stance', { all: 'true' }, ['outlet', 'group', 'actor', 'story', 'from', 'to', 'by', 'includeQuotes']) }, `Show all ${res.total} actors`)) : null,
  );
};
