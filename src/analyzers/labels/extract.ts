import type { Span } from '../../core/span.js';
import type { Connotation, LabelType, Voice } from '../../core/finding.js';
import { cueFor, defaultLexicon, type CueEntry, type HeadEntry, type Lexicon, type ToponymForm } from './lexicon.js';
import { normalizeLabelCached } from './normalize.js';
import type { Word } from './words.js';
import type { ActorMentionLike, LabelDraft, LabelInput, LabelsProduct, QuoteRegionLike } from './types.js';
import { connotationOf } from './connotation.js';
import { knownFor, resolve } from './link.js';
import {
  firstMentionAtOrAfter,
  governed,
  insertEntity,
  lastWordBefore,
  LEX_HEAD,
  LEX_IDEO,
  LEX_IDEO_NOUN,
  LEX_SILENT,
  mentionEntity,
  possessorNames,
  readDocument,
  rel,
  round2,
  wordCue,
  type Candidate,
  type Doc,
  type Entity,
  type Resolution,
} from './reading.js';

export { COREF_WINDOW } from './link.js';

const DETERMINERS = new Set(['the', 'this', 'that', 'these', 'those', 'a', 'an', 'its', 'their', 'our', 'his', 'her', 'your', 'my']);

const INDEFINITE = new Set(['a', 'an']);

const DEMONSTRATIVE = new Set(['this', 'that', 'these', 'those']);

/** Words that can never be a premodifier in an epithet, whatever the tagger says. */
const NOT_MODIFIER = new Set([
  'and', 'or', 'but', 'nor', 'of', 'in', 'on', 'at', 'to', 'for', 'with', 'by', 'from', 'as', 'into', 'onto', 'upon',
  'under', 'over', 'against', 'between', 'among', 'through', 'about', 'after', 'before', 'since', 'until', 'than',
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had', 'do', 'does', 'did', 'will', 'would',
  'can', 'could', 'shall', 'should', 'may', 'might', 'must', 'not', 'no', 'so', 'very', 'too', 'also', 'only',
  'that', 'which', 'who', 'whom', 'whose', 'what', 'when', 'where', 'why', 'how', 'if', 'then', 'there', 'here',
  'it', 'they', 'we', 'he', 'she', 'i', 'you', 'them', 'us', 'him', 'me', 'all', 'both', 'each', 'every', 'some',
  'any', 'such', 'own', 'same', 'said', 'says', 'say', 'while', 'whether', 'because', 'although', 'though',
  'even', 'just', 'still', 'yet', 'already', 'again', 'up', 'down', 'out', 'off', 'more', 'most', 'less', 'least',
]);

const ADJ_POS = new Set(['ADJ', 'PROPN', 'NOUN', 'VERB', 'X']);

/** Lower-case adjective-looking endings, used only when the nlp tokens give no part of speech. */
const ADJ_SUFFIX = /(?:ing|ian|ean|ese|ist|ic|al|ive|ous|ful|less|ary|ish|ite|ern|ed)$/;

/** Common adjectives without a telltale ending, accepted as premodifiers when no part of speech is given. */
const COMMON_ADJ = new Set([
  'current', 'present', 'new', 'old', 'former', 'ruling', 'main', 'top', 'senior', 'whole', 'entire', 'interim',
  'late', 'previous', 'next', 'last', 'first', 'second', 'sole', 'real', 'true', 'big', 'small', 'great', 'brutal',
  'hardline', 'hard-line', 'far-right', 'far-left', 'right-wing', 'left-wing', 'pro-western', 'western', 'eastern',
]);

/** Nouns after a head that make the head attributive ("Zionist regime officials"), used without POS tags. */
const ATTRIBUTIVE_NEXT = new Set([
  'officials', 'official', 'agenda', 'agendas', 'forces', 'troops', 'army', 'media', 'leaders', 'leader', 'spokesman',
  'spokeswoman', 'spokesperson', 'policy', 'policies', 'ambassador', 'ambassadors', 'diplomats', 'crimes', 'propaganda',
  'soldiers', 'ministers', 'minister', 'envoy', 'interests', 'plans', 'influence', 'lobby', 'agents', 'spies', 'army',
]);

