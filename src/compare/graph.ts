import type { ActorKind, Finding, RelationFinding } from '../core/finding.js';
import type { Span } from '../core/span.js';

/**
 * The relation graph of a corpus: actors as nodes, asserted relations as edges, each edge weighted per outlet (or
 * perspective group) and traced to the sentences that assert it. Pure.
 *
 * An edge is one (type, source, target, polarity, negated) combination, so "relations between Tehran and Baku are
 * solid" (+1) and "relations ... remain highly strained" (-1) stay two edges between the same nodes, each with the
 * outlets that assert it: that is where contradictions show.
 */

export interface GraphItem {
  articleId: string;
  outlet: string;
  group: string;
  /** The article's findings (relation and actor-mention findings are read, the rest ignored). */
  findings: readonly Finding[];
}

export interface GraphOptions {
  /** Weight breakdown columns: outlet (default) or group. */
  by?: 'outlet' | 'group';
  /** Count relations stated inside quotations too (default false: the outlet's own voice). */
  includeQuotes?: boolean;
  /** 'actor' keeps people and organisations as nodes; 'state' folds every actor with a stateId into its state. */
  level?: 'actor' | 'state';
  /** Leave out negated relations ("would never lead to a strategic relationship"); default false (kept, marked). */
  excludeNegated?: boolean;
  /** Drop relations below this confidence (default 0). */
  minConfidence?: number;
  /** Per-article actor id -> corpus actor id (CorpusView.remap), so one actor is one node across articles. */
  remap?: Record<string, string>;
  /** Display names for ids (corpus actors); otherwise the canonical name in the findings is used. */
  names?: Record<string, string>;
}

export interface GraphNode {
  id: string;
  label: string;
  kind: ActorKind;
  /** Mentions of the actor (own voice, or all with includeQuotes) in the corpus. */
  mentions: number;
  /** Mentions per column. */
  mentionsBy: Record<string, number>;
  /** Edges touching the node. */
  degree: number;
}

export interface GraphEvidence {
  articleId: string;
  outlet: string;
  group: string;
  findingId: string;
  span: Span;
  evidence: string;
  cue: string;
  time: string | null;
  quoted: boolean;
  confidence: number;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  type: string;
  polarity: -1 | 0 | 1;
  negated: boolean;
  symmetric: boolean;
  /** Number of findings asserting it. */
  weight: number;
  /** Findings per column (outlet or group). */
  weights: Record<string, number>;
  /** Outlets asserting it, sorted. */
  outlets: string[];
  /** Times stated with it (normalised when possible), sorted and unique. */
  times: string[];
  evidence: GraphEvidence[];
}

