import { UNKNOWN_OUTLET, outletColumn } from '../core/article.js';
import type { Finding, Voice } from '../core/finding.js';
import type { Span } from '../core/span.js';
import { actorCountsOf, type CompareItem } from './types.js';
import { originOf } from './republications.js';
import type { TimelineEntry } from './timeline.js';
import { intervalOf, outcomeOf, overlaps, relationPhrase } from './propositions.js';
import { sentenceAround } from './sentence.js';

/**
 * Claim alignment: the same proposition stated in several articles becomes one claim cluster. Pure.
 *
 * - figures (kind 'figure'): one cluster per `claimKey`, else per measure + unit + period; a figure with neither a
 *   key nor a measure is not aligned (a bare "64%" says nothing about what it measures);
 * - claims (kind 'claim'): one cluster per `claimKey`;
 * - relations (kind 'relation'): one cluster per (source, target, relation type), source and target unordered for
 *   symmetric relations ("relations", "allies");
 * - events: one cluster per merged timeline entry (src/compare/timeline.ts merges reports of the same event:
 *   type, participants, compatible time).
 *
 * Status: contested when a contradiction was DETECTED in the cluster, corroborated with ≥ 2 independent origins
 * (republications and wire copies of one story count once: see originOf), single-source otherwise. Nothing here
 * rules on which side is true. A claim's sources include words the outlet quotes (each source keeps its voice):
 * reporting a figure from a ministry is how outlets state claims.
 *
 * The analyzers that produce these kinds are read through tolerant accessors (fields on the finding or in
 * `data`), so an absent kind just gives no clusters.
 */

export type ClaimKind = 'figure' | 'claim' | 'relation' | 'event';
export type ClaimStatus = 'corroborated' | 'single-source' | 'contested';
export type Polarity = 'positive' | 'negative' | 'neutral';

export interface ClaimSource {
  articleId: string;
  outlet: string | null;
  group: string | null;
  /** Independent origin: an article id, or "wire:<agency>". */
  origin: string;
  findingId: string;
  span: Span;
  evidence: string;
  voice: Voice;
  /** Figures: the normalised value and unit. */
  value?: number;
  unit?: string;
  /** Relations and claims: the polarity stated. */
  polarity?: Polarity;
  /** Events, relations and claims: false when the text denies or negates it. */
  asserted?: boolean;
  /** Planned, expected or possible rather than asserted: kept as a source, left out of contradictions. */
  hedged?: boolean;
  /** Figures: "upper" for "less than N", "lower" for "at least N", "approx" for "about N". */
  bound?: 'upper' | 'lower' | 'approx';
  /** The time the statement is about when the text gives one (ISO date, partial date or range "a..b"). */
  time?: string;
  /** The sentence the claim is read in (trimmed around the span when long): what a reader is shown. */
  sentence?: string;
  /** Where `sentence` sits in the article. */
  sentenceSpan?: Span;
}

export interface ClaimCluster {
  id: string;
  kind: ClaimKind;
  key: string;
  /** A short name of the proposition (a key a reader can recognise: "guards killed (guard), 2025-03-08"). */
  label: string;
  /**
   * The proposition as a reader reads it: relations and events as a phrase ("Israel supplies arms to Azerbaijan"),
   * figures and claims as the sentence of their first firm source, with the figure in context.
   */
  statement: string;
  status: ClaimStatus;
  /** Independent origins stating it firmly (not denied, not hedged). */
  origins: number;
  articles: number;
  outlets: string[];
  groups: string[];
  /** Actors the proposition is about (relations: source and target; events: participants), corpus ids. */
  actorIds: string[];
  sources: ClaimSource[];
  /** Ids of the contradictions detected in this cluster. */
  contradictions: string[];
}

export type ContradictionType = 'different-figures' | 'opposite-polarity' | 'asserted-denied';

export interface Contradiction {
  id: string;
  clusterId: string;
  type: ContradictionType;
  /** One line: what differs, without saying who is right. */
  description: string;
  /** Each position with the sources that hold it ("3 people" | "2 people"). */
  sides: Array<{ position: string; origins: number; sources: ClaimSource[] }>;
  /**
   * The two statements shown side by side: one source of each of two sides, of different outlets, in the same
   * story, about overlapping times (and for figures, values that cannot both be true). A contradiction exists only
   * when such a pair does.
   */
  pair: { a: ClaimSource; b: ClaimSource };
  /** The outlets on each side of the pair, named. */
  outlets: [string, string];
}