/** The labels found so far in one article, and the entities coreference can point back to. */
interface LabelRun {
  doc: Doc;
  /** Actor mentions and the phrases linked so far, sorted by start (insertEntity). */
  entities: Entity[];
  labels: LabelDraft[];
  unresolved: LabelsProduct['unresolved'];
  /** Mentions inside an epithet for the same actor: part of that label, not labels of their own. */
  absorbed: Set<number>;
}

/**
 * Finds every label the text gives an actor: each actor mention (name, short name, metonym, demonym), each
 * contested toponym, and epithets DISCOVERED as noun phrases around a head noun ("the <modifiers> regime",
 * "<possessor>'s <modifiers> leadership", "the occupiers of <X>") and linked to an actor by apposition,
 * predication, a naming modifier, a possessor, "under the …", or coreference with a recently named actor.
 * Pure: plain data in, plain data out.
 */
export function extractLabels(input: LabelInput, lex: Lexicon = defaultLexicon()): LabelsProduct {
  const doc = readDocument(input, lex);
  const toponyms = findToponyms(doc.text, lex);
  const candidates = [...findNounPhrases(doc), ...findIdeologicalWords(doc)].sort((a, b) => a.span.start - b.span.start);
  dropOverlaps(candidates);

  const run: LabelRun = { doc, entities: doc.mentions.map((m) => mentionEntity(doc, m)), labels: [], unresolved: [], absorbed: new Set<number>() };
  const pending: Candidate[] = [];
  for (const c of candidates) {
    const res = resolve(doc, c, run.entities);
    if (res) emitLabel(run, c, res);
    else if (c.kind !== 'descriptor') pending.push(c);
  }
  documentEpithets(run, pending);
  run.labels.sort((a, b) => a.span.start - b.span.start);
  mentionLabels(run, toponyms);
  run.labels.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { labels: run.labels, unresolved: run.unresolved };
}

/** Records a linked phrase: a descriptor only as an entity for coreference, an epithet as a label (absorbing mentions of its actor inside it) and an entity. */
function emitLabel(run: LabelRun, c: Candidate, res: Resolution): void {
  const { doc, entities } = run;
  const { text, words, lex, mentions } = doc;
  const surface = text.slice(c.span.start, c.span.end);
  const voice = voiceOf(doc, c.span);
  if (c.kind === 'descriptor') {
    insertEntity(entities, {
      actorId: res.actorId, actorKind: res.actorKind, canonical: res.canonical, start: c.span.start, end: c.span.end,
      sentence: words[c.head].sentence, labelType: 'descriptor', nonArgument: false, connotation: 'neutral', inQuote: voice !== 'outlet',
    });
    return;
  }
  const { connotation, cue, cues } = connotationOf(doc, c, res);
  const labelNormalized = normalizeLabelCached(surface);
  const kl = knownFor(lex, labelNormalized);
  const labelType: LabelType = kl && kl.actorId === res.actorId && kl.labelType && connotation === 'neutral' ? kl.labelType : 'epithet';
  // Mentions inside the phrase that name the same actor are part of this label ("Tehran's" in "Tehran's extremist
  // regime"); mentions of other actors (a patron, an occupied place) keep their own findings.
  const related = [...res.related];
  for (let k = firstMentionAtOrAfter(mentions, c.span.start); k < mentions.length && mentions[k].span.start < c.span.end; k++) {
    const m = mentions[k];
    if (m.span.end <= c.span.end) {
      if (governed(doc, m).actorId === res.actorId) {
        run.absorbed.add(k);
        related.push({ role: 'names', span: m.span, evidence: text.slice(m.span.start, m.span.end) });
      }
    }
  }
  const draft: LabelDraft = {
    kind: 'label',
    messageId: 'epithet',
    span: c.span,
    actorId: res.actorId,
    actorKind: res.actorKind,
    canonical: res.canonical,
    label: surface,
    labelNormalized,
    labelType,
    connotation,
    cue,
    linkedBy: res.linkedBy,
    confidence: round2(res.confidence),
    voice,
    related,
    data: {
      cues,
      head: c.headEntry?.head ?? null,
      ...(c.attributive ? { attributive: true } : {}),
      ...res.evidence,
      ...quoteData(doc, c.span),
    },
  };
  run.labels.push(draft);
  if (voice === 'outlet' && connotation !== 'neutral') {
    const set = doc.ownConnotations.get(res.actorId) ?? new Set<Connotation>();
    set.add(connotation);
    doc.ownConnotations.set(res.actorId, set);
  }
  insertEntity(entities, {
    actorId: res.actorId, actorKind: res.actorKind, canonical: res.canonical, start: c.span.start, end: c.span.end,
    sentence: words[c.head].sentence, labelType: 'epithet', nonArgument: c.attributive || c.kind === 'ideo-attr',
    connotation, inQuote: voice !== 'outlet',
  });
}

