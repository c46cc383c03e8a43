import { outletColumn } from '../core/article.js';
import type { Article } from '../core/article.js';
import type { Analysis, Finding } from '../core/finding.js';
import type { Span } from '../core/span.js';
import { alignClaims, type ClaimCluster, type Contradiction } from './claims-align.js';
import { contrastsOf, type ActorContrast } from './contrasts.js';
import { createGraphMentions, relationGraph, type GraphMentions, type RelationGraph } from './graph.js';
import { createStanceMatrix, type StanceMatrixRow } from './stance.js';
import { techniqueMatrix, type TechniqueColumn } from './techniques.js';
import { buildTimeline, type TimelineEntry } from './timeline.js';
import { createLabelMatrix, type LabelMatrixRow } from './labels.js';
import { columnOf, createOmissionActors, findOmissions, OMISSION_ACTOR_KINDS, omissionOutlets, type ArticleActorPlaces, type GroupOmissions } from './omissions.js';
import { addOwnLabel, originOf, relabelCandidates, republicationMap, type OwnLabels, type RepublicationLink } from './republications.js';
import { clusterStories, type Story } from './stories.js';

export type { ClaimCluster, ClaimSource, ClaimStatus, Contradiction } from './claims-align.js';
export type { ActorContrast } from './contrasts.js';
export type { StanceMatrixRow, StanceCell } from './stance.js';
export type { TechniqueColumn } from './techniques.js';
export type { TimelineEntry } from './timeline.js';
export type { RelationGraph } from './graph.js';
export type { GroupOmissions, OmissionItem } from './omissions.js';
export type { RepublicationLink } from './republications.js';
export type { Story } from './stories.js';
export { columnOf } from './omissions.js';

/** Version of the Comparison JSON contract (docs/schema.md#comparison). Bump the major number on a breaking change. */
export const COMPARISON_SCHEMA_VERSION = '1.1.0';

// The item type lives in types.ts so that the modules of this folder need not import their own index.
import type { CompareItem } from './types.js';
export type { CompareItem } from './types.js';

export interface CompareInput {
  items: readonly CompareItem[];
  /** Local actor id -> corpus actor id (CorpusView.remap), applied to relation/event actor references. */
  remap?: Record<string, string>;
}

export interface CompareOptions {
  /** Columns of the matrices and contrasts: perspective group (default when any article has one) or outlet. */
  by?: 'outlet' | 'group';
  /** Count labels, stance and techniques inside quotations too (default: the outlet's own voice only). */
  includeQuotes?: boolean;
  /** Only the articles of this story (a story id from an earlier run, or an override id). */
  story?: string;
  /** Article id (or a suffix of its source path) -> story id: the user's story override. */
  stories?: Record<string, string>;
  /** Story clustering threshold (default 0.25). */
  storyThreshold?: number;
  /** Independent origins other columns need for an omission (default 2). */
  minOmissionSupport?: number;
  /** Omissions kept per column, most central first (default 8; 0 = all). */
  maxOmissions?: number;
  /** Names and aliases of known outlets (the registry's): never listed as omitted actors. The corpus's outlets always are. */
  outletNames?: readonly string[];
  /** Findings a column needs for an actor to take part in a contrast (default 2 labels, 3 stance findings). */
  minSupport?: number;
}

export interface EvidenceRef {
  articleId: string;
  span: Span;
  evidence: string;
}

export interface ColumnSummary {
  name: string;
  /** For an outlet: its group. */
  group: string | null;
  articles: number;
  words: number;
  /** Findings per kind (own voice and quoted). */
  findings: Record<string, number>;
}

export interface ArticleRef {
  id: string;
  outlet: string | null;
  group: string | null;
  title: string | null;
  published: string | null;
  storyId: string;
  origin: string;
  wordCount: number;
}

