// The connotation of a linked phrase: the cues of its modifiers and head, and a known label's.
import type { Connotation } from '../../core/finding.js';
import type { CueEntry } from './lexicon.js';
import { wordCue, type Candidate, type Doc, type Resolution } from './reading.js';

/** The distinct cues of the phrase's modifiers and head. */
function phraseCues(doc: Doc, c: Candidate): CueEntry[] {
  const { words, lex } = doc;
  const idx = [...c.modifiers, c.head];
  const out: CueEntry[] = [];
  for (const k of idx) {
    const q = wordCue(doc, k);
    if (q && !out.includes(q)) out.push(q);
  }
  if (c.ideo) {
    const q = wordCue(doc, c.head);
    if (q && !out.includes(q)) out.push(q);
  }
  return out;
}

/** The phrase's connotation from its own cues, before it is linked (for coreference affinity). */
export function preliminaryConnotation(doc: Doc, c: Candidate): Connotation {
  const cues = phraseCues(doc, c);
  if (cues.some((q) => q.polarity === 'pejorative')) return 'pejorative';
  if (cues.some((q) => q.polarity === 'favourable')) return 'favourable';
  return 'neutral';
}

/** The linked phrase's connotation and strongest cue ("entity" only for a state), else a known label's connotation. */
export function connotationOf(doc: Doc, c: Candidate, res: Resolution): { connotation: Connotation; cue: string | null; cues: string[] } {
  let cues = phraseCues(doc, c);
  // A state called an "entity" or a "regime" is pejorative; an organisation's "leadership" is not evaluated here.
  if (res.actorKind !== 'state') cues = cues.filter((q) => q.cue !== 'entity');
  const pej = cues.filter((q) => q.polarity === 'pejorative').sort((a, b) => b.weight - a.weight);
  const fav = cues.filter((q) => q.polarity === 'favourable').sort((a, b) => b.weight - a.weight);
  const all = cues.map((q) => q.cue);
  if (pej.length) return { connotation: 'pejorative', cue: pej[0].cue, cues: all };
  if (fav.length) return { connotation: 'favourable', cue: fav[0].cue, cues: all };
  const known = res.evidence.knownLabel ? doc.lex.known.find((k) => k.label === res.evidence.knownLabel) : undefined;
  if (known && known.connotation !== 'neutral') return { connotation: known.connotation, cue: known.label, cues: all };
  return { connotation: 'neutral', cue: null, cues: all };
}