export interface ClaimAlignment {
  clusters: ClaimCluster[];
  contradictions: Contradiction[];
}

export interface AlignOptions {
  /** Merged timeline entries (buildTimeline, quotations included): each becomes an event cluster. */
  timeline?: readonly TimelineEntry[];
  /** Relative difference at or below which two figures are the same (default 0.05; 0.1 if either is approximate). */
  tolerance?: number;
  /** The story of an article: two statements in different stories are never opposed (default: all one story). */
  storyOf?: (articleId: string) => string | undefined;
  /** Days apart two undated statements may be published and still be about the same time (default 365). */
  maxDaysApart?: number;
}

type Loose = Record<string, unknown>;

/** A field on the finding or in its data. */
function field(f: Finding, name: string): unknown {
  // Read by name: old analyses and other producers spell some fields differently (see the callers' name lists).
  const v: unknown = Reflect.get(f, name);
  if (v !== undefined && v !== null) return v;
  return f.data?.[name] ?? undefined;
}
const fstr = (f: Finding, ...names: string[]): string | undefined => {
  for (const n of names) {
    const v = field(f, n);
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (typeof v === 'number') return String(v);
  }
  return undefined;
};
function fnum(f: Finding, name: string): number | undefined {
  const v = field(f, name);
  return typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() && Number.isFinite(Number(v)) ? Number(v) : undefined;
}
/** An actor reference: an id string or an object with actorId/id. */
function actorRef(f: Finding, ...names: string[]): { id: string; name: string } | undefined {
  for (const n of names) {
    const v = field(f, n);
    if (typeof v === 'string' && v) return { id: v, name: fstr(f, `${n}Canonical`, `${n}Name`) ?? v };
    if (v && typeof v === 'object') {
      const o = v as Loose;
      const id = (o.actorId ?? o.id) as string | undefined;
      if (typeof id === 'string' && id) return { id, name: String(o.canonical ?? o.name ?? id) };
    }
  }
  return undefined;
}
function polarityOf(f: Finding): Polarity | undefined {
  const v = field(f, 'polarity');
  if (typeof v === 'number') return v > 0 ? 'positive' : v < 0 ? 'negative' : 'neutral';
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    if (s.startsWith('pos') || s === '+' || s === 'supportive' || s === 'favourable') return 'positive';
    if (s.startsWith('neg') || s === '-' || s === 'hostile' || s === 'critical') return 'negative';
    return 'neutral';
  }
  return undefined;
}
function assertedOf(f: Finding): boolean {
  if (field(f, 'negated') === true || field(f, 'denied') === true) return false;
  const m = fstr(f, 'modality', 'assertion', 'status');
  if (m && /^(denied|negated|negative|refuted)$/i.test(m)) return false;
  if (field(f, 'asserted') === false) return false;
  return true;
}

/** Hypothetical, conditional, planned or possible rather than stated: neither support nor denial. */
function hedgedOf(f: Finding): boolean {
  if (field(f, 'hedged') === true) return true;
  const m = fstr(f, 'modality', 'status');
  return m !== undefined && /^(hypothetical|conditional|possible|planned|expected|counterfactual)$/i.test(m);
}

interface Keyed {
  kind: ClaimKind;
  key: string;
  label: string;
  /** A readable proposition when the kind has one (relations, events); figures and claims show a sentence. */
  statement?: string;
  /** Figures: whether the measured quantity is named (only then can two figures contradict). */
  measured?: boolean;
  actorIds: string[];
  extra: Partial<ClaimSource>;
}

/** The words of the sentence a span sits in, untrimmed, and where that sentence starts (for the outcome of a count). */
function rawSentence(article: { text: string; language?: string | null } | undefined, span: Span): { text: string; start: number } | null {
  if (!article?.text) return null;
  const s = sentenceAround(article, span, Number.POSITIVE_INFINITY);
  return s ? { text: article.text.slice(s.span.start, s.span.end), start: s.span.start } : null;
}

