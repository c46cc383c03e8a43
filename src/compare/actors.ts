import type { ActorKind } from '../core/finding.js';
import { sameNameWord, soundKey } from '../core/lang/translit.js';

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
 * English short forms of given names and the formal name news copy also uses ("Jim Mattis" / "James Mattis").
 * General knowledge of English naming, not a list fitted to a corpus; a short form maps to one formal name.
 */
const NICKNAMES: Record<string, string> = {
  jim: 'james', jimmy: 'james', bill: 'william', billy: 'william', will: 'william', bob: 'robert', bobby: 'robert', rob: 'robert',
  mike: 'michael', mick: 'michael', dick: 'richard', rick: 'richard', tom: 'thomas', tommy: 'thomas', joe: 'joseph',
  chuck: 'charles', charlie: 'charles', dave: 'david', dan: 'daniel', danny: 'daniel', steve: 'steven', ted: 'edward',
  ed: 'edward', tony: 'anthony', andy: 'andrew', alex: 'alexander', sam: 'samuel', ben: 'benjamin', bibi: 'benjamin',
  pete: 'peter', nick: 'nicholas', matt: 'matthew', chris: 'christopher', jerry: 'gerald', larry: 'lawrence',
  liz: 'elizabeth', beth: 'elizabeth', kate: 'katherine', kathy: 'katherine', sue: 'susan', peggy: 'margaret',
  meg: 'margaret', jen: 'jennifer', jenny: 'jennifer', hank: 'henry', harry: 'henry', jack: 'john', johnny: 'john',
  ron: 'ronald', don: 'donald', doug: 'douglas', greg: 'gregory', jeff: 'jeffrey', ken: 'kenneth', pat: 'patrick',
  ray: 'raymond', tim: 'timothy', vlad: 'vladimir',
};

/** The formal given name of a (possibly short) given name. */
export function formalGiven(given: string): string {
  return NICKNAMES[given] ?? given;
}

/**
 * Follows the user's merge table from `id` (a chain A -> B -> C ends at C). A cycle (A -> B -> A, which the CLI
 * refuses to write but a shared database may still get from two users) ends at the smallest id on the cycle, so
 * every member of it lands on the same actor.
 */
export function followMerges(id: string, merges: ReadonlyMap<string, string>): string {
  const path: string[] = [id];
  const at = new Map<string, number>([[id, 0]]);
  for (let next = merges.get(id); next !== undefined; next = merges.get(next)) {
    const seen = at.get(next);
    if (seen !== undefined) return path.slice(seen).sort()[0];
    at.set(next, path.length);
    path.push(next);
  }
  return path[path.length - 1];
}

/** A full name (two words or more) as sound keys, and whether it comes from a language that inflects names. */
interface SoundName {
  id: string;
  keys: string[];
  inflected: boolean;
}

