import type { ClaimCluster, ClaimSource, Contradiction, GroupOmissions } from '../../../src/compare/index.js';
import { get } from '../api.js';
import type { EvidenceItem, View } from '../context.js';
import { h, mount } from '../dom.js';
import { linkTo } from '../state.js';
import { apiQuery, countButton, emptyState, heading, plural } from './common.js';

interface ClaimsJson {
  by: string;
  counts: { corroborated: number; 'single-source': number; contested: number };
  claims: ClaimCluster[];
  contradictions: Contradiction[];
  omissions: GroupOmissions[];
}

const STATUSES = ['contested', 'corroborated', 'single-source'] as const;
const voiceNote = (s: ClaimSource): string =>
  `${s.outlet ?? 'unknown outlet'}${s.value !== undefined ? ` · ${s.value}${s.unit ? ` ${s.unit}` : ''}` : ''}${s.voice === 'outlet' ? '' : ` · quoted: ${s.voice.speaker ?? 'unnamed speaker'}`}${s.origin !== s.articleId ? ' · a copy (counts once)' : ''}`;
const sourceItems = (sources: ClaimSource[]): EvidenceItem[] => sources.map((s) => ({ articleId: s.articleId, span: s.span, evidence: s.evidence, note: voiceNote(s) }));

export const claimsView: View = async (ctx) => {
  const status = ctx.params.get('status');
  const res = await get<ClaimsJson>('claims', apiQuery(ctx));
  const shown = status ? res.claims.filter((c) => c.status === status) : res.claims;
  const tabs = h(
    'div',
    { class: 'tabs', role: 'tablist' },
    h('a', { href: linkTo('/claims', { status: null }), class: !status ? 'active' : '' }, `all (${res.claims.length})`),
    STATUSES.map((s) => h('a', { href: linkTo('/claims', { status: s }), class: `${status === s ? 'active' : ''} st-${s}` }, `${s} (${res.counts[s]})`)),
  );
  const claimList = shown.length
    ? h(
        'table',
        { class: 'grid claims' },
        h('thead', null, h('tr', null, h('th', null, 'status'), h('th', null, 'claim'), h('th', { class: 'num', title: 'independent origins (copies and wire republications count once)' }, 'origins'), h('th', null, 'reported by'), h('th', { class: 'num' }, 'sources'))),
        h(
          'tbody',
          null,
          shown.slice(0, 300).map((c) =>
            h(
              'tr',
              null,
              h('td', null, h('span', { class: `status st-${c.status}` }, c.status)),
              h('td', null, c.statement ?? c.label, h('span', { class: 'muted' }, ` (${c.kind}${c.statement && c.statement !== c.label ? `: ${c.label}` : ''})`)),
              h('td', { class: 'num' }, String(c.origins)),
              h('td', null, c.outlets.join(', ')),
              h('td', { class: 'num' }, countButton(ctx, String(c.sources.length), `${c.status} claim: ${c.label}`, () => sourceItems(c.sources), { subtitle: `${plural(c.origins, 'independent origin')} in ${plural(c.articles, 'article')}` })),
            ),
          ),
        ),
      )
    : emptyState('No claims with this status.');
  const contradictions = res.contradictions.length
    ? h(
        'ul',
        { class: 'contradictions' },
        res.contradictions.map((x) =>
          h(
            'li',
            null,
            h('div', null, x.description),
            x.pair
              ? h(
                  'div',
                  { class: 'pair' },
                  [x.pair.a, x.pair.b].map((p) =>
                    h('blockquote', { dir: 'auto' }, h('b', null, `${p.outlet ?? 'unknown outlet'}: `), p.sentence ?? p.evidence, ' ', countButton(ctx, 'source', `${x.description} — ${p.outlet ?? 'unknown outlet'}`, () => sourceItems([p]), { class: 'chip neu' })),
                  ),
                )
              : null,
            h(
              'div',
              { class: 'sides' },
              x.sides.map((s) =>
                countButton(ctx, `${s.position}: ${[...new Set(s.sources.map((q) => q.outlet ?? 'unknown outlet'))].join(', ')}`, `${x.description} — side “${s.position}”`, () => sourceItems(s.sources), { class: 'chip neu' }),
              ),
            ),
          ),
        ),
      )
    : emptyState('No contradictions detected.');
  const omissions = h(
    'div',
    { class: 'omissions' },
    res.omissions.map((o) =>
      h(
        'section',
        null,
        h('h3', null, `${o.column} never mentions`, o.total > o.items.length ? h('span', { class: 'muted' }, ` (the ${o.items.length} most central of ${o.total})`) : null),
        o.items.length
          ? h(
              'ul',
              null,
              o.items.slice(0, 25).map((i) =>
                h(
                  'li',
                  null,
                  countButton(ctx, i.statement ?? i.label, `${o.column} leaves out: ${i.label}`, () => i.evidence.map((e) => ({ ...e, note: `reported by ${i.reportedBy.join(', ')}` })), { class: 'chip neu', subtitle: `${i.type}; ${i.why ?? `reported by ${i.reportedBy.join(', ')}`}; up to five places shown` }),
                  h('span', { class: 'muted' }, ` ${i.type} — ${i.why ?? `${plural(i.support, 'origin')} elsewhere`}`),
                ),
              ),
            )
          : emptyState('nothing the others report with enough support'),
      ),
    ),
  );
  mount(
    ctx.main,
    heading(
      'Claims and omissions',
      'Claims are sentences with figures, attributed statements and actions, aligned across articles. “Corroborated”: two or more independent origins state it; “contested”: the texts disagree (different figures, opposite polarity, asserted and denied); “single-source”: one origin. Nothing here rules on truth.',
    ),
    tabs,
    claimList,
    shown.length > 300 ? h('p', { class: 'muted' }, `First 300 of ${shown.length}.`) : null,
    h('h2', null, `Contradictions (${res.contradictions.length})`),
    contradictions,
    h('h2', null, 'Omissions'),
    h('p', { class: 'muted' }, `What the other ${res.by === 'group' ? 'groups' : 'outlets'} covering the same story in the same days make central and this one never mentions, most central first.`),
    omissions,
  );
};