/** The corpus-level comparison: the product's second JSON contract (docs/schema.md). */
export interface Comparison {
  schemaVersion: string;
  by: 'outlet' | 'group';
  includeQuotes: boolean;
  story: string | null;
  counts: { articles: number; outlets: number; groups: number; stories: number; findings: Record<string, number> };
  articles: ArticleRef[];
  outlets: ColumnSummary[];
  groups: ColumnSummary[];
  stories: Story[];
  labels: LabelMatrixRow[];
  /** Stance matrix (src/compare/stance.ts). */
  stance: StanceMatrixRow[];
  /** Techniques per column (src/compare/techniques.ts). */
  techniques: TechniqueColumn[];
  claims: ClaimCluster[];
  contradictions: Contradiction[];
  omissions: GroupOmissions[];
  contrasts: ActorContrast[];
  republications: RepublicationLink[];
  /** Merged events on a time line (src/compare/timeline.ts). */
  timeline: TimelineEntry[];
  /** Relation graph (src/compare/graph.ts). */
  graph: RelationGraph;
}

// Read by name, as claims-align's field(): a field on the finding, else in its data.
const get = (f: Finding, k: string): unknown => Reflect.get(f, k) ?? f.data?.[k];

/** One finding with its actor references made corpus ids (relation ends, event participants, stance and technique targets). */
function remapOne(f: Finding, remap: Record<string, string>): Finding {
  const mapId = (id: string): string => remap[id] ?? id;
  const mapRef = <R extends { actorId: string }>(r: R): R => (remap[r.actorId] ? { ...r, actorId: remap[r.actorId] } : r);
  switch (f.kind) {
    case 'relation':
      return { ...f, source: mapRef(f.source), target: mapRef(f.target) };
    case 'event':
      return { ...f, participants: f.participants.map(mapRef) };
    case 'stance':
      return { ...f, actorId: mapId(f.actorId) };
    case 'technique':
      return { ...f, actorId: f.actorId === null ? null : mapId(f.actorId) };
    default:
      return f;
  }
}

/** Rewrites per-article actor references in relation/event findings to corpus ids. */
function remapRefs(items: readonly CompareItem[], remap: Record<string, string> | undefined): CompareItem[] {
  if (!remap || !Object.keys(remap).length) return [...items];
  return items.map(({ article, analysis, counts, actors }) => ({
    article,
    ...(counts ? { counts } : {}),
    ...(actors ? { actors } : {}),
    analysis: {
      ...analysis,
      findings: analysis.findings.map((f) => remapOne(f, remap)),
    },
  }));
}

function summaries(items: readonly CompareItem[], by: 'outlet' | 'group'): ColumnSummary[] {
  const m = new Map<string, ColumnSummary>();
  for (const { article, analysis, counts } of items) {
    const name = columnOf(article, by);
    let s = m.get(name);
    if (!s) m.set(name, (s = { name, group: by === 'outlet' ? article.group : null, articles: 0, words: 0, findings: {} }));
    s.articles++;
    s.words += article.wordCount;
    if (counts) for (const k in counts) s.findings[k] = (s.findings[k] ?? 0) + counts[k];
    else for (const f of analysis.findings) s.findings[f.kind] = (s.findings[f.kind] ?? 0) + 1;
  }
  return [...m.values()].sort((a, b) => (a.group ?? '').localeCompare(b.group ?? '') || a.name.localeCompare(b.name));
}

/** Finding kinds a comparison reads one at a time through ComparePlan.add, never from the items' findings. */
export const STREAMED_KINDS: readonly string[] = ['actor-mention', 'label', 'stance'];

/**
 * A comparison in two steps, so the label, stance and actor-mention findings (most of a corpus's findings) are
 * never all held: `planCompare` clusters the stories (from the items' actor counts) and sets up accumulators;
 * `add` takes those findings one at a time — only the plan's articles' (`scope`), in item order then finding
 * order, as the store streams them — into the label and stance matrices, the graph's mention counts, the
 * omissions' per-article actor places and the own-voice labels of republished articles; `finish` builds the rest
 * from the items' other findings (claims, figures, events, relations, techniques).
 */