function figureKey(f: Finding, names: ReadonlyMap<string, string>, article: { text: string; language?: string | null } | undefined): Keyed | null {
  const value = fnum(f, 'value');
  const unit = fstr(f, 'unit') ?? '';
  const m = field(f, 'measure');
  const measure = typeof m === 'string' ? m : m && typeof m === 'object' && typeof (m as Loose).text === 'string' ? ((m as Loose).text as string) : undefined;
  const p = field(f, 'period');
  const period = typeof p === 'string' ? p : p && typeof p === 'object' ? String((p as Loose).value ?? (p as Loose).text ?? '') : '';
  const ck = fstr(f, 'claimKey');
  if (!ck && !measure) return null;
  const counted = m !== null && typeof m === 'object' && (m as Loose).relation === 'counted';
  // What the counted things underwent ("guards killed" vs "guards wounded"): part of the measured quantity.
  const raw = measure && unit !== '%' ? rawSentence(article, f.span) : null;
  const outcome = raw ? outcomeOf(raw.text, f.span.start - raw.start, f.span.end - raw.start) : null;
  const base = ck ?? [measure, unit, period].join('|').toLowerCase();
  const key = outcome ? `${base}#${outcome}` : base;
  // Keys without a measure name the actors the figure is about ("actors:org:ocsb|%|"): show their names.
  const about = !measure && ck?.startsWith('actors:') ? ck.slice(7).split('|')[0].split(',').filter(Boolean).map((id) => names.get(id) ?? id.replace(/^[a-z]+:/, '')).join(', ') : '';
  const what = measure ? `${measure}${outcome && !new RegExp(`^${outcome.slice(0, 4)}`, 'i').test(measure) ? ` ${outcome}` : ''}` : about ? `figure about ${about}` : ck?.startsWith('actors:') ? 'figure' : ck;
  const label = [what, unit ? `(${unit})` : '', period ? `, ${period}` : ''].join(' ').replace(/\s+,/, ',').trim();
  const q = field(f, 'qualifier');
  // A strict bound ("less than 9", "at least six") is satisfied by any value on its side; "almost 40", "nearly
  // two-thirds", "as many as 300" say the value is close to the number, so they count as approximate.
  const qt = q && typeof q === 'object' && typeof (q as Loose).text === 'string' ? ((q as Loose).text as string).toLowerCase() : '';
  const bound = !qt ? undefined : /^(?:less than|fewer than|under|below|up to|no more than)$/.test(qt) ? 'upper' : /^(?:more than|over|above|at least|well over|just over|no fewer than|no less than)$/.test(qt) ? 'lower' : 'approx';
  const time = p && typeof p === 'object' && typeof (p as Loose).value === 'string' ? ((p as Loose).value as string) : undefined;
  return {
    kind: 'figure',
    key: `figure:${key}`,
    label,
    actorIds: [],
    // Only a figure whose measured quantity is named can be opposed to another: "40 per cent" and "roughly half"
    // in sentences about the same actors may measure different things. A bare count of a noun ("three debates",
    // "447 members") names a kind of thing, not a quantity: it needs what happened to the counted (an outcome:
    // killed, wounded, detained…) or the time it is about.
    measured: Boolean(measure) && (!counted || Boolean(outcome) || Boolean(period)),
    extra: { ...(value !== undefined ? { value } : {}), unit, ...(bound ? { bound } : {}), ...(time ? { time } : {}) },
  };
}

/** The cluster key of a finding, or null when the finding cannot be aligned. */
function keyOf(f: Finding, names: ReadonlyMap<string, string>, article?: { text: string; language?: string | null }): Keyed | null {
  switch (f.kind) {
    case 'figure':
      return figureKey(f, names, article);
    case 'claim': {
      const ck = fstr(f, 'claimKey');
      if (!ck) return null;
      const pol = polarityOf(f);
      return { kind: 'claim', key: `claim:${ck.toLowerCase()}`, label: fstr(f, 'proposition', 'summary') ?? ck, actorIds: [], extra: { asserted: assertedOf(f), ...(pol ? { polarity: pol } : {}), ...(hedgedOf(f) ? { hedged: true } : {}) } };
    }
    case 'relation': {
      const s = actorRef(f, 'source', 'sourceId', 'sourceActorId', 'subject');
      const t = actorRef(f, 'target', 'targetId', 'targetActorId', 'object');
      const type = fstr(f, 'relation', 'type', 'relationType', 'predicate');
      if (!s || !t || !type || s.id === t.id) return null;
      const directed = field(f, 'directed') === true || field(f, 'symmetric') === false;
      const [a, b] = directed || s.id <= t.id ? [s, t] : [t, s];
      const pol = polarityOf(f);
      const tm = field(f, 'time');
      const time = tm && typeof tm === 'object' && typeof (tm as Loose).value === 'string' ? ((tm as Loose).value as string) : undefined;
      return {
        kind: 'relation',
        key: `relation:${a.id}|${directed ? '>' : '~'}|${b.id}|${type.toLowerCase()}`,
        label: `${a.name} ${directed ? '→' : '–'} ${b.name}: ${type}`,
        statement: relationPhrase(a.name, b.name, type.toLowerCase()),
        actorIds: [a.id, b.id],
        extra: { ...(pol ? { polarity: pol } : {}), asserted: assertedOf(f), ...(hedgedOf(f) ? { hedged: true } : {}), ...(time ? { time } : {}) },
      };
    }
    default:
      return null;
  }
}