/**
 * Document-level fallback: a bare "the regime" with nothing compatible in the window (a lead sentence naming only
 * a visiting prime minister) most likely means the actor this document calls "<…> regime" where the link is
 * explicit. Only when one actor has at least three quarters of those explicit uses; low confidence.
 */
function documentEpithets(run: LabelRun, pending: readonly Candidate[]): void {
  const { doc, labels } = run;
  for (const c of pending) {
    const head = c.headEntry?.head;
    const strong = labels.filter((l) => l.data.head === head && head !== undefined && !['coreference', 'document-epithet', 'known-label'].includes(l.linkedBy));
    const byActor = new Map<string, LabelDraft[]>();
    for (const l of strong) byActor.set(l.actorId, [...(byActor.get(l.actorId) ?? []), l]);
    const top = [...byActor.values()].sort((a, b) => b.length - a.length)[0];
    if (c.kind === 'np' && c.det !== undefined && top && top.length / strong.length >= 0.75) {
      const nearest = top.reduce((a, b) => (Math.abs(b.span.start - c.span.start) < Math.abs(a.span.start - c.span.start) ? b : a));
      emitLabel(run, c, {
        actorId: nearest.actorId, actorKind: nearest.actorKind, canonical: nearest.canonical, linkedBy: 'document-epithet', confidence: 0.45,
        related: [rel(doc, 'antecedent', nearest.span)], evidence: { documentEpithets: top.length, ofExplicit: strong.length },
      });
    } else {
      run.unresolved.push({ span: c.span, label: doc.text.slice(c.span.start, c.span.end), reason: 'no compatible antecedent' });
    }
  }
}

/** Every actor mention is a label too (its name, short name, metonym or demonym), unless an epithet absorbed it; and every contested toponym. */
function mentionLabels(run: LabelRun, toponyms: readonly ToponymMatch[]): void {
  const { doc, labels } = run;
  const { mentions, text } = doc;
  const toponymUsed = new Set<ToponymMatch>();
  for (let k = 0; k < mentions.length; k++) {
    const m = mentions[k];
    const topo = toponyms.find((t) => t.span.start < m.span.end && m.span.start < t.span.end);
    if (topo) toponymUsed.add(topo);
    if (run.absorbed.has(k)) continue; // its toponym, if any, is part of the epithet too ("the Kyiv regime")
    labels.push(mentionLabel(doc, m, topo));
  }
  for (const t of toponyms) {
    if (toponymUsed.has(t)) continue;
    // A toponym inside an epithet for another actor ("the occupiers of Quds") is still its own label.
    const voice = voiceOf(doc, t.span);
    labels.push({
      kind: 'label',
      messageId: 'toponym',
      span: t.span,
      actorId: t.form.group.actorId,
      actorKind: t.form.group.actorKind,
      canonical: t.form.group.canonical,
      label: text.slice(t.span.start, t.span.end),
      labelNormalized: normalizeLabelCached(t.form.form, false),
      labelType: 'toponym-variant',
      connotation: 'neutral',
      cue: null,
      linkedBy: 'toponym-table',
      confidence: 0.9,
      voice,
      data: { variant: t.form.variant.variant, usedBy: t.form.variant.usedBy, source: t.form.variant.source, ...quoteData(doc, t.span) },
    });
  }
}

