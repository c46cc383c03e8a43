import type { Article } from '../../../src/core/article.js';
import type { Finding, StatedBy } from '../../../src/core/finding.js';
import type { Span } from '../../../src/core/span.js';
import { ApiError, get } from '../api.js';
import type { View, ViewContext } from '../context.js';
import { h, mount, signed, type Child } from '../dom.js';
import { linkTo, navigate } from '../state.js';
import { emptyState, isRead, notReadNote, textAttrs } from './common.js';
import { techniqueName } from './techniques.js';


/** Finding kinds the reader can highlight: the word-level ones on by default, sentence-level ones on request. */
const KINDS: Array<{ kind: string; label: string; on: boolean }> = [
  { kind: 'label', label: 'labels', on: true },
  { kind: 'stance', label: 'stance', on: true },
  { kind: 'technique', label: 'techniques', on: true },
  { kind: 'quote', label: 'quotes', on: true },
  { kind: 'figure', label: 'figures', on: true },
  { kind: 'event', label: 'events', on: true },
  { kind: 'claim', label: 'claims (sentences)', on: false },
  { kind: 'relation', label: 'relations (sentences)', on: false },
  { kind: 'bias-sentence', label: 'bias (sentences)', on: false },
  { kind: 'actor-mention', label: 'actor mentions', on: false },
];

const voiceText = (f: Finding): string => (f.voice === 'outlet' ? "in the outlet's own words" : `inside a quotation${f.voice.speaker ? ` by ${f.voice.speaker}` : ''}`);
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** One finding explained for a reader: what was found, why, and whose words they are. */
function explain(f: Finding): HTMLElement {
  const rows: Array<[string, Child]> = [];
  const add = (k: string, v: Child) => {
    if (v !== '' && v !== null && v !== undefined) rows.push([k, v]);
  };
  const statedBy = (by: StatedBy | undefined): string => (by ? `${by.type}${by.name ? `: ${by.name}` : ''}` : '');
  let headline = str(f.message) || `${f.kind}`;
  // Narrowed on kind: each case reads its kind's fields (src/core/finding.ts). The API may serve analyses of older
  // versions, so absent fields still render as nothing rather than "undefined".
  switch (f.kind) {
    case 'label':
      add('actor', str(f.canonical));
      add('label type', str(f.labelType));
      add('connotation', `${str(f.connotation)}${f.cue ? ` (cue “${str(f.cue)}”)` : ''}`);
      add('linked by', str(f.linkedBy));
      break;
    case 'stance': {
      add('toward', str(f.canonical));
      add('polarity', `${str(f.polarity)} (${signed(Number(f.score))})`);
      const cues = f.cues ?? [];
      add('words that decided it', cues.map((c) => `${c.text} (${signed(c.pull)})`).join(', '));
      if (!f.message) headline = `Stance toward ${str(f.canonical)}: ${str(f.polarity)}`;
      break;
    }
    case 'technique':
      headline = techniqueName(str(f.technique));
      add('why', str(f.reason));
      add('aimed at', f.canonical ? `${str(f.canonical)} (via ${str(f.targetVia)})` : '');
      break;
    case 'quote':
      add('type', str(f.quoteType));
      add('speaker', str(f.speaker) || 'not resolved');
      add('verb', f.verb ? `${str(f.verb)} (${str(f.verbStance)})` : '');
      break;
    case 'figure':
      add('value', `${str(f.qualifier?.text)} ${str(f.value)} ${str(f.unit)}`.trim());
      add('measures', str(f.measure?.text));
      add('stated by', statedBy(f.statedBy));
      break;
    case 'claim':
      add('type', (f.claimTypes ?? []).join(', '));
      add('stated by', statedBy(f.statedBy));
      add('actors', (f.actors ?? []).map((a) => `${a.canonical}${a.role ? ` (${a.role})` : ''}`).join(', '));
      break;
    case 'event':
      add('type', str(f.eventType));
      add('status', `${str(f.status)}${f.statusCue ? ` (“${str(f.statusCue)}”)` : ''}`);
      add('when', str(f.time?.text) || (f.timeSource === 'publication' ? 'dated by publication' : ''));
      add('who', (f.participants ?? []).map((p) => `${p.canonical} (${p.role})`).join(', '));
      break;
    case 'relation': {
      headline = `${f.source?.canonical ?? '?'} —${str(f.relation)}→ ${f.target?.canonical ?? '?'}`;
      add('polarity', `${Number(f.polarity) > 0 ? 'cooperative' : Number(f.polarity) < 0 ? 'hostile' : 'neutral'}${f.negated ? ', negated' : ''}${f.hedged ? ', hedged' : ''}`);
      add('cue', str(f.cue));
      break;
    }
    case 'bias-sentence':
      add('bias score', Number(f.score).toFixed(2));
      add('words', (f.words ?? []).map((w) => `${w.text} (${w.source})`).join(', '));
      break;
    case 'actor-mention':
      add('actor', `${str(f.canonical)} (${str(f.actorKind)})`);
      break;
  }
  add('confidence', f.confidence !== undefined ? f.confidence.toFixed(2) : '');
  add('voice', voiceText(f));
  add('analyzer', `${f.analyzer}${f.ruleId ? ` / ${f.ruleId}` : ''}`);
  return h(
    'li',
    { class: `finding k-${f.kind}`, data: { finding: f.id } },
    h('div', { class: 'finding-head' }, h('span', { class: `kind k-${f.kind}` }, f.kind), ' ', headline),
    h('blockquote', null, f.evidence.length > 400 ? `${f.evidence.slice(0, 399)}…` : f.evidence),
    h('dl', null, rows.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])),
  );
}

