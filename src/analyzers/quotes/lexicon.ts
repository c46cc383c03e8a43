import { readFileSync } from 'node:fs';

export type VerbStance = 'neutral' | 'distancing' | 'endorsing';
const STANCES = new Set<VerbStance>(['neutral', 'distancing', 'endorsing']);

export interface SpeechVerb {
  lemma: string;
  stance: VerbStance;
  note: string;
  /** Takes an addressee before its content ("told reporters that …"). */
  object?: boolean;
  /** A cue only when a quotation follows in the same clause ("called the move “a betrayal”"). */
  needsQuote?: boolean;
  /** Speech only with a that-clause ("maintained that …"); "maintains a friendly stance" is not. */
  needsThat?: boolean;
  /** The object noun phrase or infinitive is the content: attitude and evaluation predicates ("criticized the
   * plan", "wants to run", "a poll shows Clinton ahead"). */
  npContent?: boolean;
  /** A cue only before "to": "declined to comment" (not "sales declined"). */
  infinitive?: boolean;
  /** An attitude that is no cue of its own inside another attribution's content ("she said they want …"). */
  notNested?: boolean;
}

export interface QuoteLexicon {
  /** Lower-case single-word form -> verb. */
  single: Map<string, SpeechVerb>;
  /** Lower-case first word -> [second word, verb] for two-word forms ("pointed out", "according to"). */
  double: Map<string, Array<[string, SpeechVerb]>>;
  /** Lower-case role noun -> family id. */
  roleFamily: Map<string, string>;
}

interface VerbEntry extends SpeechVerb {
  forms: string[];
  source?: string;
}

const here = new URL('./data/', import.meta.url);
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, here), 'utf8')) as T;

/** Validates data/*.json (every entry needs its provenance note, a known stance and forms) and builds lookups. */
export function buildLexicon(
  verbsDoc: { note?: string; source?: string; entries: VerbEntry[] } = read('speech-verbs.json'),
  rolesDoc: { note?: string; source?: string; families: Array<{ id: string; note?: string; roles: string[] }> } = read('role-families.json'),
): QuoteLexicon {
  if (!verbsDoc.note && !verbsDoc.source) throw new Error('speech-verbs.json: needs a note or source');
  if (!Array.isArray(verbsDoc.entries)) throw new Error('speech-verbs.json: entries must be an array');
  const single = new Map<string, SpeechVerb>();
  const double = new Map<string, Array<[string, SpeechVerb]>>();
  verbsDoc.entries.forEach((e, i) => {
    const where = `speech-verbs.json entry ${i} (${String(e?.lemma)})`;
    if (!e || typeof e.lemma !== 'string' || !e.lemma) throw new Error(`${where}: missing lemma`);
    if (!STANCES.has(e.stance)) throw new Error(`${where}: stance must be neutral, distancing or endorsing`);
    if (typeof e.note !== 'string' || !e.note.trim()) throw new Error(`${where}: needs a note`);
    if (!Array.isArray(e.forms) || !e.forms.length) throw new Error(`${where}: needs forms`);
    const verb: SpeechVerb = { lemma: e.lemma, stance: e.stance, note: e.note, ...(e.object ? { object: true } : {}), ...(e.needsQuote ? { needsQuote: true } : {}), ...(e.needsThat ? { needsThat: true } : {}), ...(e.npContent ? { npContent: true } : {}), ...(e.infinitive ? { infinitive: true } : {}), ...(e.notNested ? { notNested: true } : {}) };
    for (const f of e.forms) {
      const words = f.toLowerCase().split(/\s+/);
      if (words.length === 1) {
        if (single.has(words[0])) throw new Error(`${where}: form "${f}" listed twice`);
        single.set(words[0], verb);
      } else if (words.length === 2) {
        const list = double.get(words[0]) ?? [];
        list.push([words[1], verb]);
        double.set(words[0], list);
      } else throw new Error(`${where}: forms have one or two words`);
    }
  });
  if (!rolesDoc.note && !rolesDoc.source) throw new Error('role-families.json: needs a note or source');
  const roleFamily = new Map<string, string>();
  for (const fam of rolesDoc.families) {
    if (!fam.id || !fam.note || !Array.isArray(fam.roles)) throw new Error(`role-families.json: family ${String(fam.id)} needs id, note and roles`);
    for (const r of fam.roles) roleFamily.set(r.toLowerCase(), fam.id);
  }
  return { single, double, roleFamily };
}

let cached: QuoteLexicon | null = null;
export function quoteLexicon(): QuoteLexicon {
  return (cached ??= buildLexicon());
}