function findNounPhrases(doc: Doc): Candidate[] {
  const { words, lex, mentionOfWord, text } = doc;
  const out: Candidate[] = [];
  for (let i = 0; i < words.length; i++) {
    const cls = doc.lexClass[i];
    if (!(cls & (LEX_HEAD | LEX_SILENT))) continue;
    const w = words[i];
    const silent = (cls & LEX_SILENT) !== 0;
    const headEntry = cls & LEX_HEAD ? lex.heads.get(w.lower) : undefined;
    if (!headEntry && !silent) continue;
    // Part of a name ("Islamic Republic of Iran", "State of Israel") — unless the actors analyzer made a demonym +
    // noun mention of it ("Israeli regime"): then the phrase is ours when it says more than the demonym does.
    const inMention = mentionOfWord[i] >= 0 ? doc.mentions[mentionOfWord[i]] : undefined;
    if (inMention && !(inMention.labelType === 'demonym' && inMention.span.end === w.end && headEntry)) continue;
    const next = words[i + 1];
    const gapNext = next ? text.slice(w.possEnd, next.start) : '';
    const adjacentNext = next !== undefined && next.sentence === w.sentence && /^[ \t]+$/.test(gapNext) && !w.possessive;
    if (adjacentNext && headEntry && lex.compoundStops.get(headEntry.head)?.has(next.lower)) continue;
    if (adjacentNext && /^[ \t]*-/.test(gapNext)) continue;
    const attributive = adjacentNext && isAttributiveNext(next);

    // Walk left over premodifiers to a determiner or a possessor.
    const modifiers: number[] = [];
    let det: number | undefined;
    let possessor: Candidate['possessor'];
    let j = i - 1;
    while (j >= 0 && modifiers.length < 6) {
      const p = words[j];
      if (p.sentence !== w.sentence) break;
      const gap = text.slice(p.possEnd, words[j + 1].start);
      const commaGap = /^,[ \t]+$/.test(gap);
      if (!/^[ \t]+$/.test(gap) && !(commaGap && modifiers.length > 0 && wordCue(doc, j))) break;
      if (p.possessive) {
        const mk = mentionOfWord[j];
        if (mk >= 0) {
          const m = doc.mentions[mk];
          const ws = firstWordAt(words, m.span.start, j);
          possessor = { start: m.span.start, end: p.possEnd, wordStart: ws, wordEnd: j };
          j = ws - 1;
        } else {
          possessor = { start: p.start, end: p.possEnd, wordStart: j, wordEnd: j };
          j--;
          if (j >= 0 && DETERMINERS.has(words[j].lower) && words[j].sentence === w.sentence) {
            possessor.start = words[j].start;
            possessor.wordStart = j;
          }
        }
        break;
      }
      if (DETERMINERS.has(p.lower)) {
        det = j;
        break;
      }
      if (p.lower === 'and' && modifiers.length > 0 && j > 0 && isModifier(doc, j - 1)) {
        modifiers.unshift(j);
        j--;
        continue;
      }
      if (!isModifier(doc, j)) break;
      modifiers.unshift(j);
      j--;
    }
    // "and" must sit between two modifiers.
    while (modifiers.length && words[modifiers[0]].lower === 'and') modifiers.shift();

    if (silent) {
      if (det !== undefined && (words[det].lower === 'the' || DEMONSTRATIVE.has(words[det].lower)) && modifiers.length === 0 && !possessor) {
        out.push({ kind: 'descriptor', span: { start: words[det].start, end: w.end }, modifiers, head: i, det, attributive });
      }
      continue;
    }
    const he = headEntry!;
    if (inMention) {
      const extra = modifiers.some((k) => words[k].start < inMention.span.start) || det !== undefined || possessor !== undefined;
      const cued = wordCue(doc, i) !== undefined || modifiers.some((k) => wordCue(doc, k) !== undefined);
      if (!cued && !extra) continue;
      if (!cued && !modifiers.some((k) => words[k].start < inMention.span.start)) continue;
    }
    const naming = modifiers.some((k) => mentionOfWord[k] >= 0 || namingIdeo(lex, words[k].lower, he)) || (possessor !== undefined && possessorNames(doc, possessor));
    const evaluative = modifiers.some((k) => wordCue(doc, k) !== undefined);
    const detWord = det !== undefined ? words[det].lower : undefined;
    if (he.needsNamingModifier && !naming) continue;
    if (!he.standalone && !naming && !evaluative) continue;
    if (det === undefined && !possessor && !(modifiers.length > 0 && (naming || evaluative))) continue;
    if (detWord && INDEFINITE.has(detWord) && modifiers.length === 0) continue;
    if (detWord && !['the', 'a', 'an'].includes(detWord) && !DEMONSTRATIVE.has(detWord)) {
      // "its regime", "their government": the possessive pronoun is the real link; left to a coreference analyzer.
      continue;
    }
    if (attributive && modifiers.length === 0 && !possessor) continue;
    // A capitalised head after a capitalised modifier with no determiner is usually a name the gazetteer lacks
    // ("Kurdistan Regional Government"): still a label, but the words are kept as written.

    let start = det !== undefined ? words[det].start : possessor ? possessor.start : words[modifiers[0]].start;
    if (attributive && det !== undefined) start = possessor ? possessor.start : words[modifiers[0]].start;
    let end = w.end;
    let object: Span | undefined;
    let objectMention: number | undefined;
    let location: Candidate['location'];
    if (!attributive && next && next.sentence === w.sentence && /^[ \t]+$/.test(gapNext)) {
      if (he.takesOf && next.lower === 'of') {
        const obj = objectAfter(doc, i + 2);
        if (obj) {
          object = obj.span;
          objectMention = obj.mention;
          end = obj.span.end;
        }
      } else if (next.lower === 'in') {
        const mk = mentionOfWord[i + 2] ?? -1;
        if (mk >= 0 && doc.mentions[mk].span.start === words[i + 2].start) location = { mention: mk };
      }
    }
    out.push({ kind: 'np', span: { start, end }, modifiers, head: i, headEntry: he, det, possessor, object, objectMention, location, attributive });
  }
  return out;
}

