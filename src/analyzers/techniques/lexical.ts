// Word-level techniques: name-calling from the labels analyzer, and loaded language and name-calling from the
// lexicon (loaded-words.json) matched on the words of one article's reading.
import { lowerBound, type Span } from '../../core/span.js';
import { isPersonNoun, type WordEntry } from './lexicon.js';
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
  const [first, last] = loadedPhrase(rd, mc, m);
  const span: Span = { start: words[first].start, end: words[last].end };
  const phrase = first !== m.firstWord || last !== m.lastWord ? ` in “${clip(text.slice(span.start, span.end))}”` : '';
  // (Only a modifier on its head: 'violence of the regime' is about violence, not a label for the regime.)
  const modifies = words[m.lastWord].pos === 'ADJ' || words[m.lastWord].pos === 'ADV';
  if (modifies && last > m.lastWord && words[last].pos === 'NOUN' && isPersonNoun(rd.lex, words[last].lower) && !rd.words.slice(m.lastWord + 1, last).some((w) => w.lower === 'of')) {
    // A loaded word on a noun naming people ('a hateful man', 'brave patriots') labels them.
    addTechnique(rd, { span, technique: 'Name_Calling,Labeling', cue: entry.group, reason: `“${clip(text.slice(span.start, span.end))}” labels people with the loaded word “${text.slice(m.start, m.end)}” (lexicon: ${entry.group})`, confidence: entry.weight, data: { form: m.form, head: words[last].lower } });
    return;
  }
  addTechnique(rd, { span, technique: 'Loaded_Language', cue: entry.group, reason: `“${text.slice(m.start, m.end)}”${phrase} is loaded language (lexicon: ${entry.group})`, confidence: entry.weight, data: { form: m.form } });
}

const AUX = new Set(['has', 'have', 'had', 'been', 'being', 'be', 'is', 'are', 'was', 'were', 'get', 'got', 'gets', 'getting']);
const INTENSIFIERS = new Set(['very', 'so', 'too', 'most', 'more', 'pretty', 'truly', 'really', 'quite', 'rather', 'such', 'ever']);
const NOMINAL = (pos: string): boolean => pos === 'NOUN' || pos === 'PROPN';

/**
 * The words of the phrase a loaded word sits in, as annotators of loaded language draw it (the phrase, not the one
 * word): an adjective with the noun it modifies ('phony deals', 'reckless foreign adventures'), a noun with its
 * adjective and noun modifiers ('deadly school massacres') and an 'of' complement ('a travesty of justice'), a
 * verb with its auxiliaries ('has been smearing'), and two loaded words joined by 'and' or a comma ('harmful and
 * divisive'). Other loaded words taken into the phrase are consumed (one finding per phrase). Linear in the
 * phrase's length (at most a few words each way).
 */
function loadedPhrase(rd: TechReading, mc: MatchContext, m: Match): [number, number] {
  const { text, words } = rd;
  // Both ends in range: a loaded word at the very start or end of the text has no neighbour on that side.
  const inRange = (i: number): boolean => i >= 0 && i < words.length;
  const same = (a: number, b: number): boolean => inRange(a) && inRange(b) && words[b].sentence === m.sentence && gapIsSpace(text, words[Math.min(a, b)], words[Math.max(a, b)]);
  const take = (k: number): void => {
    const nm = mc.matchAtWord.get(k);
    if (nm && nm !== m) mc.consumed.add(nm);
  };
  const pos = words[m.lastWord].pos;
  let first = m.firstWord;
  let last = m.lastWord;
  // Coordinated loaded words: 'pathetic and laughable', 'harmful, divisive'.
  const nk = last + 2;
  const nm = mc.matchAtWord.get(nk);
  if (nm && nm.entry.technique === 'Loaded_Language' && /^\s*(?:and|or|,)\s*$/i.test(text.slice(words[last].end, words[nk].start)) && words[nk].sentence === m.sentence) {
    take(nk);
    last = nm.lastWord;
  }
  const headPos = words[last].pos;
  if (headPos === 'ADJ' || (pos === 'ADJ' && last === m.lastWord)) {
    // Adjective: on to the noun it modifies (through further adjectives and noun modifiers).
    let end = last;
    for (let k = last + 1; k <= last + 3 && same(k - 1, k); k++) {
      const p = words[k].pos;
      if (p !== 'ADJ' && !NOMINAL(p)) break;
      // A name after the noun is another phrase ('divisive views | Farrakhan ...').
      if (p === 'PROPN' && end > last && words[end].pos === 'NOUN') break;
      take(k);
      if (NOMINAL(p)) end = k;
    }
    last = end;
  } else if (headPos === 'NOUN') {
    // Noun: its adjective and noun modifiers, and an 'of' complement.
    for (let k = first - 1; k >= first - 2 && same(k, k + 1); k--) {
      const p = words[k].pos;
      if (p !== 'ADJ' && p !== 'NOUN') break;
      take(k);
      first = k;
    }
    const of = last + 1;
    if (same(last, of) && words[of].lower === 'of') {
      let end = -1;
      for (let k = of + 1; k <= of + 3 && same(k - 1, k); k++) {
        const p = words[k].pos;
        if (NOMINAL(p)) end = k;
        else if (p !== 'ADJ' && p !== 'DET') break;
        if (NOMINAL(p)) break;
      }
      if (end > 0) {
        for (let k = of + 1; k <= end; k++) take(k);
        last = end;
      }
    }
  } else if (headPos === 'VERB') {
    // Verb: its auxiliaries ('has been smearing', 'were slaughtered').
    for (let k = first - 1; k >= first - 2 && same(k, k + 1) && AUX.has(words[k].lower); k--) first = k;
  } else if (headPos === 'ADV' && same(last, last + 1) && (words[last + 1].pos === 'ADJ' || words[last + 1].pos === 'VERB')) {
    // A loaded adverb with the word it modifies ('unfairly politicized', 'painfully obvious').
    last++;
    take(last);
  }
  // An adverb before an adjective or verb heightens it ('profoundly disturbing', 'viciously attacked').
  const before = first - 1;
  if ((words[first].pos === 'ADJ' || words[first].pos === 'VERB') && same(before, first) && words[before].pos === 'ADV' && (/ly$/.test(words[before].lower) || INTENSIFIERS.has(words[before].lower))) {
    take(before);
    first = before;
  }
  return [first, last];
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
