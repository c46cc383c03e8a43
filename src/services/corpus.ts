import { NO_GROUP, outletColumn } from '../core/article.js';
import type { Article } from '../core/article.js';
import type { ActorMentionFinding, Analysis, Finding, LabelFinding } from '../core/finding.js';
import { resolveCorpusActors, type CorpusActor } from '../compare/actors.js';
import { labelMatrix, type LabelMatrixOptions, type LabelMatrixRow } from '../compare/labels.js';
import type { Store } from '../storage/store.js';
import { loadCorpusAnalyses } from './analyze.js';

export interface CorpusItem {
  article: Article;
  analysis: Analysis;
}

export interface CorpusActorView extends CorpusActor {
  outlets: Record<string, number>;
  groups: Record<string, number>;
  /** Mentions in the outlets' own voice (not inside quotations). */
  ownVoiceMentions: number;
}

export interface CorpusView {
  items: CorpusItem[];
  actors: CorpusActorView[];
  /** Local actor id -> corpus actor id. */
  remap: Record<string, string>;
  /** Articles stored without a current analysis (run "parallax analyze"). */
  unanalysed: number;
}


/** Rewrites per-article actor ids to corpus actor ids, so one real actor has one id across the corpus. */
export function remapFinding<F extends Finding>(f: F, remap: Record<string, string>, canonical: ReadonlyMap<string, string>): F {
  const id = 'actorId' in f ? f.actorId : undefined;
  if (!id || !remap[id] || remap[id] === id) return f;
  const to = remap[id];
  return { ...f, actorId: to, canonical: canonical.get(to) ?? ('canonical' in f ? f.canonical : undefined) };
}

/** The user's actor merge table (parallax actors --merge) as a from -> to map. */
export async function mergeTable(store: Store): Promise<Map<string, string>> {
  return new Map((await store.listActorMerges()).map((m) => [m.from, m.to]));
}

export async function loadCorpusView(store: Store): Promise<CorpusView> {
  const loaded = await loadCorpusAnalyses(store);
  const total = await store.countArticles();
  const mentionsOf = (a: Analysis) => a.findings.filter((f): f is ActorMentionFinding => f.kind === 'actor-mention');
  const resolved = resolveCorpusActors(
    loaded.map(({ article, analysis }) => ({ articleId: article.id, language: article.language ?? null, mentions: mentionsOf(analysis) })),
    await mergeTable(store),
  );
  const canonical = new Map(resolved.actors.map((a) => [a.id, a.canonical]));
  const items = loaded.map(({ article, analysis }) => ({
    article,
    analysis: { ...analysis, findings: analysis.findings.map((f) => remapFinding(f, resolved.remap, canonical)) },
  }));
  const views = new Map<string, CorpusActorView>(
    resolved.actors.map((a) => [a.id, { ...a, outlets: {}, groups: {}, ownVoiceMentions: 0 }]),
  );
  for (const { article, analysis } of items) {
    for (const f of analysis.findings) {
      if (f.kind !== 'actor-mention') continue;
      const v = views.get(f.actorId);
      if (!v) continue;
      const outlet = outletColumn(article);
      const group = article.group ?? NO_GROUP;
      v.outlets[outlet] = (v.outlets[outlet] ?? 0) + 1;
      v.groups[group] = (v.groups[group] ?? 0) + 1;
      if (f.voice === 'outlet') v.ownVoiceMentions++;
    }
  }
  const actors = [...views.values()].sort((a, b) => b.mentionCount - a.mentionCount || a.canonical.localeCompare(b.canonical));
  return { items, actors, remap: resolved.remap, unanalysed: total - loaded.length };
}

/** Finds corpus actors by id, canonical name or a label used for them (case-insensitive). */
export function matchActor(view: CorpusView, query: string): CorpusActorView[] {
  const q = query.trim().toLowerCase();
  const exact = view.actors.filter((a) => a.id.toLowerCase() === q || a.canonical.toLowerCase() === q);
  if (exact.length) return exact;
  const byLabel = new Set<string>();
  for (const { analysis } of view.items) {
    for (const f of analysis.findings) {
      if (f.kind !== 'label') continue;
      const l = f;
      if (l.labelNormalized.toLowerCase() === q || l.label.toLowerCase() === q) byLabel.add(l.actorId);
    }
  }
  if (byLabel.size) return view.actors.filter((a) => byLabel.has(a.id));
  return view.actors.filter((a) => a.canonical.toLowerCase().includes(q));
}

export function corpusLabelMatrix(view: CorpusView, opts: LabelMatrixOptions): LabelMatrixRow[] {
  return labelMatrix(
    view.items.map(({ article, analysis }) => ({
      articleId: article.id,
      outlet: outletColumn(article),
      group: article.group ?? NO_GROUP,
      language: article.language ?? null,
      findings: analysis.findings,
    })),
    opts,
  );
}