/** "Zionists", "the Zionists" and attributive "Zionist officials": ideological words used as labels on their own. */
function findIdeologicalWords(doc: Doc): Candidate[] {
  const { words, lex, mentionOfWord, text } = doc;
  const out: Candidate[] = [];
  for (let i = 0; i < words.length; i++) {
    // Neither an ideological noun nor an ideological word: nothing below applies.
    if (!(doc.lexClass[i] & (LEX_IDEO_NOUN | LEX_IDEO))) continue;
    const w = words[i];
    if (mentionOfWord[i] >= 0) continue;
    const noun = lex.ideologicalNouns.get(w.lower);
    const prev = words[i - 1];
    const gapPrev = prev ? text.slice(prev.possEnd, w.start) : '';
    if (noun) {
      if (noun.actorIds.length !== 1) continue;
      const withDet = prev && prev.lower === 'the' && prev.sentence === w.sentence && /^[ \t]+$/.test(gapPrev);
      out.push({ kind: 'ideo-noun', span: { start: withDet ? prev.start : w.start, end: w.end }, modifiers: [], head: i, attributive: false, ideo: noun });
      continue;
    }
    const adj = lex.ideological.get(w.lower);
    if (!adj || !adj.attributive || adj.actorIds.length !== 1) continue;
    if (prev && /^[ \t]*-$/.test(gapPrev) && adj.notAfter?.includes(prev.lower)) continue;
    const next = words[i + 1];
    if (!next || next.sentence !== w.sentence || !/^[ \t]+$/.test(text.slice(w.possEnd, next.start))) continue;
    if (adj.attributiveExclude?.includes(next.lower)) continue;
    if (lex.heads.has(next.lower)) continue; // an epithet phrase handles "Zionist regime"
    if (NOT_MODIFIER.has(next.lower)) continue;
    out.push({ kind: 'ideo-attr', span: { start: w.start, end: w.end }, modifiers: [], head: i, attributive: true, ideo: adj });
  }
  return out;
}

/** Keeps the longest of overlapping candidates (an epithet phrase over an ideological word inside it). */
function dropOverlaps(cands: Candidate[]): void {
  for (let a = 0; a < cands.length; a++) {
    for (let b = a + 1; b < cands.length && cands[b].span.start < cands[a].span.end; b++) {
      const la = cands[a].span.end - cands[a].span.start;
      const lb = cands[b].span.end - cands[b].span.start;
      if (lb > la) {
        cands.splice(a, 1);
        a--;
        break;
      }
      cands.splice(b, 1);
      b--;
    }
  }
}

