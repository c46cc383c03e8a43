import type { EventFinding, Finding, TimeValue } from '../core/finding.js';
import type { Span } from '../core/span.js';
import { timeBounds } from '../core/dates/index.js';

/**
 * The corpus timeline: event findings from many articles merged when they are the same event (same type,
 * overlapping participants, compatible time), with the outlets and groups that report each, sorted by time.
 * Pure: findings in, timeline out. Every entry keeps its evidence (article id + span).
 */
export interface TimelineInput {
  articleId: string;
  outlet: string;
  group: string;
  published: string | null;
  findings: readonly Finding[];
}

export interface TimelineOptions {
  by?: 'outlet' | 'group';
  /** Count events inside quotations too (default: only the outlets' own voice). */
  includeQuotes?: boolean;
  /** Only events with one of these (corpus) actor ids among the participants. */
  actorIds?: string[];
  /** Only these event types. */
  types?: string[];
  /** Local actor id -> corpus actor id (CorpusView.remap). */
  remap?: Record<string, string>;
}

export interface TimelineEvidence {
  articleId: string;
  outlet: string;
  group: string;
  findingId: string;
  span: Span;
  evidence: string;
  /** The sentence, for display. */
  sentence: string | null;
  status: EventFinding['status'];
  time: TimeValue | null;
  timeSource: EventFinding['timeSource'];
}

export interface TimelineEntry {
  id: string;
  eventType: string;
  /** Earliest and latest ISO day the merged reports allow; null when unknown. */
  from: string | null;
  to: string | null;
  /** A short label of the time ("2023-05-31", "2016..2020", "before 2025-03-18"). */
  when: string;
  precision: TimeValue['precision'] | 'reported-on' | 'unknown';
  /** Statuses as reported, with counts ("planned" in one outlet, "happened" in another). */
  statuses: Record<string, number>;
  participants: Array<{ actorId: string; canonical: string; roles: string[] }>;
  /** Column (outlet or group) -> number of reports. */
  columns: Record<string, number>;
  evidence: TimelineEvidence[];
}

interface Cluster {
  type: string;
  lo: string | null;
  hi: string | null;
  agent: string | null;
  ids: Set<string>;
  events: Array<{ e: EventFinding; item: TimelineInput; agent: string | null; ids: string[] }>;
}

/** Bounds of one event: its own time, else the publication date as "no later than" (happened) or "not before" (planned). */
function bounds(e: EventFinding, published: string | null): { lo: string | null; hi: string | null; precision: TimelineEntry['precision'] } {
  if (e.time && e.time.anchor !== 'unresolved') {
    const b = timeBounds(e.time);
    if (b && (b.lo || b.hi)) return { ...b, precision: e.time.precision };
  }
  const pub = (e.reportedOn ?? published)?.slice(0, 10) ?? null;
  if (!pub) return { lo: null, hi: null, precision: 'unknown' };
  if (e.status === 'planned') return { lo: pub, hi: null, precision: 'reported-on' };
  if (e.status === 'happened' || e.status === 'ongoing' || e.status === 'denied') return { lo: null, hi: pub, precision: 'reported-on' };
  return { lo: null, hi: null, precision: 'unknown' };
}

function overlaps(a: { lo: string | null; hi: string | null }, b: { lo: string | null; hi: string | null }): boolean {
  if (a.lo && b.hi && a.lo > b.hi) return false;
  if (b.lo && a.hi && b.lo > a.hi) return false;
  return true;
}

const sameDay = (a: { lo: string | null; hi: string | null }, b: { lo: string | null; hi: string | null }): boolean =>
  a.lo !== null && a.lo === a.hi && b.lo === a.lo && b.hi === a.hi;
const maxStr = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a > b ? a : b);
const minStr = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a < b ? a : b);

