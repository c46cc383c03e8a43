import type { TimelineEntry } from '../../../src/compare/timeline.js';
import { get } from '../api.js';
import type { View } from '../context.js';
import { h, mount } from '../dom.js';
import { linkTo } from '../state.js';
import { actorLink, apiQuery, countButton, emptyState, heading } from './common.js';

export const timelineView: View = async (ctx) => {
  const type = ctx.params.get('type') ?? undefined;
  const res = await get<{ events: TimelineEntry[] }>('timeline', apiQuery(ctx, { type }));
  const types = [...new Set(res.events.map((e) => e.eventType))].sort();
  const cols = [...new Set(res.events.flatMap((e) => Object.keys(e.columns)))].sort();
  const byMonth = new Map<string, TimelineEntry[]>();
  for (const e of res.events) {
    const k = e.from ? e.from.slice(0, 7) : 'undated';
    if (!byMonth.has(k)) byMonth.set(k, []);
    byMonth.get(k)!.push(e);
  }
  const typeLinks = h(
    'div',
    { class: 'tabs' },
    h('a', { href: linkTo('/timeline', { type: null }), class: !type ? 'active' : '' }, 'all types'),
    types.map((t) => h('a', { href: linkTo('/timeline', { type: t }), class: type === t ? 'active' : '' }, t)),
  );
  const table = res.events.length
    ? h(
        'table',
        { class: 'grid timeline' },
        h('thead', null, h('tr', null, h('th', null, 'when'), h('th', null, 'event'), h('th', null, 'who'), h('th', null, 'status'), cols.map((c) => h('th', { class: 'num col' }, c)))),
        [...byMonth.entries()].map(([month, events]) =>
          h(
            'tbody',
            null,
            h('tr', { class: 'month' }, h('th', { scope: 'rowgroup', class: 'month-head', colspan: String(4 + cols.length) }, month)),
            events.map((e) =>
              h(
                'tr',
                null,
                h('td', { class: 'when' }, e.when),
                h('td', null, e.eventType),
                h(
                  'td',
                  null,
                  e.participants.map((p, i) => [i ? ', ' : '', actorLink(p.actorId, p.canonical), p.roles.includes('agent') ? '' : h('span', { class: 'muted' }, ` (${p.roles.join('/')})`)]),
                ),
                h('td', null, Object.entries(e.statuses).map(([s, n]) => h('span', { class: `status ev-${s}` }, n > 1 ? `${s} ×${n}` : s))),
                cols.map((c) =>
                  h(
                    'td',
                    { class: 'num col' },
                    e.columns[c]
                      ? countButton(
                          ctx,
                          String(e.columns[c]),
                          `${e.eventType} (${e.when}) as ${c} reports it`,
                          () => e.evidence.filter((x) => x.outlet === c || x.group === c).map((x) => ({ articleId: x.articleId, span: x.span, evidence: x.sentence ?? x.evidence, note: `${x.outlet}: “${x.evidence}”, ${x.status}${x.time ? `, time “${x.time.text}”` : x.timeSource === 'publication' ? ', dated by publication' : ''}` })),
                          { class: 'dot' },
                        )
                      : '',
                  ),
                ),
              ),
            ),
          ),
        ),
      )
    : emptyState('No events in these articles.');
  // The sentence spans of the evidence are the trigger words; the reader opens at them.
  mount(
    ctx.main,
    heading('Timeline', 'Events merged across articles (same type, overlapping participants, compatible times), with how many reports each column has. Click a number for the sentences.'),
    typeLinks,
    table,
  );
};