function isModifier(doc: Doc, k: number): boolean {
  const w = doc.words[k];
  if (NOT_MODIFIER.has(w.lower) || DETERMINERS.has(w.lower)) return false;
  if (/^\p{N}+$/u.test(w.text)) return false;
  if (doc.mentionOfWord[k] >= 0) return true;
  if (wordCue(doc, k)) return true;
  if (doc.lex.ideological.has(w.lower)) return true;
  if (w.pos) return ADJ_POS.has(w.pos) && !(w.pos === 'VERB' && !/(?:ing|ed)$/.test(w.lower));
  if (w.cap || COMMON_ADJ.has(w.lower)) return true;
  return ADJ_SUFFIX.test(w.lower) && !/ed$/.test(w.lower);
}

function isAttributiveNext(next: Word): boolean {
  if (NOT_MODIFIER.has(next.lower) || DETERMINERS.has(next.lower)) return false;
  if (next.pos) return next.pos === 'NOUN';
  return ATTRIBUTIVE_NEXT.has(next.lower);
}

function namingIdeo(lex: Lexicon, lower: string, head: HeadEntry): boolean {
  const t = lex.ideological.get(lower);
  return !!t && (!t.heads || t.heads.includes(head.head));
}

function firstWordAt(words: Word[], offset: number, from: number): number {
  let k = from;
  while (k > 0 && words[k - 1].end > offset) k--;
  return k;
}

/** The complement of "the occupiers of …": a mention, or "the <noun> <Capitalised…>", or a capitalised name. */
function objectAfter(doc: Doc, k: number): { span: Span; mention?: number } | undefined {
  const { words, mentionOfWord, text } = doc;
  const first = words[k];
  if (!first || first.sentence !== words[k - 1]?.sentence) return undefined;
  const mk = mentionOfWord[k];
  if (mk >= 0) return { span: { ...doc.mentions[mk].span }, mention: mk };
  let e = k;
  if (first.lower === 'the') {
    e = k + 1;
    if (!words[e] || words[e].sentence !== first.sentence) return undefined;
    const m2 = mentionOfWord[e];
    if (m2 >= 0) return { span: { start: first.start, end: doc.mentions[m2].span.end }, mention: m2 };
    while (words[e + 1] && words[e + 1].cap && /^[ \t]+$/.test(text.slice(words[e].possEnd, words[e + 1].start))) e++;
    return { span: { start: first.start, end: words[e].end } };
  }
  if (!first.cap) return undefined;
  while (words[e + 1] && words[e + 1].cap && /^[ \t]+$/.test(text.slice(words[e].possEnd, words[e + 1].start))) e++;
  return { span: { start: first.start, end: words[e].end } };
}

/** The innermost quotation containing the span, if any. */
function quoteOf(doc: Doc, s: Span): QuoteRegionLike | undefined {
  let best: QuoteRegionLike | undefined;
  for (const q of doc.quotes) {
    if (q.contentSpan.start <= s.start && s.end <= q.contentSpan.end) {
      if (!best || q.contentSpan.end - q.contentSpan.start < best.contentSpan.end - best.contentSpan.start) best = q;
    }
  }
  return best;
}

/**
 * A quoted word or two that is exactly the label (“Artsakh”, the “Kyiv regime”) is the outlet holding a name at
 * arm's length (scare quotes), not someone else speaking: it stays in the outlet's voice.
 */
function isScareQuote(doc: Doc, q: QuoteRegionLike, s: Span): boolean {
  const inner = doc.text.slice(q.contentSpan.start, q.contentSpan.end).trim();
  const label = doc.text.slice(s.start, s.end).trim();
  return inner === label || inner === label.replace(/^the\s+/i, '');
}

/** Outermost quotation that is real speech (not a scare quote) containing the span. */
function speechQuote(doc: Doc, s: Span): QuoteRegionLike | undefined {
  // The first by (start, longest) in a stable sort: the earliest such quotation wins a tie.
  let best: QuoteRegionLike | undefined;
  for (const q of doc.quotes) {
    if (!(q.contentSpan.start <= s.start && s.end <= q.contentSpan.end) || isScareQuote(doc, q, s)) continue;
    if (!best || q.contentSpan.start < best.contentSpan.start || (q.contentSpan.start === best.contentSpan.start && q.contentSpan.end > best.contentSpan.end)) best = q;
  }
  return best;
}

function voiceOf(doc: Doc, s: Span): Voice {
  return speechQuote(doc, s) ? { speaker: null } : 'outlet';
}

