// Word-level techniques: name-calling from the labels analyzer, and loaded language and name-calling from the
// lexicon (loaded-words.json) matched on the words of one article's reading.
import { lowerBound, type Span } from '../../core/span.js';
import type { WordEntry } from './lexicon.js';
import { addTechnique, clip, overlaps, type Match, type TechReading, type Word } from './reading.js';

/** Groups whose words keep their meaning when capitalised mid-sentence ("Zionist", "Islamist"). */
const CAPS_OK = new Set(['name-calling-modifiers']);

/** Name-calling from the labels analyzer (pejorative epithets only); returns the spans of those labels. */
export function labelTechniques(rd: TechReading): Span[] {
  const labelSpans: Span[] = [];
  for (const l of rd.labels) {
    // Only epithets: a contested place name (toponym variant) or a name in scare quotes is not name-calling.
    if (l.connotation !== 'pejorative' || l.labelType !== 'epithet') continue;
    labelSpans.push(l.span);
    addTechnique(rd, {
      span: l.span,
      technique: 'Name_Calling,Labeling',
      actorId: l.actorId,
      canonical: l.canonical,
      targetVia: 'label',
      cue: 'label',
      reason: `“${clip(l.label)}” is a pejorative label for ${l.canonical} (labels analyzer${l.cue ? `, cue “${l.cue}”` : ''})`,
      confidence: Math.max(0.6, Math.min(0.95, l.confidence)),
      voice: l.voice,
      related: [{ role: 'label', span: l.span }],
      data: { labelId: `labels:label:${l.span.start}-${l.span.end}`, labelType: l.labelType },
    });
  }
  return labelSpans;
}

/** Whether s overlaps one of the (sorted) label spans. */
function inLabel(labelSpans: Span[], s: Span): boolean {
  const i = lowerBound(labelSpans, s.end, (x) => x.start) - 1;
  for (let k = i; k >= 0 && k >= i - 3; k--) if (overlaps(labelSpans[k], s)) return true;
  return false;
}

/** The lexicon's words and phrases in the text (longest phrase first), filtered by part of speech, following word and capitalisation. */
export function lexiconMatches(rd: TechReading): Match[] {
  const { text, words } = rd;
  const matches: Match[] = [];
  for (let w = 0; w < words.length; w++) {
    const word = words[w];
    let hit: { entry: WordEntry; form: string; last: number } | null = null;
    const ph = word.info?.phrases;
    if (ph) {
      for (const p of ph) {
        if (w + p.rest.length >= words.length) continue;
        let ok = true;
        for (let k = 0; k < p.rest.length && ok; k++) {
          const nw = words[w + 1 + k];
          ok = nw.lower === p.rest[k] && nw.sentence === word.sentence && /^\s+$/.test(text.slice(words[w + k].end, nw.start));
        }
        if (ok) {
          hit = { entry: p.entry, form: p.form, last: w + p.rest.length };
          break;
        }
      }
    }
    if (!hit) {
      const e = word.info?.entry;
      if (e) hit = { entry: e, form: word.lower, last: w };
    }
    if (!hit) continue;
    const { entry } = hit;
    if (entry.pos && word.pos && !entry.pos.has(word.pos)) continue;
    const after = words[hit.last + 1];
    if (entry.notFollowedBy && after && after.sentence === word.sentence && entry.notFollowedBy.has(after.lower)) continue;
    // A capitalised word mid-sentence is a name ("Brave", "Hope"), unless the group is ideological tags.
    if (word.cap && !word.initial && !CAPS_OK.has(entry.group) && word.pos === 'PROPN') continue;
    matches.push({ start: word.start, end: words[hit.last].end, entry, form: hit.form, sentence: word.sentence, firstWord: w, lastWord: hit.last });
    w = hit.last;
  }
  return matches;
}

/** What the per-match steps share: the matches by first word, the ones taken into a neighbour's phrase, the label spans. */
interface MatchContext {
  matchAtWord: Map<number, Match>;
  consumed: Set<Match>;
  labelSpans: Span[];
}

/** Only spaces or tabs between two words. */
const gapIsSpace = (text: string, a: Word, b: Word): boolean => /^[ \t]+$/.test(text.slice(a.end, b.start));