const fmtValue = (v: number): string => (Math.abs(v) >= 1e9 ? `${+(v / 1e9).toFixed(2)} billion` : Math.abs(v) >= 1e6 ? `${+(v / 1e6).toFixed(2)} million` : `${+v.toFixed(2)}`);

function countOrigins(sources: ClaimSource[]): number {
  return new Set(sources.map((s) => s.origin)).size;
}

/** Groups figures whose values are within the tolerance of each other (sorted, chained from the smallest). */
function valueGroups(sources: ClaimSource[], tol: number): ClaimSource[][] {
  const withV = sources.filter((s) => s.value !== undefined).sort((a, b) => a.value! - b.value!);
  const out: ClaimSource[][] = [];
  for (const s of withV) {
    const g = out[out.length - 1];
    const base = g?.[0].value;
    if (g && base !== undefined && Math.abs(s.value! - base) <= tol * Math.max(Math.abs(base), Math.abs(s.value!))) g.push(s);
    else out.push([s]);
  }
  return out;
}

/** Whether two figures can both be true: within the tolerance, or one a bound the other satisfies ("at least 6" and 7). */
function figuresAgree(a: ClaimSource, b: ClaimSource, tol: number): boolean {
  if (a.value === undefined || b.value === undefined) return true;
  if (Math.abs(a.value - b.value) <= tol * Math.max(Math.abs(a.value), Math.abs(b.value))) return true;
  const fits = (x: ClaimSource, y: ClaimSource) => (x.bound === 'upper' && y.value! <= x.value!) || (x.bound === 'lower' && y.value! >= x.value!);
  return fits(a, b) || fits(b, a);
}

interface PairContext {
  byId: ReadonlyMap<string, CompareItem['article']>;
  storyOf?: (articleId: string) => string | undefined;
  maxDaysApart: number;
  tol: number;
}

/**
 * Whether two statements on opposite sides oppose each other as a reader would: different outlets, the same story,
 * times that overlap (the times the texts give, else publication dates at most maxDaysApart apart), and for figures
 * values that cannot both hold.
 */
function opposes(a: ClaimSource, b: ClaimSource, kind: ClaimKind, ctx: PairContext): boolean {
  if ((a.outlet ?? a.articleId) === (b.outlet ?? b.articleId)) return false;
  if (ctx.storyOf && ctx.storyOf(a.articleId) !== ctx.storyOf(b.articleId)) return false;
  // A statement with no time of its own is about the time up to its publication (at most maxDaysApart before it).
  const when = (x: ClaimSource) => {
    const t = intervalOf(x.time);
    if (t) return t;
    const p = intervalOf(ctx.byId.get(x.articleId)?.published?.slice(0, 10));
    return p ? { lo: p.lo - ctx.maxDaysApart * 86_400_000, hi: p.hi } : null;
  };
  if (!overlaps(when(a), when(b))) return false;
  return kind !== 'figure' || !figuresAgree(a, b, ctx.tol);
}

/** The pair shown for two or more sides: the first opposing pair, own-voice statements first; null when none. */
function findPair(sides: ClaimSource[][], kind: ClaimKind, ctx: PairContext): { a: ClaimSource; b: ClaimSource } | null {
  const own = (x: ClaimSource) => (x.voice === 'outlet' ? 0 : 1);
  let best: { a: ClaimSource; b: ClaimSource; rank: number } | null = null;
  for (let i = 0; i < sides.length; i++)
    for (let j = i + 1; j < sides.length; j++)
      for (const a of sides[i])
        for (const b of sides[j]) {
          if (!opposes(a, b, kind, ctx)) continue;
          const rank = own(a) + own(b);
          if (!best || rank < best.rank) best = { a, b, rank };
          if (rank === 0) return { a, b };
        }
  return best ? { a: best.a, b: best.b } : null;
}

