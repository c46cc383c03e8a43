import { NO_GROUP, outletColumn, type CitedSource } from '../core/article.js';
import type { ActorMentionFinding } from '../core/finding.js';
import type { ClaimCluster } from './claims-align.js';
import type { CompareItem } from './types.js';

/**
 * Omissions: for each perspective group (or outlet), the actors, events and claim clusters that OTHER groups
 * report and that it never mentions. Pure.
 *
 * The scope is the articles compared: the whole corpus, or one story with `compare(..., { story })`. (Automatic
 * story clusters are too approximate to decide what a group "covered"; a user who wants per-story omissions
 * names the story.) Support is counted in independent origins of the other groups (copies count once), and an item needs at least
 * `minSupport` of them (default 2), so one stray mention is not an omission. Mentions in any voice count as
 * mentioning (quoting a figure is reporting it).
 */

export interface OmissionItem {
  type: 'actor' | 'event' | 'claim';
  /** Actor id or claim cluster id. */
  ref: string;
  label: string;
  /** The story compared, or null for the whole corpus. */
  storyId: string | null;
  /** Independent origins in other columns that report it. */
  support: number;
  /** Other columns that report it. */
  reportedBy: string[];
  /** Up to five places where others report it. */
  evidence: Array<{ articleId: string; span: { start: number; end: number }; evidence: string }>;
}

export interface GroupOmissions {
  /** The group (or outlet) that leaves these out. */
  column: string;
  /** Its articles in the stories it covers. */
  articles: number;
  items: OmissionItem[];
}

export interface OmissionOptions {
  by: 'outlet' | 'group';
  /** Independent origins of other columns needed (default 2). */
  minSupport?: number;
  /** Actor kinds considered (default: state, person, organisation). */
  actorKinds?: string[];
  /** Item id -> origin of the article, from claims-align/republications. */
  originOf: (articleId: string) => string;
}

/** The column an article (or a claim source, which carries its article's column) is counted under. */
export const columnOf = (
  a: { id?: string; articleId?: string; outlet: string | null; title?: string | null; byline?: string | null; citedSources?: readonly CitedSource[] | null; group: string | null },
  by: 'outlet' | 'group',
): string =>
  by === 'outlet' ? outletColumn({ id: a.id ?? a.articleId ?? '', outlet: a.outlet, title: a.title, byline: a.byline, citedSources: a.citedSources }) : a.group ?? NO_GROUP;

export function findOmissions(items: readonly CompareItem[], claims: readonly ClaimCluster[], opts: OmissionOptions & { storyId?: string | null }): GroupOmissions[] {
  const stories = [{ id: opts.storyId ?? null, articleIds: items.map((i) => i.article.id) }];
  const minSupport = opts.minSupport ?? 2;
  const kinds = new Set(opts.actorKinds ?? ['state', 'person', 'organisation']);
  const itemById = new Map(items.map((i) => [i.article.id, i]));
  const out = new Map<string, GroupOmissions>();

  for (const story of stories) {
    const members = story.articleIds.map((id) => itemById.get(id)).filter((x): x is CompareItem => Boolean(x));
    const columns = [...new Set(members.map((m) => columnOf(m.article, opts.by)))].sort();
    if (columns.length < 2) continue;
    // Claims in scope, once: their sources here, the columns that state them, their support.
    const inStory = new Set(story.articleIds);
    const claimsHere = claims
      .map((c) => {
        const srcs = c.sources.filter((s) => inStory.has(s.articleId));
        return { c, srcs, cols: new Set(srcs.map((s) => columnOf(s, opts.by))) };
      })
      .filter((x) => x.srcs.length && new Set(x.srcs.map((s) => s.origin)).size >= minSupport);
    // actor -> column -> first mentions
    const actorCols = new Map<string, { label: string; cols: Map<string, Array<{ articleId: string; span: { start: number; end: number }; evidence: string }>> }>();
    for (const m of members) {
      const col = columnOf(m.article, opts.by);
      const seen = new Set<string>();
      for (const f of m.analysis.findings) {
        if (f.kind !== 'actor-mention') continue;
        const a = f as ActorMentionFinding;
        if (!kinds.has(a.actorKind) || seen.has(a.actorId)) continue;
        seen.add(a.actorId);
        let e = actorCols.get(a.actorId);
        if (!e) actorCols.set(a.actorId, (e = { label: a.canonical, cols: new Map() }));
        const list = e.cols.get(col) ?? [];
        list.push({ articleId: m.article.id, span: { start: a.span.start, end: a.span.end }, evidence: a.evidence });
        e.cols.set(col, list);
      }
    }
    for (const col of columns) {
      const mine = members.filter((m) => columnOf(m.article, opts.by) === col);
      let g = out.get(col);
      if (!g) out.set(col, (g = { column: col, articles: 0, items: [] }));
      g.articles += mine.length;
      for (const [actorId, e] of actorCols) {
        if (e.cols.has(col)) continue;
        const others = [...e.cols].flatMap(([, refs]) => refs);
        const support = new Set(others.map((r) => opts.originOf(r.articleId))).size;
        if (support < minSupport) continue;
        g.items.push({ type: 'actor', ref: actorId, label: e.label, storyId: story.id, support, reportedBy: [...e.cols.keys()].sort(), evidence: others.slice(0, 5) });
      }
      for (const { c, srcs, cols } of claimsHere) {
        if (cols.has(col)) continue;
        const support = new Set(srcs.map((s) => s.origin)).size;
        if (support < minSupport) continue;
        g.items.push({
          type: c.kind === 'event' ? 'event' : 'claim',
          ref: c.id,
          label: c.label,
          storyId: story.id,
          support,
          reportedBy: [...new Set(srcs.map((s) => columnOf(s, opts.by)))].sort(),
          evidence: srcs.slice(0, 5).map((s) => ({ articleId: s.articleId, span: s.span, evidence: s.evidence })),
        });
      }
    }
  }
  const order = { claim: 0, event: 1, actor: 2 };
  for (const g of out.values()) g.items.sort((a, b) => b.support - a.support || order[a.type] - order[b.type] || a.label.localeCompare(b.label));
  return [...out.values()].sort((a, b) => a.column.localeCompare(b.column));
}