/** The techniques of the lexicon matches: loaded language (an intensifier joined to its word) and name-calling. */
export function matchTechniques(rd: TechReading, matches: Match[], labelSpans: Span[]): void {
  const { words } = rd;
  const mc: MatchContext = { matchAtWord: new Map<number, Match>(), consumed: new Set<Match>(), labelSpans };
  for (const m of matches) mc.matchAtWord.set(m.firstWord, m);
  for (const m of matches) {
    if (mc.consumed.has(m)) continue;
    const { entry } = m;
    if (!entry.technique) continue;
    const span0: Span = { start: m.start, end: m.end };
    if (inLabel(labelSpans, span0)) continue;
    if (entry.findingPos && !entry.findingPos.has(words[m.firstWord].pos)) continue;
    if (entry.technique === 'Loaded_Language') loadedLanguage(rd, mc, m, span0);
    else if (entry.group === 'name-calling-modifiers') nameCallingModifier(rd, mc, m);
    else nameCallingNoun(rd, mc, m);
  }
}

/** Loaded language; an intensifier ('utterly shameful', 'extremely dangerous') joins the word it heightens. */
function loadedLanguage(rd: TechReading, mc: MatchContext, m: Match, span0: Span): void {
  const { text, words } = rd;
  const { entry } = m;
  if (entry.joinNext) {
    // 'utterly shameful', 'extremely dangerous': the intensifier and the word it heightens are one phrase.
    const nw = words[m.lastWord + 1];
    if (!nw || nw.sentence !== m.sentence || !gapIsSpace(text, words[m.lastWord], nw) || (nw.pos !== 'ADJ' && nw.pos !== 'ADV' && nw.pos !== 'VERB')) return;
    const nm = mc.matchAtWord.get(m.lastWord + 1);
    if (nm) mc.consumed.add(nm);
    const span: Span = { start: m.start, end: nm ? nm.end : nw.end };
    addTechnique(rd, { span, technique: 'Loaded_Language', cue: nm?.entry.technique ? nm.entry.group : entry.group, reason: `“${text.slice(span.start, span.end)}” is loaded language (lexicon: ${entry.group}${nm ? ` + ${nm.entry.group}` : ''})`, confidence: Math.max(entry.weight, nm?.entry.weight ?? 0), data: { form: m.form } });
    return;
  }
  addTechnique(rd, { span: span0, technique: 'Loaded_Language', cue: entry.group, reason: `“${text.slice(m.start, m.end)}” is loaded language (lexicon: ${entry.group})`, confidence: entry.weight, data: { form: m.form } });
}

/** Name-calling by a modifier: it needs a noun phrase to sit on ("radical Islamist groups", ending at its last noun). */
function nameCallingModifier(rd: TechReading, mc: MatchContext, m: Match): void {
  const { text, words } = rd;
  const { entry } = m;
  // The run of adjectives and nouns after the tag ("radical Islamist groups"), ending at its last noun.
  let last = m.lastWord;
  for (let k = m.lastWord + 1; k < words.length && k <= m.lastWord + 3; k++) {
    const nw = words[k];
    if (nw.sentence !== m.sentence || !gapIsSpace(text, words[k - 1], nw)) break;
    if (nw.pos !== 'NOUN' && nw.pos !== 'PROPN' && nw.pos !== 'ADJ') break;
    if (nw.pos !== 'ADJ') last = k;
  }
  for (let k = m.lastWord + 1; k <= last; k++) {
    const nm = mc.matchAtWord.get(k);
    if (nm) mc.consumed.add(nm);
  }
  if (last === m.lastWord) return;
  const span: Span = { start: m.start, end: words[last].end };
  if (inLabel(mc.labelSpans, span)) return;
  addTechnique(rd, { span, technique: 'Name_Calling,Labeling', cue: entry.group, reason: `“${clip(text.slice(span.start, span.end))}” tags a person or group with “${text.slice(m.start, m.end)}” (lexicon: ${entry.group})`, confidence: entry.weight, data: { form: m.form } }, false);
}

/** Name-calling by a noun: it takes its premodifiers (adjectives, other loaded words) along. */
function nameCallingNoun(rd: TechReading, mc: MatchContext, m: Match): void {
  const { text, words } = rd;
  const { entry } = m;
  let first = m.firstWord;
  for (let k = m.firstWord - 1; k >= 0 && k >= m.firstWord - 3; k--) {
    const pw = words[k];
    if (pw.sentence !== m.sentence || !gapIsSpace(text, pw, words[k + 1])) break;
    const pm = mc.matchAtWord.get(k);
    if (pw.pos === 'ADJ' || (pm && pm.entry.technique)) first = k;
    else break;
  }
  const span: Span = { start: words[first].start, end: m.end };
  addTechnique(rd, { span, technique: 'Name_Calling,Labeling', cue: entry.group, reason: `“${text.slice(m.start, m.end)}” is a pejorative label (lexicon: ${entry.group})`, confidence: entry.weight, data: { form: m.form } }, true);
}