function segmentClass(fs: Finding[]): string {
  const cls = new Set<string>(['hl']);
  for (const f of fs) {
    cls.add(`k-${f.kind}`);
    if (f.kind === 'label' && f.connotation === 'pejorative') cls.add('neg');
    if (f.kind === 'label' && f.connotation === 'favourable') cls.add('pos');
    if (f.kind === 'stance' && f.polarity === 'negative') cls.add('st-neg');
    if (f.kind === 'stance' && f.polarity === 'positive') cls.add('st-pos');
  }
  return [...cls].join(' ');
}
/** A highlighted stretch of the text and the findings covering it. */
interface Segment {
  el: HTMLElement;
  start: number;
  end: number;
  fs: Finding[];
}

/** The article text with the shown findings (and the target span) highlighted, in disjoint segments. */
function highlightedText(a: Article, shown: Finding[], target: Span | null): { body: HTMLElement; segs: Segment[] } {
  const text = a.text;
  // Disjoint segments between every start and end: each knows the findings covering it.
  const cuts = new Set<number>([0, text.length]);
  for (const f of shown) {
    cuts.add(f.span.start);
    cuts.add(f.span.end);
  }
  if (target && target.end <= text.length) {
    cuts.add(target.start);
    cuts.add(target.end);
  }
  const points = [...cuts].sort((x, y) => x - y);
  const byStart = [...shown].sort((x, y) => x.span.start - y.span.start);
  const body = h('div', { class: 'article-text', id: 'article-text', ...textAttrs(a.language) });
  const segs: Segment[] = [];
  let open: Finding[] = [];
  let next = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const s = points[i];
    const e = points[i + 1];
    while (next < byStart.length && byStart[next].span.start <= s) open.push(byStart[next++]);
    open = open.filter((f) => f.span.end > s);
    const covering = open.filter((f) => f.span.start <= s && f.span.end >= e);
    const isTarget = Boolean(target && s >= target.start && e <= target.end);
    const piece = text.slice(s, e);
    if (!covering.length && !isTarget) {
      body.append(document.createTextNode(piece));
      continue;
    }
    const el = h('mark', { class: `${covering.length ? segmentClass(covering) : ''}${isTarget ? ' target' : ''}`.trim(), data: { start: String(s), end: String(e) } }, piece);
    if (!covering.length) el.classList.add('plain');
    segs.push({ el, start: s, end: e, fs: covering });
    body.append(el);
  }
  return { body, segs };
}

/** The checkboxes choosing the kinds highlighted, and the outlet's own words only. */
function kindToggles(ctx: ViewContext, counts: Map<string, number>, shownKinds: Set<string>, ownOnly: boolean): HTMLElement {
  return h(
    'fieldset',
    { class: 'kinds' },
    h('legend', null, 'Highlight'),
    KINDS.filter((k) => counts.get(k.kind)).map((k) =>
      h(
        'label',
        { class: `check k-${k.kind}` },
        h('input', {
          type: 'checkbox',
          name: `kind-${k.kind}`,
          checked: shownKinds.has(k.kind),
          on: {
            change: (ev) => {
              const next = new Set(shownKinds);
              if ((ev.target as HTMLInputElement).checked) next.add(k.kind);
              else next.delete(k.kind);
              navigate(linkTo(location.pathname, { kinds: [...next].join(',') || 'none' }, [...ctx.params.keys()]), true);
            },
          },
        }),
        ` ${k.label} (${counts.get(k.kind)})`,
      ),
    ),
    h(
      'label',
      { class: 'check' },
      h('input', { type: 'checkbox', name: 'own-voice', checked: ownOnly, on: { change: (ev) => navigate(linkTo(location.pathname, { voice: (ev.target as HTMLInputElement).checked ? 'outlet' : null }, [...ctx.params.keys()]), true) } }),
      " only the outlet's own words",
    ),
  );
}

