import { UNKNOWN_OUTLET, outletColumn } from '../core/article.js';
import type { Finding, Voice } from '../core/finding.js';
import type { Span } from '../core/span.js';
import type { CompareItem } from './types.js';
import { originOf } from './republications.js';
import type { TimelineEntry } from './timeline.js';

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
}

export interface ClaimCluster {
  id: string;
  kind: ClaimKind;
  key: string;
  /** A human-readable name of the proposition. */
  label: string;
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

interface Keyed {
  kind: ClaimKind;
  key: string;
  label: string;
  actorIds: string[];
  extra: Partial<ClaimSource>;
}

/** The cluster key of a finding, or null when the finding cannot be aligned. */
function keyOf(f: Finding, names: ReadonlyMap<string, string>): Keyed | null {
  switch (f.kind) {
    case 'figure': {
      const value = fnum(f, 'value');
      const unit = fstr(f, 'unit') ?? '';
      const m = field(f, 'measure');
      const measure = typeof m === 'string' ? m : m && typeof m === 'object' && typeof (m as Loose).text === 'string' ? ((m as Loose).text as string) : undefined;
      const p = field(f, 'period');
      const period = typeof p === 'string' ? p : p && typeof p === 'object' ? String((p as Loose).value ?? (p as Loose).text ?? '') : '';
      const ck = fstr(f, 'claimKey');
      if (!ck && !measure) return null;
      const key = ck ?? [measure, unit, period].join('|').toLowerCase();
      // Keys without a measure name the actors the figure is about ("actors:org:ocsb|%|"): show their names.
      const about = !measure && ck?.startsWith('actors:') ? ck.slice(7).split('|')[0].split(',').filter(Boolean).map((id) => names.get(id) ?? id.replace(/^[a-z]+:/, '')).join(', ') : '';
      const label = [measure ?? (about ? `figure about ${about}` : ck?.startsWith('actors:') ? 'figure' : ck), unit ? `(${unit})` : '', period ? `, ${period}` : ''].join(' ').replace(/\s+,/, ',').trim();
      return { kind: 'figure', key: `figure:${key}`, label, actorIds: [], extra: { ...(value !== undefined ? { value } : {}), unit } };
    }
    case 'claim': {
      const ck = fstr(f, 'claimKey');
      if (!ck) return null;
      const pol = polarityOf(f);
      return { kind: 'claim', key: `claim:${ck.toLowerCase()}`, label: fstr(f, 'proposition', 'summary') ?? ck, actorIds: [], extra: { asserted: assertedOf(f), ...(pol ? { polarity: pol } : {}) } };
    }
    case 'relation': {
      const s = actorRef(f, 'source', 'sourceId', 'sourceActorId', 'subject');
      const t = actorRef(f, 'target', 'targetId', 'targetActorId', 'object');
      const type = fstr(f, 'relation', 'type', 'relationType', 'predicate');
      if (!s || !t || !type || s.id === t.id) return null;
      const directed = field(f, 'directed') === true || field(f, 'symmetric') === false;
      const [a, b] = directed || s.id <= t.id ? [s, t] : [t, s];
      const pol = polarityOf(f);
      return {
        kind: 'relation',
        key: `relation:${a.id}|${directed ? '>' : '~'}|${b.id}|${type.toLowerCase()}`,
        label: `${a.name} ${directed ? '→' : '–'} ${b.name}: ${type}`,
        actorIds: [a.id, b.id],
        extra: { ...(pol ? { polarity: pol } : {}), asserted: assertedOf(f), ...(field(f, 'hedged') === true ? { hedged: true } : {}) },
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

export function alignClaims(items: readonly CompareItem[], opts: AlignOptions = {}): ClaimAlignment {
  const tolerance = opts.tolerance ?? 0.05;
  const byId = new Map(items.map((i) => [i.article.id, i.article]));
  const names = new Map<string, string>();
  for (const { analysis } of items) for (const f of analysis.findings) if (f.kind === 'actor-mention' && !names.has(f.actorId)) names.set(f.actorId, String(f.canonical));
  const acc = new Map<string, { k: Keyed; sources: ClaimSource[]; approx: boolean; actors: Set<string> }>();
  for (const { article, analysis } of items) {
    const origin = originOf(article, byId);
    for (const f of analysis.findings) {
      if (f.kind !== 'figure' && f.kind !== 'claim' && f.kind !== 'relation') continue;
      const k = keyOf(f, names);
      if (!k) continue;
      let e = acc.get(k.key);
      if (!e) acc.set(k.key, (e = { k, sources: [], approx: false, actors: new Set() }));
      for (const a of k.actorIds) e.actors.add(a);
      const q = field(f, 'qualifier');
      if (q && typeof q === 'object' && (q as Loose).bound !== undefined) e.approx = true;
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
      });
    }
  }

  for (const e of opts.timeline ?? []) {
    if (!e.evidence.length) continue;
    const names = e.participants.slice(0, 3).map((p) => p.canonical);
    const label = `${e.eventType}${names.length ? `: ${names.join(', ')}` : ''} (${e.when})`;
    const k: Keyed = { kind: 'event', key: `event:${e.id}`, label, actorIds: e.participants.map((p) => p.actorId), extra: {} };
    const entry = { k, sources: [] as ClaimSource[], approx: false, actors: new Set(k.actorIds) };
    for (const x of e.evidence) {
      const a = byId.get(x.articleId);
      if (!a) continue;
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
        ...(x.status === 'planned' ? { hedged: true } : {}),
      });
    }
    if (entry.sources.length) acc.set(k.key, entry);
  }

  const clusters: ClaimCluster[] = [];
  const contradictions: Contradiction[] = [];
  const keys = [...acc.keys()].sort();
  keys.forEach((key, n) => {
    const { k, sources, approx, actors } = acc.get(key)!;
    const id = `c${n + 1}`;
    sources.sort((a, b) => a.articleId.localeCompare(b.articleId) || a.span.start - b.span.start);
    const found: Contradiction[] = [];
    const firm = sources.filter((x) => !x.hedged);
    const side = (position: string, ss: ClaimSource[]) => ({ position, origins: countOrigins(ss), sources: ss });
    if (k.kind === 'figure') {
      const groups = valueGroups(firm, approx ? Math.max(tolerance, 0.1) : tolerance);
      if (groups.length >= 2) {
        const unit = sources.find((s) => s.unit)?.unit ?? '';
        const pos = (g: ClaimSource[]) => `${fmtValue(g[0].value!)}${g.length > 1 && g[g.length - 1].value !== g[0].value ? `–${fmtValue(g[g.length - 1].value!)}` : ''}${unit ? ` ${unit}` : ''}`;
        found.push({ id: '', clusterId: id, type: 'different-figures', description: `Different figures for ${k.label}: ${groups.map(pos).join(' vs ')}`, sides: groups.map((g) => side(pos(g), g)) });
      }
    } else if (k.kind === 'relation' || k.kind === 'claim') {
      // A negated relation ("ties are not solid") states neither polarity; it is handled as asserted/denied below.
      const pos = firm.filter((s) => s.polarity === 'positive' && s.asserted !== false);
      const neg = firm.filter((s) => s.polarity === 'negative' && s.asserted !== false);
      if (pos.length && neg.length) {
        found.push({ id: '', clusterId: id, type: 'opposite-polarity', description: `Opposite polarity for ${k.label}: positive in ${pos.length}, negative in ${neg.length}`, sides: [side('positive', pos), side('negative', neg)] });
      }
    }
    {
      const yes = firm.filter((s) => s.asserted !== false);
      const no = firm.filter((s) => s.asserted === false);
      if (yes.length && no.length) {
        found.push({ id: '', clusterId: id, type: 'asserted-denied', description: `${k.label}: asserted by ${yes.length}, denied by ${no.length}`, sides: [side('asserted', yes), side('denied', no)] });
      }
    }
    for (const c of found) {
      c.id = `x${contradictions.length + 1}`;
      contradictions.push(c);
    }
    // Only firm statements of the claim support it: a denial ("would never lead to a strategic relationship") or a
    // hedged, planned or modal one ("could not provide", "would lead") is never counted as corroboration.
    const origins = countOrigins(firm.filter((s) => s.asserted !== false));
    clusters.push({
      id,
      kind: k.kind,
      key,
      label: k.label,
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