export function buildTimeline(items: TimelineInput[], opts: TimelineOptions = {}): TimelineEntry[] {
  const by = opts.by ?? 'outlet';
  const remap = opts.remap ?? {};
  const want = opts.actorIds ? new Set(opts.actorIds) : null;
  const types = opts.types ? new Set(opts.types) : null;
  const all: Array<{ e: EventFinding; item: TimelineInput; b: ReturnType<typeof bounds>; agent: string | null; ids: string[] }> = [];
  for (const item of items) {
    for (const f of item.findings) {
      if (f.kind !== 'event') continue;
      const e = f;
      if (!opts.includeQuotes && e.voice !== 'outlet') continue;
      if (e.status === 'hypothetical') continue;
      if (types && !types.has(e.eventType)) continue;
      const ids = e.participants.map((p) => remap[p.actorId] ?? p.actorId);
      if (want && !ids.some((id) => want.has(id))) continue;
      const ag = e.participants.find((p) => p.role === 'agent');
      all.push({ e, item, b: bounds(e, item.published), agent: ag ? remap[ag.actorId] ?? ag.actorId : null, ids });
    }
  }
  // Precise times first, so vaguer reports join the cluster of the event they can be. Widths are computed once,
  // not in every comparison.
  const width = (b: { lo: string | null; hi: string | null }): number => (b.lo && b.hi ? Date.parse(b.hi) - Date.parse(b.lo) : Infinity);
  const widths = new Map(all.map((x) => [x, width(x.b)] as const));
  all.sort((x, y) => widths.get(x)! - widths.get(y)! || (x.b.lo ?? x.b.hi ?? '').localeCompare(y.b.lo ?? y.b.hi ?? '') || x.item.articleId.localeCompare(y.item.articleId) || x.e.span.start - y.e.span.start);

  // A report joins the first cluster (in creation order) of its event type that it fits; clusters are kept per
  // type, in creation order, so the search looks only at clusters of that type (was a scan of all clusters).
  const clusters: Cluster[] = [];
  const clustersOfType = new Map<string, Cluster[]>();
  for (const x of all) {
    let sameType = clustersOfType.get(x.e.eventType);
    if (!sameType) clustersOfType.set(x.e.eventType, (sameType = []));
    const c = sameType.find(
      (k) =>
        !(k.agent && x.agent && k.agent !== x.agent) &&
        overlaps(k, x.b) &&
        // Shared participants; or, when one report names none, the same day ("the shooting on 8 March").
        (x.ids.some((id) => k.ids.has(id)) || ((x.ids.length === 0 || k.ids.size === 0) && sameDay(k, x.b))),
    );
    if (c) {
      c.lo = maxStr(c.lo, x.b.lo);
      c.hi = minStr(c.hi, x.b.hi);
      c.agent ??= x.agent;
      for (const id of x.ids) c.ids.add(id);
      c.events.push(x);
    } else {
      const created: Cluster = { type: x.e.eventType, lo: x.b.lo, hi: x.b.hi, agent: x.agent, ids: new Set(x.ids), events: [x] };
      clusters.push(created);
      sameType.push(created);
    }
  }

  const entries: TimelineEntry[] = clusters.map((c, i) => {
    const columns: Record<string, number> = {};
    const statuses: Record<string, number> = {};
    const parts = new Map<string, { actorId: string; canonical: string; roles: Set<string> }>();
    let precision: TimelineEntry['precision'] = 'unknown';
    const rank = ['day', 'week', 'month', 'range', 'year', 'open-range', 'decade', 'imprecise', 'reported-on', 'unknown'];
    for (const { e, item } of c.events) {
      const col = by === 'group' ? item.group : item.outlet;
      columns[col] = (columns[col] ?? 0) + 1;
      statuses[e.status] = (statuses[e.status] ?? 0) + 1;
      for (const p of e.participants) {
        const id = remap[p.actorId] ?? p.actorId;
        const cur = parts.get(id) ?? { actorId: id, canonical: p.canonical, roles: new Set<string>() };
        cur.roles.add(p.role);
        parts.set(id, cur);
      }
      const pr = bounds(e, item.published).precision;
      if (rank.indexOf(pr) < rank.indexOf(precision)) precision = pr;
    }
    const when = c.lo && c.hi ? (c.lo === c.hi ? c.lo : `${c.lo}..${c.hi}`) : c.hi ? `before ${c.hi}` : c.lo ? `after ${c.lo}` : 'unknown';
    return {
      id: `event-${i + 1}`,
      eventType: c.type,
      from: c.lo,
      to: c.hi,
      when,
      precision,
      statuses,
      participants: [...parts.values()].map((p) => ({ actorId: p.actorId, canonical: p.canonical, roles: [...p.roles].sort() })),
      columns,
      evidence: c.events.map(({ e, item }) => ({
        articleId: item.articleId,
        outlet: item.outlet,
        group: item.group,
        findingId: e.id,
        span: e.span,
        evidence: e.evidence,
        sentence: e.related?.find((r) => r.role === 'sentence')?.evidence ?? null,
        status: e.status,
        time: e.time,
        timeSource: e.timeSource,
      })),
    };
  });
  const key = (t: TimelineEntry): string => t.from ?? t.to ?? '9999';
  entries.sort((a, b) => key(a).localeCompare(key(b)) || (a.to ?? '9999').localeCompare(b.to ?? '9999') || b.evidence.length - a.evidence.length || a.eventType.localeCompare(b.eventType));
  entries.forEach((t, i) => (t.id = `event-${i + 1}`));
  return entries;
}