export interface RelationGraph {
  by: 'outlet' | 'group';
  level: 'actor' | 'state';
  includeQuotes: boolean;
  /** Column names (outlets or groups) in order of total edge weight. */
  columns: string[];
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface End {
  actorId: string;
  actorKind: ActorKind;
  canonical: string;
  stateId?: string | null;
}

/**
 * The graph's node names and mention counts, built one actor mention at a time (the first pass of relationGraph):
 * a comparison streams the mentions from the store into it, so they need not be held. Relations then resolve their
 * ends through the same state.
 */
export interface GraphMentions {
  add(item: { outlet: string; group: string }, f: Finding): void;
  /** Node id of an end (the remap, the state level), naming the node when it is new. */
  resolve(e: End): string;
  nodeInfo: Map<string, { label: string; kind: ActorKind }>;
  mentionCount: Map<string, { total: number; by: Record<string, number> }>;
}

export function createGraphMentions(opts: GraphOptions = {}): GraphMentions {
  const by = opts.by ?? 'outlet';
  const level = opts.level ?? 'actor';
  const includeQuotes = opts.includeQuotes ?? false;
  const remap = opts.remap ?? {};
  const nodeInfo = new Map<string, { label: string; kind: ActorKind }>();
  const resolve = (e: End): string => {
    let id = remap[e.actorId] ?? e.actorId;
    let kind = e.actorKind;
    let label = opts.names?.[id] ?? e.canonical;
    if (level === 'state' && e.stateId && id !== e.stateId) {
      id = e.stateId;
      kind = 'state';
      label = opts.names?.[id] ?? nodeInfo.get(id)?.label ?? id.replace(/^state:/, '');
    }
    const prev = nodeInfo.get(id);
    // A state's own name beats a placeholder from a person's stateId.
    if (!prev || (prev.label === id.replace(/^state:/, '') && label !== prev.label)) nodeInfo.set(id, { label, kind });
    return id;
  };
  const mentionCount = new Map<string, { total: number; by: Record<string, number> }>();
  // Mention findings give node names (states named by their own mentions) and counts.
  const add = (item: { outlet: string; group: string }, f: Finding): void => {
    if (f.kind !== 'actor-mention') return;
    if (!includeQuotes && f.voice !== 'outlet') return;
    const col = by === 'outlet' ? item.outlet : item.group;
    const id = resolve(f);
    const c = mentionCount.get(id) ?? { total: 0, by: {} };
    c.total++;
    c.by[col] = (c.by[col] ?? 0) + 1;
    mentionCount.set(id, c);
  };
  return { add, resolve, nodeInfo, mentionCount };
}

/**
 * The relation graph. `mentions`: the actor mentions already counted (createGraphMentions over every item's
 * mentions, in item order); without it they are read from the items' findings.
 */
export function relationGraph(items: readonly GraphItem[], opts: GraphOptions = {}, mentions?: GraphMentions): RelationGraph {
  const by = opts.by ?? 'outlet';
  const level = opts.level ?? 'actor';
  const includeQuotes = opts.includeQuotes ?? false;
  const minConfidence = opts.minConfidence ?? 0;
  let state = mentions;
  if (!state) {
    state = createGraphMentions(opts);
    for (const item of items) for (const f of item.findings) state.add(item, f);
  }
  const { resolve, nodeInfo, mentionCount } = state;
  const edges = new Map<string, GraphEdge>();
  const columnWeight = new Map<string, number>();

  for (const item of items) {
    const col = by === 'outlet' ? item.outlet : item.group;
    for (const f of item.findings) {
      if (f.kind !== 'relation') continue;
      const r = f;
      const quoted = r.voice !== 'outlet';
      if (quoted && !includeQuotes) continue;
      if (r.negated && opts.excludeNegated) continue;
      if ((r.confidence ?? 1) < minConfidence) continue;
      let a = resolve(r.source);
      let b = resolve(r.target);
      if (a === b) continue; // a person and their own state at state level
      if (r.symmetric && a > b) [a, b] = [b, a];
      const key = `${r.relation}|${a}|${b}|${r.polarity}|${r.negated ? 1 : 0}`;
      let e = edges.get(key);
      if (!e) {
        e = {
          id: '',
          source: a,
          target: b,
          type: r.relation,
          polarity: r.polarity,
          negated: r.negated,
          symmetric: r.symmetric,
          weight: 0,
          weights: {},
          outlets: [],
          times: [],
          evidence: [],
        };
        edges.set(key, e);
      }
      e.weight++;
      e.weights[col] = (e.weights[col] ?? 0) + 1;
      if (!e.outlets.includes(item.outlet)) e.outlets.push(item.outlet);
      const t = r.time ? (r.time.value ?? r.time.text) : null;
      if (t && !e.times.includes(t)) e.times.push(t);
      e.evidence.push({
        articleId: item.articleId,
        outlet: item.outlet,
        group: item.group,
        findingId: r.id,
        span: r.span,
        evidence: r.evidence,
        cue: r.cue,
        time: r.time?.text ?? null,
        quoted,
        confidence: r.confidence ?? 1,
      });
      columnWeight.set(col, (columnWeight.get(col) ?? 0) + 1);
    }
  }

  const edgeList = [...edges.values()].sort(
    (x, y) => y.weight - x.weight || x.type.localeCompare(y.type) || x.source.localeCompare(y.source) || x.target.localeCompare(y.target) || x.polarity - y.polarity,
  );
  const degree = new Map<string, number>();
  edgeList.forEach((e, i) => {
    e.id = `e${i}`;
    e.outlets.sort();
    e.times.sort();
    degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
    degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
  });
  const nodes: GraphNode[] = [...degree.keys()]
    .map((id) => ({
      id,
      label: nodeInfo.get(id)?.label ?? id,
      kind: nodeInfo.get(id)?.kind ?? 'organisation',
      mentions: mentionCount.get(id)?.total ?? 0,
      mentionsBy: mentionCount.get(id)?.by ?? {},
      degree: degree.get(id) ?? 0,
    }))
    .sort((x, y) => y.degree - x.degree || y.mentions - x.mentions || x.id.localeCompare(y.id));
  const columns = [...columnWeight.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([c]) => c);
  return { by, level, includeQuotes, columns, nodes, edges: edgeList };
}