export interface ComparePlan {
  /** Ids of the articles compared (one story's, with `story`). */
  scope: ReadonlySet<string>;
  /** One finding of an article (its per-article actor ids; the plan applies the remap). Other kinds are ignored. */
  add(articleId: string, f: Finding): void;
  finish(): Comparison;
}

/** The stories of the corpus (what planCompare clusters), for a caller checking a story id first. */
export function compareStories(input: CompareInput, opts: CompareOptions = {}): Story[] {
  return clusterStories(remapRefs(input.items, input.remap), { overrides: opts.stories, threshold: opts.storyThreshold });
}

export function planCompare(input: CompareInput, opts: CompareOptions = {}): ComparePlan {
  const all = remapRefs(input.items, input.remap);
  const by = opts.by ?? (all.some((i) => i.article.group) ? 'group' : 'outlet');
  const includeQuotes = Boolean(opts.includeQuotes);
  const allStories = clusterStories(all, { overrides: opts.stories, threshold: opts.storyThreshold });
  let items = all;
  let stories = allStories;
  if (opts.story) {
    const s = allStories.find((x) => x.id === opts.story);
    const ids = new Set(s?.articleIds ?? []);
    items = all.filter((i) => ids.has(i.article.id));
    stories = s ? [s] : [];
  }
  const scope = new Set(items.map((i) => i.article.id));
  const articleOf = new Map(items.map((i) => [i.article.id, i.article]));
  const labels = createLabelMatrix({ by, includeQuotes, minSupport: opts.minSupport ?? 2 });
  const stance = createStanceMatrix({ by, includeQuotes });
  const mentions = createGraphMentions({ by, includeQuotes });
  const omissionActors = createOmissionActors(new Set(OMISSION_ACTOR_KINDS), omissionOutlets(items, opts.outletNames));
  const relabel = relabelCandidates(items);
  const ownLabels = new Map<string, OwnLabels>();
  const remap = input.remap && Object.keys(input.remap).length ? input.remap : null;
  const streamed = new Set(STREAMED_KINDS);
  let place: { articleId: string; outlet: string; group: string; language: string | null } | null = null;
  const add = (articleId: string, finding: Finding): void => {
    if (!streamed.has(finding.kind) || !scope.has(articleId)) return;
    const f = remap ? remapOne(finding, remap) : finding;
    const article = articleOf.get(articleId)!;
    if (place?.articleId !== articleId) place = { articleId, outlet: columnOf(article, 'outlet'), group: columnOf(article, 'group'), language: article.language ?? null };
    labels.add(place, f);
    stance.add(place, f);
    mentions.add(place, f);
    omissionActors.add(article, f);
    if (relabel.has(articleId)) {
      let own = ownLabels.get(articleId);
      if (!own) ownLabels.set(articleId, (own = new Map()));
      addOwnLabel(own, f);
    }
  };
  const finish = (): Comparison =>
    finishCompare({ all, items, stories, allStories, by, includeQuotes, opts }, { labelRows: labels.rows(), stance: stance.rows(), mentions, omissionActors: omissionActors.of, ownLabels: (id) => ownLabels.get(id) });
  return { scope, add, finish };
}

interface Planned {
  all: CompareItem[];
  items: CompareItem[];
  stories: Story[];
  allStories: Story[];
  by: 'outlet' | 'group';
  includeQuotes: boolean;
  opts: CompareOptions;
}

interface Digest {
  labelRows: LabelMatrixRow[];
  stance: StanceMatrixRow[];
  mentions: GraphMentions;
  omissionActors: (articleId: string) => ReadonlyMap<string, ArticleActorPlaces> | undefined;
  ownLabels: (articleId: string) => OwnLabels | undefined;
}