type Acc = Map<string, { k: Keyed; sources: ClaimSource[]; approx: boolean; actors: Set<string> }>;

/** Figure, claim and relation findings of every article into their clusters. */
function collect(items: readonly CompareItem[], byId: ReadonlyMap<string, CompareItem['article']>, acc: Acc): void {
  const names = new Map<string, string>();
  for (const item of items) for (const [id, a] of actorCountsOf(item)) if (!names.has(id)) names.set(id, String(a.canonical));
  for (const { article, analysis } of items) {
    const origin = originOf(article, byId);
    for (const f of analysis.findings) {
      if (f.kind !== 'figure' && f.kind !== 'claim' && f.kind !== 'relation') continue;
      const k = keyOf(f, names, article);
      if (!k) continue;
      let e = acc.get(k.key);
      if (!e) acc.set(k.key, (e = { k, sources: [], approx: false, actors: new Set() }));
      if (k.measured) e.k.measured = true;
      for (const a of k.actorIds) e.actors.add(a);
      const q = field(f, 'qualifier');
      if (q && typeof q === 'object' && (q as Loose).bound !== undefined) e.approx = true;
      const sent = sentenceAround(article, f.span);
      e.sources.push({
        articleId: article.id,
        outlet: outletColumn(article),
        group: article.group,
        origin,
        findingId: f.id,
        span: { start: f.span.start, end: f.span.end },
        evidence: f.evidence,
        voice: f.voice,
        ...k.extra,
        ...(sent ? { sentence: sent.text, sentenceSpan: sent.span } : {}),
      });
    }
  }
}

/** Each merged timeline entry as an event cluster. */
function collectEvents(timeline: readonly TimelineEntry[], byId: ReadonlyMap<string, CompareItem['article']>, acc: Acc): void {
  for (const e of timeline) {
    if (!e.evidence.length) continue;
    const names = e.participants.slice(0, 3).map((p) => p.canonical);
    const label = `${e.eventType}${names.length ? `: ${names.join(', ')}` : ''} (${e.when})`;
    const statement = `${e.eventType.replace(/-/g, ' ')}${names.length ? ` involving ${names.join(', ')}` : ''}${e.when && e.when !== 'unknown' ? `, ${e.when}` : ''}`;
    const k: Keyed = { kind: 'event', key: `event:${e.id}`, label, statement, actorIds: e.participants.map((p) => p.actorId), extra: {} };
    const entry = { k, sources: [] as ClaimSource[], approx: false, actors: new Set(k.actorIds) };
    for (const x of e.evidence) {
      const a = byId.get(x.articleId);
      if (!a) continue;
      const sent = sentenceAround(a, x.span);
      entry.sources.push({
        articleId: a.id,
        outlet: outletColumn(a),
        group: a.group,
        origin: originOf(a, byId),
        findingId: x.findingId,
        span: { start: x.span.start, end: x.span.end },
        evidence: x.evidence,
        voice: 'outlet',
        asserted: x.status !== 'denied',
        // Planned, and anything not stated as fact (hypothetical or conditional, which the timeline leaves out
        // anyway), takes no side.
        ...(x.status === 'planned' || x.status === 'hypothetical' ? { hedged: true } : {}),
        ...(sent ? { sentence: sent.text, sentenceSpan: sent.span } : {}),
      });
    }
    if (entry.sources.length) acc.set(k.key, entry);
  }
}

