import type { TechniqueColumn } from '../../../src/compare/techniques.js';
import { get } from '../api.js';
import type { View } from '../context.js';
import { h, mount } from '../dom.js';
import { actorLink, apiQuery, countButton, emptyState, heading } from './common.js';

/** Readable names of the SemEval-2020 Task 11 classes. */
const NAMES: Record<string, string> = {
  Loaded_Language: 'loaded language',
  'Name_Calling,Labeling': 'name-calling',
  Repetition: 'repetition',
  'Exaggeration,Minimisation': 'exaggeration / minimisation',
  Doubt: 'doubt',
  'Appeal_to_fear-prejudice': 'appeal to fear',
  'Flag-Waving': 'flag-waving',
  Causal_Oversimplification: 'causal oversimplification',
  Appeal_to_Authority: 'appeal to authority',
  Slogans: 'slogans',
  'Black-and-White_Fallacy': 'black-and-white',
  'Thought-terminating_Cliches': 'thought-terminating cliché',
  'Whataboutism,Straw_Men,Red_Herring': 'whataboutism / straw man',
  'Bandwagon,Reductio_ad_hitlerum': 'bandwagon / reductio ad Hitlerum',
};
export const techniqueName = (t: string): string => NAMES[t] ?? t.replace(/_/g, ' ');

export const techniquesView: View = async (ctx) => {
  const res = await get<{ columns: TechniqueColumn[] }>('techniques', apiQuery(ctx));
  const max = Math.max(0.001, ...res.columns.flatMap((c) => c.techniques.map((t) => t.per1000)));
  const cols = res.columns.map((c) =>
    h(
      'section',
      { class: 'tech-col' },
      h('h2', null, c.column),
      h(
        'p',
        { class: 'muted' },
        `${c.articles} articles, ${c.words} words: `,
        countButton(ctx, `${c.total} findings`, `${c.column}: every technique finding`, () => c.techniques.flatMap((t) => t.evidence.map((e) => ({ ...e, note: `${techniqueName(t.technique)}: ${e.reason}` })))),
        `, ${c.per1000} per 1,000 words; mean sentence bias ${c.bias.mean.toFixed(2)} (${c.bias.biased} of ${c.bias.sentences} sentences ≥ 0.5)`,
      ),
      c.techniques.length
        ? h(
            'table',
            { class: 'bars' },
            h(
              'tbody',
              null,
              c.techniques.map((t) =>
                h(
                  'tr',
                  null,
                  h('th', { scope: 'row' }, techniqueName(t.technique)),
                  h(
                    'td',
                    { class: 'bar-cell' },
                    countButton(
                      ctx,
                      [h('span', { class: 'bar', style: { width: `${Math.max(2, (t.per1000 / max) * 100)}%` } }), h('span', { class: 'bar-label' }, `${t.per1000} /1k · ${t.count}`)],
                      `${c.column}: ${techniqueName(t.technique)}`,
                      () => t.evidence.map((e) => ({ ...e, note: `${e.reason} (confidence ${e.confidence})${e.quoted ? '; inside a quotation' : ''}` })),
                      { class: 'barbtn' },
                    ),
                  ),
                ),
              ),
            ),
          )
        : emptyState('No technique found.'),
      c.targets.length
        ? h(
            'div',
            { class: 'targets' },
            h('h3', null, 'Aimed at'),
            h(
              'ul',
              null,
              c.targets.slice(0, 8).map((t) =>
                h(
                  'li',
                  null,
                  actorLink(t.actorId, t.canonical),
                  ' ',
                  countButton(ctx, `×${t.total}`, `${c.column}: techniques aimed at ${t.canonical}`, () => t.evidence.map((e) => ({ ...e, note: e.reason })), { class: 'chip neu' }),
                  h('span', { class: 'muted' }, ` ${Object.entries(t.byTechnique).map(([k, n]) => `${techniqueName(k)} ${n}`).join(', ')}`),
                ),
              ),
            ),
          )
        : null,
    ),
  );
  mount(
    ctx.main,
    heading('Propaganda techniques', 'Techniques (SemEval-2020 Task 11 classes) per 1,000 words of each column’s own words, and the actors they are aimed at. Each bar opens its findings with the reason each was flagged.'),
    res.columns.length ? h('div', { class: 'tech-grid' }, cols) : emptyState('No analysed articles.'),
  );
};