function finishCompare({ all, items, stories, allStories, by, includeQuotes, opts }: Planned, digest: Digest): Comparison {
  const storyOf = new Map<string, string>();
  for (const s of stories) for (const id of s.articleIds) storyOf.set(id, s.id);
  const byId = new Map(all.map((i) => [i.article.id, i.article]));
  const origin = new Map(items.map((i) => [i.article.id, originOf(i.article, byId)]));

  const col = (a: CompareItem['article']) => ({ outlet: columnOf(a, 'outlet'), group: columnOf(a, 'group') });
  const timelineInput = items.map(({ article, analysis }) => ({ articleId: article.id, ...col(article), published: article.published, findings: analysis.findings }));
  // Claims count every voice (a quoted ministry's figure is a claim the outlet reports); the timeline view follows includeQuotes.
  const allEvents = buildTimeline(timelineInput, { by, includeQuotes: true });
  const storyOfAll = new Map<string, string>();
  for (const s of allStories) for (const id of s.articleIds) storyOfAll.set(id, s.id);
  const { clusters, contradictions } = alignClaims(items, { timeline: allEvents, storyOf: (id) => storyOfAll.get(id) });
  const { contrasts, labelRows, stance } = contrastsOf(digest.labelRows, digest.stance, {});
  const omissions = findOmissions(items, clusters, {
    by,
    minSupport: opts.minOmissionSupport,
    originOf: (id) => origin.get(id) ?? id,
    storyId: opts.story ?? null,
    stories,
    maxItems: opts.maxOmissions,
    outletNames: opts.outletNames,
    actors: digest.omissionActors,
  });
  const findings: Record<string, number> = {};
  for (const { analysis, counts } of items) {
    if (counts) for (const k in counts) findings[k] = (findings[k] ?? 0) + counts[k];
    else for (const f of analysis.findings) findings[f.kind] = (findings[f.kind] ?? 0) + 1;
  }
  const outlets = summaries(items, 'outlet');
  const groups = summaries(items, 'group');
  return {
    schemaVersion: COMPARISON_SCHEMA_VERSION,
    by,
    includeQuotes,
    story: opts.story ?? null,
    counts: { articles: items.length, outlets: outlets.length, groups: groups.filter((g) => g.name !== '(no group)').length, stories: stories.length, findings },
    articles: items
      .map(({ article: a }) => ({ id: a.id, outlet: outletColumn(a), group: a.group, title: a.title, published: a.published, storyId: storyOf.get(a.id) ?? '', origin: origin.get(a.id) ?? a.id, wordCount: a.wordCount }))
      .sort((x, y) => (x.outlet ?? '').localeCompare(y.outlet ?? '') || (x.published ?? '').localeCompare(y.published ?? '') || x.id.localeCompare(y.id)),
    outlets,
    groups,
    stories,
    labels: labelRows,
    stance,
    techniques: techniqueMatrix(items.map(({ article, analysis }) => ({ articleId: article.id, ...col(article), words: article.wordCount, findings: analysis.findings })), { by, includeQuotes }),
    claims: clusters,
    contradictions,
    omissions,
    contrasts,
    republications: republicationMap(items, digest.ownLabels),
    timeline: includeQuotes ? allEvents : buildTimeline(timelineInput, { by, includeQuotes }),
    graph: relationGraph(items.map(({ article, analysis }) => ({ articleId: article.id, ...col(article), findings: analysis.findings })), { by, includeQuotes }, digest.mentions),
  };
}

/**
 * Compares the outlets of a corpus. Pure: no I/O; the same input gives the same output.
 * Pass `loadCorpusView(store)` (src/services/corpus.ts) so that actor ids are corpus ids. The items' label, stance
 * and actor-mention findings go through the plan's accumulators (planCompare), as a comparison over the store
 * streams them.
 */
export function compare(input: CompareInput, opts: CompareOptions = {}): Comparison {
  const plan = planCompare(input, opts);
  for (const { article, analysis } of input.items) if (plan.scope.has(article.id)) for (const f of analysis.findings) plan.add(article.id, f);
  return plan.finish();
}