/** The article's metadata beside the text. */
function articleMeta(ctx: ViewContext, a: Article): HTMLElement {
  return h(
    'dl',
    { class: 'meta' },
    [
      ['outlet', a.outlet],
      ['group', a.group],
      ['published', a.published],
      ['byline', a.byline],
      ['language', a.language],
      ['words', String(a.wordCount)],
      ['source', a.source],
    ].map(([k, v]) => (v ? [h('dt', null, k), h('dd', null, v)] : null)),
    a.citedSources?.length
      ? [h('dt', null, 'cites'), h('dd', { title: 'the outlet whose piece this article reports: its source, not its outlet' }, a.citedSources.map((c) => c.name).join(', '))]
      : null,
    a.url ? [h('dt', null, 'url'), h('dd', null, /^https?:\/\//i.test(a.url) ? h('a', { href: a.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, a.url) : a.url)] : null,
    a.republication?.from ? [h('dt', null, 'republishes'), h('dd', null, h('a', { href: `/article/${encodeURIComponent(a.republication.from)}` }, ctx.articles.get(a.republication.from)?.title ?? a.republication.from))] : null,
  );
}

export const readerView: View = async (ctx) => {
  const id = decodeURIComponent(location.pathname.split('/')[2] ?? '');
  if (!id) {
    mount(ctx.main, emptyState('No article given.'));
    return;
  }
  const start = Number(ctx.params.get('start'));
  const end = Number(ctx.params.get('end'));
  const target: Span | null = ctx.params.has('start') && Number.isInteger(start) && Number.isInteger(end) && end > start ? { start, end } : null;
  const a = await get<Article>(`articles/${encodeURIComponent(id)}`);
  let findings: Finding[] = [];
  let note: string | null = null;
  try {
    findings = (await get<{ findings: Finding[] }>(`articles/${encodeURIComponent(a.id)}/findings`)).findings;
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 'E_NOT_FOUND')) throw e;
    note = e.message;
  }
  const shownKinds = new Set((ctx.params.get('kinds') ?? KINDS.filter((k) => k.on).map((k) => k.kind).join(',')).split(',').filter(Boolean));
  const ownOnly = ctx.params.get('voice') === 'outlet';
  const text = a.text;
  const shown = findings.filter((f) => shownKinds.has(f.kind) && (!ownOnly || f.voice === 'outlet') && f.span.end > f.span.start && f.span.end <= text.length);
  const { body, segs } = highlightedText(a, shown, target);

  const panelList = h('ol', { class: 'findings' });
  const panelHead = h('h2', null, 'Findings');
  const panelSub = h('p', { class: 'muted' }, 'Click a highlighted word to see what was found there and why.');
  const select = (fs: Finding[], title: string) => {
    for (const s of segs) s.el.classList.remove('active');
    const ids = new Set(fs.map((f) => f.id));
    for (const s of segs) if (s.fs.some((f) => ids.has(f.id))) s.el.classList.add('active');
    panelHead.textContent = title;
    panelSub.textContent = fs.length ? `${fs.length} finding${fs.length === 1 ? '' : 's'} here` : 'No finding of the shown kinds covers this passage.';
    mount(panelList, fs.map(explain));
  };
  for (const s of segs) {
    s.el.tabIndex = 0;
    s.el.setAttribute('role', 'button');
    const act = () => select(s.fs, `“${text.slice(s.start, s.end).slice(0, 60)}”`);
    s.el.addEventListener('click', act);
    s.el.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        act();
      }
    });
  }

  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  const toggles = kindToggles(ctx, counts, shownKinds, ownOnly);
  const meta = articleMeta(ctx, a);

  mount(
    ctx.main,
    h('p', { class: 'crumbs' }, h('button', { type: 'button', class: 'linkish', on: { click: () => history.back() } }, '← back'), ' · ', h('a', { href: linkTo('/outlets', { outlet: a.outlet }) }, a.outlet ?? 'unknown outlet')),
    h('h1', { class: 'article-title', ...textAttrs(a.language) }, a.title ?? '(untitled)'),
    note ? h('div', { class: 'banner' }, note) : null,
    a.language && !isRead(a.language) ? h('div', { class: 'banner not-read-note', role: 'note' }, h('b', null, 'Not read: '), notReadNote(a.language)) : null,
    h('div', { class: 'reader' }, h('article', null, body), h('aside', { class: 'side', aria: { label: 'findings' } }, meta, toggles, panelHead, panelSub, panelList)),
  );

  if (target) {
    const hit = segs.filter((s) => s.start >= target.start && s.end <= target.end);
    const fs = shown.filter((f) => f.span.start === target.start && f.span.end === target.end);
    const overlapping = fs.length ? fs : shown.filter((f) => f.span.start < target.end && f.span.end > target.start && f.span.end - f.span.start <= (target.end - target.start) * 4);
    select(overlapping, `“${text.slice(target.start, target.end).slice(0, 60)}${target.end - target.start > 60 ? '…' : ''}”`);
    for (const s of hit) s.el.classList.add('target');
    requestAnimationFrame(() => hit[0]?.el.scrollIntoView({ block: 'center' }));
  }
};