/** The contradictions of one cluster: sides that oppose, each kept only when an opposing pair exists. */
function contradictionsOf(id: string, k: Keyed, sources: ClaimSource[], approx: boolean, tolerance: number, ctx: Omit<PairContext, 'tol'>): Contradiction[] {
  const found: Contradiction[] = [];
  const firm = sources.filter((x) => !x.hedged);
  const side = (position: string, ss: ClaimSource[]) => ({ position, origins: countOrigins(ss), sources: ss });
  const tol = approx ? Math.max(tolerance, 0.1) : tolerance;
  const add = (type: ContradictionType, description: string, sides: Array<{ position: string; origins: number; sources: ClaimSource[] }>) => {
    const pair = findPair(sides.map((x) => x.sources), k.kind, { ...ctx, tol });
    if (!pair) return;
    found.push({ id: '', clusterId: id, type, description, sides, pair, outlets: [pair.a.outlet ?? UNKNOWN_OUTLET, pair.b.outlet ?? UNKNOWN_OUTLET] });
  };
  if (k.kind === 'figure') {
    const groups = k.measured ? valueGroups(firm, tol) : [];
    if (groups.length >= 2) {
      const unit = sources.find((s) => s.unit)?.unit ?? '';
      const pos = (g: ClaimSource[]) => `${fmtValue(g[0].value!)}${g.length > 1 && g[g.length - 1].value !== g[0].value ? `–${fmtValue(g[g.length - 1].value!)}` : ''}${unit ? ` ${unit}` : ''}`;
      add('different-figures', `Different figures for ${k.label}: ${groups.map(pos).join(' vs ')}`, groups.map((g) => side(pos(g), g)));
    }
  } else if (k.kind === 'relation' || k.kind === 'claim') {
    // A negated relation ("ties are not solid") states neither polarity; it is handled as asserted/denied below.
    const pos = firm.filter((s) => s.polarity === 'positive' && s.asserted !== false);
    const neg = firm.filter((s) => s.polarity === 'negative' && s.asserted !== false);
    if (pos.length && neg.length) add('opposite-polarity', `Opposite polarity for ${k.label}: positive in ${pos.length}, negative in ${neg.length}`, [side('positive', pos), side('negative', neg)]);
  }
  const yes = firm.filter((s) => s.asserted !== false);
  const no = firm.filter((s) => s.asserted === false);
  if (yes.length && no.length) add('asserted-denied', `${k.label}: asserted by ${yes.length}, denied by ${no.length}`, [side('asserted', yes), side('denied', no)]);
  return found;
}

export function alignClaims(items: readonly CompareItem[], opts: AlignOptions = {}): ClaimAlignment {
  const tolerance = opts.tolerance ?? 0.05;
  const byId = new Map(items.map((i) => [i.article.id, i.article]));
  const acc: Acc = new Map();
  collect(items, byId, acc);
  collectEvents(opts.timeline ?? [], byId, acc);
  const ctx = { byId, storyOf: opts.storyOf, maxDaysApart: opts.maxDaysApart ?? 365 };

  const clusters: ClaimCluster[] = [];
  const contradictions: Contradiction[] = [];
  const keys = [...acc.keys()].sort();
  keys.forEach((key, n) => {
    const { k, sources, approx, actors } = acc.get(key)!;
    const id = `c${n + 1}`;
    sources.sort((a, b) => a.articleId.localeCompare(b.articleId) || a.span.start - b.span.start);
    const found = contradictionsOf(id, k, sources, approx, tolerance, ctx);
    for (const c of found) {
      c.id = `x${contradictions.length + 1}`;
      contradictions.push(c);
    }
    // Only firm statements of the claim support it: a denial ("would never lead to a strategic relationship") or a
    // hedged, planned or modal one ("could not provide", "would lead") is never counted as corroboration.
    const supporting = sources.filter((s) => !s.hedged && s.asserted !== false);
    const origins = countOrigins(supporting);
    const shown = supporting.find((s) => s.voice === 'outlet' && s.sentence) ?? supporting.find((s) => s.sentence) ?? sources.find((s) => s.sentence);
    clusters.push({
      id,
      kind: k.kind,
      key,
      label: k.label,
      statement: k.statement ?? shown?.sentence ?? k.label,
      status: found.length ? 'contested' : origins >= 2 ? 'corroborated' : 'single-source',
      origins,
      articles: new Set(sources.map((s) => s.articleId)).size,
      outlets: [...new Set(sources.map((s) => s.outlet ?? UNKNOWN_OUTLET))].sort(),
      groups: [...new Set(sources.map((s) => s.group ?? '(no group)'))].sort(),
      actorIds: [...actors].sort(),
      sources,
      contradictions: found.map((c) => c.id),
    });
  });
  const rank: Record<ClaimStatus, number> = { contested: 0, corroborated: 1, 'single-source': 2 };
  clusters.sort((a, b) => rank[a.status] - rank[b.status] || b.origins - a.origins || a.id.localeCompare(b.id, undefined, { numeric: true }));
  return { clusters, contradictions };
}