/** data with quoteData's field and then `roles` (when there are any) added after its own: the keys of the spread. */
function addQuoteData(doc: Doc, s: Span, data: Record<string, unknown>, roles: string[] | undefined): Record<string, unknown> {
  const q = speechQuote(doc, s);
  if (q) data.quote = { start: q.span.start, end: q.span.end };
  else {
    const sq = quoteOf(doc, s);
    if (sq && isScareQuote(doc, sq, s)) data.scareQuotes = true;
  }
  if (roles?.length) data.roles = roles;
  return data;
}

function quoteData(doc: Doc, s: Span): Record<string, unknown> {
  const q = speechQuote(doc, s);
  if (q) return { quote: { start: q.span.start, end: q.span.end } };
  const sq = quoteOf(doc, s);
  if (sq && isScareQuote(doc, sq, s)) return { scareQuotes: true };
  return {};
}

interface ToponymMatch {
  span: Span;
  form: ToponymForm;
}

/** Per compiled toponym table: one regex finding where any form starts, and the forms by their first code unit. */
const toponymIndexes = new WeakMap<ToponymForm[], { anyForm: RegExp; byFirst: Map<number, number[]> } | null>();

function toponymIndex(forms: ToponymForm[]): { anyForm: RegExp; byFirst: Map<number, number[]> } | null {
  let idx = toponymIndexes.get(forms);
  if (idx === undefined) {
    const byFirst = new Map<number, number[]>();
    for (let fi = 0; fi < forms.length; fi++) {
      const u = forms[fi].form.charCodeAt(0);
      const list = byFirst.get(u);
      if (list) list.push(fi);
      else byFirst.set(u, [fi]);
    }
    const alternatives = [...new Set(forms.map((f) => f.form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))];
    // An empty form would match everywhere (and no form at all would make an empty regex): the plain search does those.
    idx = !forms.length || forms.some((f) => f.form.length === 0) ? null : { anyForm: new RegExp(alternatives.join('|'), 'g'), byFirst };
    toponymIndexes.set(forms, idx);
  }
  return idx;
}

function findToponyms(text: string, lex: Lexicon): ToponymMatch[] {
  const taken: ToponymMatch[] = [];
  const forms = lex.toponymForms;
  const idx = toponymIndex(forms);
  // Every place each form occurs (overlaps included, as indexOf from the next offset gave them), from one regex
  // pass over the text; then the forms are taken longest first as before.
  let found: Array<number[] | undefined> | undefined;
  if (idx) {
    found = new Array<number[] | undefined>(forms.length);
    const { anyForm, byFirst } = idx;
    anyForm.lastIndex = 0;
    for (let m = anyForm.exec(text); m; m = anyForm.exec(text)) {
      const i = m.index;
      anyForm.lastIndex = i + 1;
      for (const fi of byFirst.get(text.charCodeAt(i))!) {
        if (text.startsWith(forms[fi].form, i)) (found[fi] ??= []).push(i);
      }
    }
  }
  for (let fi = 0; fi < forms.length; fi++) {
    const f = forms[fi];
    const places = found ? found[fi] : allPlaces(text, f.form);
    if (!places) continue;
    for (const at of places) {
      const end = at + f.form.length;
      if (/[\p{L}\p{N}-]/u.test(text[at - 1] ?? '') || /[\p{L}\p{N}]/u.test(text[end] ?? '')) continue;
      if (text[end] === '-' && /[\p{L}]/u.test(text[end + 1] ?? '')) continue;
      const nextWord = /^[ \t]+([\p{L}]+)/u.exec(text.slice(end, end + 30))?.[1];
      if (nextWord && f.group.notFollowedBy?.includes(nextWord)) continue;
      if (taken.some((t) => t.span.start < end && at < t.span.end)) continue;
      taken.push({ span: { start: at, end }, form: f });
    }
  }
  return taken.sort((a, b) => a.span.start - b.span.start);
}

function allPlaces(text: string, form: string): number[] {
  const out: number[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf(form, from);
    if (at < 0) break;
    from = at + 1;
    out.push(at);
  }
  return out;
}

