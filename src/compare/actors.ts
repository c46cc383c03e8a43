import type { ActorKind } from '../core/finding.js';

/** The fields of an actor mention this module reads (an ActorMentionFinding or an 'actors' product item). */
export interface MentionLike {
  actorId: string;
  actorKind: ActorKind;
  canonical: string;
  stateId?: string | null;
  /** Mentions this entry stands for (default 1): an aggregate row of the store (one per article and actor). */
  count?: number;
}

export interface CorpusActor {
  id: string;
  kind: ActorKind;
  canonical: string;
  stateId?: string;
  mentionCount: number;
  articleIds: string[];
}

export interface CorpusActors {
  actors: CorpusActor[];
  /**
   * Local (per-article) actor id -> corpus actor id. The mapping depends only on the local id (a surname maps the
   * same way in every article), so one table serves the whole corpus.
   */
  remap: Record<string, string>;
}

function personSlug(id: string): string[] {
  return id.replace(/^person:/, '').split('-').filter(Boolean);
}

/**
 * Merges per-article actors into corpus actors. Pure.
 *
 * - States, organisations and places keep their gazetteer ids ("state:IL", "org:oic"), which are already corpus-wide.
 * - People merge by full name ("person:benny-gantz" in two articles is one actor). A single-word person
 *   ("person:gantz", an article that only says "Gantz") maps to the full-name actor from another article
 *   whose surname is that word, when exactly one such full name exists in the corpus; a given-name-only actor
 *   likewise by first name. A person's state is the first one any article states.
 */
export function resolveCorpusActors(perArticle: Array<{ articleId: string; mentions: readonly MentionLike[] }>): CorpusActors {
  const fullBySurname = new Map<string, Set<string>>();
  const fullByGiven = new Map<string, Set<string>>();
  const canonicalOf = new Map<string, string>();
  for (const a of perArticle) {
    for (const m of a.mentions) {
      if (m.actorKind !== 'person') continue;
      const parts = personSlug(m.actorId);
      if (parts.length < 2) continue;
      const add = (map: Map<string, Set<string>>, k: string): void => {
        const s = map.get(k) ?? new Set<string>();
        s.add(m.actorId);
        map.set(k, s);
      };
      add(fullBySurname, parts[parts.length - 1]);
      add(fullByGiven, parts[0]);
      if (!canonicalOf.has(m.actorId) || m.canonical.length > canonicalOf.get(m.actorId)!.length) canonicalOf.set(m.actorId, m.canonical);
    }
  }
  const target = (m: MentionLike): string => {
    if (m.actorKind !== 'person') return m.actorId;
    const parts = personSlug(m.actorId);
    if (parts.length !== 1) return m.actorId;
    const bySurname = fullBySurname.get(parts[0]);
    if (bySurname && bySurname.size === 1) return [...bySurname][0];
    const byGiven = fullByGiven.get(parts[0]);
    if (!bySurname && byGiven && byGiven.size === 1) return [...byGiven][0];
    return m.actorId;
  };

  const remap: Record<string, string> = {};
  const acc = new Map<string, { kind: ActorKind; canonical: string; stateId?: string; count: number; articles: Set<string> }>();
  for (const a of perArticle) {
    for (const m of a.mentions) {
      const id = target(m);
      remap[m.actorId] = id;
      let e = acc.get(id);
      if (!e) {
        e = { kind: m.actorKind, canonical: canonicalOf.get(id) ?? m.canonical, count: 0, articles: new Set() };
        acc.set(id, e);
      }
      e.count += m.count ?? 1;
      e.articles.add(a.articleId);
      if (!e.stateId && m.stateId && !(m.actorKind === 'state')) e.stateId = m.stateId;
      if (m.actorKind === 'state' && m.stateId) e.stateId = m.stateId;
    }
  }
  const actors: CorpusActor[] = [...acc]
    .map(([id, e]) => ({
      id,
      kind: e.kind,
      canonical: e.canonical,
      ...(e.stateId ? { stateId: e.stateId } : {}),
      mentionCount: e.count,
      articleIds: [...e.articles].sort(),
    }))
    .sort((x, y) => y.mentionCount - x.mentionCount || x.id.localeCompare(y.id));
  return { actors, remap };
}
