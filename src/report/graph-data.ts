import type { CompareItem, Comparison } from '../compare/index.js';

/** What the report's graph draws (Cytoscape.js): relation findings, else the co-mention network. */
export interface GraphData {
  kind: 'relations' | 'co-mentions';
  nodes: Array<{ id: string; label: string; kind: string; size: number }>;
  edges: Array<{ id: string; source: string; target: string; label: string; weight: number; polarity: 'positive' | 'negative' | 'neutral'; contested: boolean }>;
}

/** The graph data: relations between actors when there are relation findings, else who is named with whom. */
export function graphData(items: readonly CompareItem[], cmp: Comparison): GraphData {
  if (cmp.graph.edges.length) {
    // Contested: the same pair and type asserted with opposite polarity, or asserted and negated.
    const pairKey = (e: Comparison['graph']['edges'][number]) => `${[e.source, e.target].sort().join('\u0000')}\u0000${e.type}`;
    const variants = new Map<string, Set<string>>();
    for (const e of cmp.graph.edges) {
      const v = variants.get(pairKey(e)) ?? new Set<string>();
      v.add(`${e.polarity}:${e.negated}`);
      variants.set(pairKey(e), v);
    }
    return {
      kind: 'relations',
      nodes: cmp.graph.nodes.map((n) => ({ id: n.id, label: n.label, kind: n.kind, size: n.mentions })),
      edges: cmp.graph.edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        label: `${e.negated ? 'not ' : ''}${e.type}`,
        weight: e.weight,
        polarity: e.negated ? 'neutral' : e.polarity > 0 ? 'positive' : e.polarity < 0 ? 'negative' : 'neutral',
        contested: (variants.get(pairKey(e))?.size ?? 0) > 1,
      })),
    };
  }
  // Co-mentions: top actors (by articles); a pair counts once per article when both are named in one passage.
  const articlesOf = new Map<string, { label: string; kind: string; articles: Set<string> }>();
  for (const { article, analysis } of items) {
    for (const f of analysis.findings) {
      if (f.kind !== 'actor-mention') continue;
      const m = f;
      if (m.actorKind === 'place') continue;
      const e = articlesOf.get(m.actorId) ?? { label: m.canonical, kind: m.actorKind, articles: new Set<string>() };
      e.articles.add(article.id);
      articlesOf.set(m.actorId, e);
    }
  }
  const top = [...articlesOf].sort((a, b) => b[1].articles.size - a[1].articles.size || a[0].localeCompare(b[0])).slice(0, 30);
  const keep = new Set(top.map(([id]) => id));
  const pairs = new Map<string, number>();
  for (const { article, analysis } of items) {
    const byPara = new Map<number, Set<string>>();
    for (const f of analysis.findings) {
      if (f.kind !== 'actor-mention' || !keep.has(f.actorId)) continue;
      // Passages are fixed 600-character windows: linear, and close to a paragraph in news text.
      const p = Math.floor(f.span.start / 600);
      const s = byPara.get(p) ?? new Set<string>();
      s.add(f.actorId);
      byPara.set(p, s);
    }
    const inArticle = new Set<string>();
    for (const s of byPara.values()) {
      const ids = [...s].sort();
      for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) inArticle.add(`${ids[i]}\u0000${ids[j]}`);
    }
    for (const k of inArticle) pairs.set(k, (pairs.get(k) ?? 0) + 1);
    void article;
  }
  const minW = items.length >= 10 ? 2 : 1;
  const edges = [...pairs]
    .filter(([, w]) => w >= minW)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 80)
    .map(([k, w], i) => {
      const [source, target] = k.split('\u0000');
      return { id: `e${i}`, source, target, label: '', weight: w, polarity: 'neutral' as const, contested: false };
    });
  const used = new Set(edges.flatMap((e) => [e.source, e.target]));
  return {
    kind: 'co-mentions',
    nodes: top.filter(([id]) => used.has(id)).map(([id, e]) => ({ id, label: e.label, kind: e.kind, size: e.articles.size })),
    edges,
  };
}