const ASCII_NAME = /^[A-Za-z0-9'’.-]+$/;
const LATIN_NAME = /^[\p{Script=Latin}\p{Zs}\p{P}-]+$/u;

/**
 * Full person names that are one name written in two scripts or spellings ("Anja Rusk" / "Аня Руск" / "Anya
 * Rusk", "Jens Aukland" / "Йенса Аукланда"): every word the same sound key, or the same but for a case ending on
 * the word of a name from an article in a language that inflects names or written in letters beyond ASCII (Russian,
 * Turkish, Azerbaijani inflect names; English copy does not). Returns
 * id -> the id that stands for its group: a Latin-script name first (the report's readers read it), then the one
 * mentioned most, the longest, the smallest id.
 */
function sameNameGroups(names: SoundName[], count: ReadonlyMap<string, number>, canonicalOf: ReadonlyMap<string, string>): Map<string, string> {
  const parent = new Map<string, string>(names.map((n) => [n.id, n.id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const buckets = new Map<string, SoundName[]>();
  for (const n of names) {
    const b = `${n.keys.length}:${n.keys.map((k) => k.slice(0, 3)).join(' ')}`;
    const list = buckets.get(b) ?? [];
    list.push(n);
    buckets.set(b, list);
  }
  for (const list of buckets.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, b] = [list[i], list[j]];
        if (a.keys.every((k, w) => sameNameWord(k, b.keys[w], a.inflected, b.inflected))) parent.set(find(a.id), find(b.id));
      }
    }
  }
  const groups = new Map<string, string[]>();
  for (const n of names) {
    const r = find(n.id);
    const ids = groups.get(r);
    if (ids) ids.push(n.id);
    else groups.set(r, [n.id]);
  }
  const latin = (id: string): number => (LATIN_NAME.test(canonicalOf.get(id) ?? '') ? 0 : 1);
  const rep = new Map<string, string>();
  for (const ids of groups.values()) {
    if (ids.length < 2) continue;
    const best = [...ids].sort(
      (a, b) => latin(a) - latin(b) || (count.get(b) ?? 0) - (count.get(a) ?? 0) || (canonicalOf.get(b)?.length ?? 0) - (canonicalOf.get(a)?.length ?? 0) || a.localeCompare(b),
    )[0];
    for (const id of ids) if (id !== best) rep.set(id, best);
  }
  return rep;
}

/** Languages whose grammar puts case endings on names (Russian Аукланда, Turkish Auklandın, Azerbaijani Auklandın). */
const INFLECTING = new Set(['ru', 'uk', 'be', 'tr', 'az', 'kk', 'uz', 'ky', 'tt', 'ba', 'pl', 'cs', 'sk', 'sl', 'hr', 'sr', 'bs', 'bg', 'mk', 'lt', 'lv', 'fi', 'et', 'hu']);

export function resolveCorpusActors(
  perArticle: Array<{ articleId: string; language?: string | null; mentions: readonly MentionLike[] }>,
  merges: ReadonlyMap<string, string> = new Map(),
): CorpusActors {
  const fullBySurname = new Map<string, Set<string>>();
  const fullByGiven = new Map<string, Set<string>>();
  const fullByFormal = new Map<string, Set<string>>(); // "james mattis" -> {person:james-mattis, person:jim-mattis}
  const canonicalOf = new Map<string, string>();
  const fullBySound = new Map<string, Set<string>>(); // a surname's sound key -> full names ending in it
  const soundNames = new Map<string, SoundName>();
  const personCount = new Map<string, number>();
  for (const a of perArticle) {
    const inflecting = INFLECTING.has((a.language ?? '').slice(0, 2).toLowerCase());
    for (const m of a.mentions) {
      if (m.actorKind !== 'person') continue;
      const parts = personSlug(m.actorId);
      personCount.set(m.actorId, (personCount.get(m.actorId) ?? 0) + (m.count ?? 1));
      if (parts.length < 2) continue;
      // Keyed from the name as written (an id's slug has lost letters: Russian й is folded to и).
      const words = m.canonical.split(/[\s\u2010-]+/u).filter(Boolean);
      const known = soundNames.get(m.actorId);
      if (known) known.inflected ||= inflecting;
      else if (words.length >= 2) {
        const keys = words.map(soundKey);
        if (keys.every((k): k is string => k !== null)) {
          soundNames.set(m.actorId, { id: m.actorId, keys, inflected: inflecting || words.some((w) => !ASCII_NAME.test(w)) });
          const set = fullBySound.get(keys[keys.length - 1]) ?? new Set<string>();
          fullBySound.set(keys[keys.length - 1], set.add(m.actorId));
        }
      }
      const add = (map: Map<string, Set<string>>, k: string): void => {
        const s = map.get(k) ?? new Set<string>();
        s.add(m.actorId);
        map.set(k, s);
      };
      add(fullBySurname, parts[parts.length - 1]);
      add(fullByGiven, formalGiven(parts[0]));
      add(fullByFormal, [formalGiven(parts[0]), ...parts.slice(1)].join(' '));
      if (!canonicalOf.has(m.actorId) || m.canonical.length > canonicalOf.get(m.actorId)!.length) canonicalOf.set(m.actorId, m.canonical);
    }
  }
  // Among full names that differ only by a short given name ("jim-mattis", "james-mattis"), the formal one (else
  // the longest canonical, then the smallest id) stands for all.
  const formalOf = (ids: Set<string>, formalKey: string): string =>
    [...ids].sort((a, b) => {
      const fa = personSlug(a).join(' ') === formalKey ? 0 : 1;
      const fb = personSlug(b).join(' ') === formalKey ? 0 : 1;
      return fa - fb || (canonicalOf.get(b)?.length ?? 0) - (canonicalOf.get(a)?.length ?? 0) || a.localeCompare(b);
    })[0];
  const sameName = sameNameGroups([...soundNames.values()], personCount, canonicalOf);
  const personTarget = (id: string): string => {
    const parts = personSlug(id);
    if (parts.length >= 2) {
      const key = [formalGiven(parts[0]), ...parts.slice(1)].join(' ');
      const same = fullByFormal.get(key);
      const formal = same && same.size > 1 ? formalOf(same, key) : id;
      return sameName.get(formal) ?? formal;
    }
    if (parts.length !== 1) return id;
    // the one person the candidates stand for, when they all come to one ("jim-mattis" and "james-mattis" do)
    const one = (ids: Set<string> | undefined): string | null => {
      if (!ids) return null;
      const people = new Set([...ids].map(personTarget));
      return people.size === 1 ? [...people][0] : null;
    };
    const bySurname = fullBySurname.get(parts[0]);
    if (bySurname) return one(bySurname) ?? id;
    const sound = soundKey(parts[0]);
    const bySound = sound === null ? undefined : fullBySound.get(sound);
    if (bySound) return one(bySound) ?? id;
    return one(fullByGiven.get(formalGiven(parts[0]))) ?? id;
  };
  const target = (m: MentionLike): string => {
    if (merges.has(m.actorId)) return followMerges(m.actorId, merges); // the user's word on this id comes first
    return followMerges(m.actorKind === 'person' ? personTarget(m.actorId) : m.actorId, merges);
  };

  // The canonical name of every id any article uses, so an actor merged into another is named as the target is.
  const canonicalById = new Map<string, string>();
  for (const a of perArticle) for (const m of a.mentions) if (!canonicalById.has(m.actorId) || m.canonical.length > canonicalById.get(m.actorId)!.length) canonicalById.set(m.actorId, m.canonical);
  const remap: Record<string, string> = {};
  const acc = new Map<string, { kind: ActorKind; canonical: string; stateId?: string; count: number; articles: Set<string> }>();
  for (const a of perArticle) {
    for (const m of a.mentions) {
      const id = target(m);
      remap[m.actorId] = id;
      let e = acc.get(id);
      if (!e) {
        e = { kind: m.actorKind, canonical: canonicalOf.get(id) ?? canonicalById.get(id) ?? m.canonical, count: 0, articles: new Set() };
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