function mentionLabel(doc: Doc, m: ActorMentionLike, topo: ToponymMatch | undefined): LabelDraft {
  const { text, lex } = doc;
  let span = { start: m.span.start, end: m.span.end };
  let actorId = m.actorId;
  let actorKind = m.actorKind;
  let canonical = m.canonical;
  let labelType: LabelType = m.labelType;
  let messageId: LabelDraft['messageId'] = m.labelType === 'epithet' ? 'epithet' : 'name';
  const data: Record<string, unknown> = {};
  if (topo) {
    const g = topo.form.group;
    // A capital used for its government ("worrying for Jerusalem") keeps the actors analyzer's reading; the
    // variant is still recorded.
    const sameActor = m.actorId === g.actorId || m.actorKind === 'place' || m.actorKind === g.actorKind && m.labelType !== 'metonym';
    data.toponym = { variant: topo.form.variant.variant, usedBy: topo.form.variant.usedBy, source: topo.form.variant.source, group: g.actorId };
    if (sameActor) {
      if (m.actorId !== g.actorId) data.actorsAnalyzerId = m.actorId;
      actorId = g.actorId;
      actorKind = g.actorKind;
      canonical = g.canonical;
      labelType = 'toponym-variant';
      messageId = 'toponym';
      if (topo.span.start <= span.start && topo.span.end >= span.end) span = { ...topo.span };
    }
  }
  const surface = text.slice(span.start, span.end);
  // Evaluative premodifiers directly before the name: "so-called", "brotherly", "the heroic".
  const cues: CueEntry[] = [];
  {
    let k = lastWordBefore(doc, span.start);
    let n = 0;
    while (k >= 0 && n < 3) {
      const w = doc.words[k];
      const gap = text.slice(w.possEnd, n === 0 ? span.start : doc.words[k + 1].start);
      if (!/^[ \t]+["“‘]?$/.test(gap) || w.possessive) break;
      const q = wordCue(doc, k);
      if (!q) break;
      if (q.relational) break; // "the Russian-backed Luhansk …": the cue is about the patron's client, not a verdict on the name's bearer
      cues.push(q);
      k--;
      n++;
    }
  }
  // Words of a non-name label carry cues themselves ("Zionist entity" found by the actors gazetteer).
  if (labelType !== 'name' && labelType !== 'short-name' && labelType !== 'toponym-variant') {
    for (const w of surface.toLowerCase().split(/[^\p{L}\p{N}-]+/u)) {
      const q = w ? cueFor(lex, w) : undefined;
      if (q && !cues.includes(q)) cues.push(q);
    }
  }
  const q = quoteOf(doc, span);
  const scare = q !== undefined && isScareQuote(doc, q, span);
  const pej = cues.filter((x) => x.polarity === 'pejorative').sort((a, b) => b.weight - a.weight);
  const fav = cues.filter((x) => x.polarity === 'favourable').sort((a, b) => b.weight - a.weight);
  let connotation: Connotation = 'neutral';
  let cue: string | null = null;
  if (pej.length) [connotation, cue] = ['pejorative', pej[0].cue];
  else if (fav.length) [connotation, cue] = ['favourable', fav[0].cue];
  // Scare quotes around a state or place name are distancing ("“Artsakh”"); around a company or weapon name they
  // are just typography, and inside someone's speech they are theirs.
  else if (scare && (m.actorKind === 'state' || m.actorKind === 'place') && !speechQuote(doc, span) && (q?.depth ?? 0) === 0) [connotation, cue] = ['pejorative', 'scare quotes'];
  if (cues.length) data.cues = cues.map((x) => x.cue);
  const voice: Voice = speechQuote(doc, span) || (m.inQuote && !scare && !q) ? { speaker: null } : 'outlet';
  return {
    kind: 'label',
    messageId: connotation !== 'neutral' && messageId === 'name' ? 'epithet' : messageId,
    span,
    actorId,
    actorKind,
    canonical,
    label: surface,
    labelNormalized: labelType === 'toponym-variant' ? normalizeLabelCached(surface, false) : (m.labelNormalized ?? normalizeLabelCached(surface, labelType !== 'name' && labelType !== 'short-name')),
    labelType,
    connotation,
    cue,
    linkedBy: labelType === 'toponym-variant' ? 'toponym-table' : 'gazetteer',
    confidence: 0.95,
    voice,
    data: addQuoteData(doc, span, data, m.roles),
  };
}
