import type { Span } from '../../core/span.js';
import type { ActorKind, Connotation, LabelType, RelatedSpan, Voice } from '../../core/finding.js';
import { cueFor, defaultLexicon, type CueEntry, type HeadEntry, type IdeologicalEntry, type Lexicon, type ToponymForm } from './lexicon.js';
import { normalizeLabelCached } from './normalize.js';
import { segmentWords, splitSentences, type Word } from './words.js';
import type { ActorMentionLike, LabelDraft, LabelInput, LabelsProduct, QuoteRegionLike } from './types.js';

/** How many sentences back coreference looks for an antecedent (the NP's own sentence plus this many). */
export const COREF_WINDOW = 3;

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
const COPULA = new Set(['is', 'was', 'remains', 'became', 'becomes', 'are', 'were']);
/** Descriptors tracked only as discourse entities (for the same-clause penalty), never reported as labels. */
const SILENT_DESCRIPTORS = new Set(['country', 'nation']);
const OCCUPATION_CUES = new Set(['occupying', 'occupier', 'usurping']);

interface Entity {
  actorId: string;
  actorKind: ActorKind;
  canonical: string;
  start: number;
  end: number;
  sentence: number;
  labelType: LabelType | 'descriptor';
  /** A possessive or demonym: not an argument of the clause, so no same-clause penalty. */
  nonArgument: boolean;
  connotation: Connotation;
  inQuote: boolean;
}

interface Candidate {
  kind: 'np' | 'ideo-noun' | 'ideo-attr' | 'descriptor';
  span: Span;
  /** Word indexes of modifiers (left to right), head word index. */
  modifiers: number[];
  head: number;
  headEntry?: HeadEntry;
  det?: number;
  possessor?: { start: number; end: number; wordStart: number; wordEnd: number };
  object?: Span;
  objectMention?: number;
  location?: { mention: number };
  attributive: boolean;
  ideo?: IdeologicalEntry;
}

interface Resolution {
  actorId: string;
  actorKind: ActorKind;
  canonical: string;
  linkedBy: string;
  confidence: number;
  related: RelatedSpan[];
  evidence: Record<string, unknown>;
}

interface Doc {
  text: string;
  words: Word[];
  sentences: Span[];
  mentions: ActorMentionLike[];
  /** word index -> mention index covering it (or -1). */
  mentionOfWord: Int32Array;
  quotes: QuoteRegionLike[];
  lex: Lexicon;
  /** actorId -> first mention (canonical names, a person's stateId from any of their mentions). */
  firstMention: Map<string, ActorMentionLike>;
  personState: Map<string, string>;
  /** actorId -> connotations of epithets the outlet has used for it so far (its own voice). */
  ownConnotations: Map<string, Set<Connotation>>;
  /** Per word: which discovery tables know its lower-case form (LEX_* bits). */
  lexClass: Uint8Array;
  /** Per word: its connotation cue (cueFor), null for none, undefined until asked. */
  cueOf: Array<CueEntry | null | undefined>;
}

const LEX_HEAD = 1;
const LEX_SILENT = 2;
const LEX_IDEO_NOUN = 4;
const LEX_IDEO = 8;

interface LexClasses {
  sizes: number[];
  /** lower-case form -> LEX_* bits. */
  classes: Map<string, number>;
  /** shapeKey of every form in classes: a word whose shape is not here needs no lookup (and no string hash). */
  shapes: Uint8Array;
}

/** Length, first and last code unit, folded into 15 bits. */
const shapeKey = (s: string): number => ((s.length & 31) << 10) | ((s.charCodeAt(0) & 31) << 5) | (s.charCodeAt(s.length - 1) & 31);

/** Per lexicon; rebuilt if a table's size changed. */
const lexClasses = new WeakMap<Lexicon, LexClasses>();

function lexClassesOf(lex: Lexicon): LexClasses {
  const sizes = [lex.heads.size, lex.ideologicalNouns.size, lex.ideological.size];
  const cached = lexClasses.get(lex);
  if (cached && cached.sizes.every((n, k) => n === sizes[k])) return cached;
  const classes = new Map<string, number>();
  const shapes = new Uint8Array(1 << 15);
  const add = (key: string, bit: number): void => {
    classes.set(key, (classes.get(key) ?? 0) | bit);
    shapes[shapeKey(key)] = 1;
  };
  for (const k of lex.heads.keys()) add(k, LEX_HEAD);
  for (const k of SILENT_DESCRIPTORS) add(k, LEX_SILENT);
  for (const k of lex.ideologicalNouns.keys()) add(k, LEX_IDEO_NOUN);
  for (const k of lex.ideological.keys()) add(k, LEX_IDEO);
  const built = { sizes, classes, shapes };
  lexClasses.set(lex, built);
  return built;
}

/** The cue of word k (cueFor of its lower-case form), looked up once per word. */
function wordCue(doc: Doc, k: number): CueEntry | undefined {
  let q = doc.cueOf[k];
  if (q === undefined) {
    q = cueFor(doc.lex, doc.words[k].lower) ?? null;
    doc.cueOf[k] = q;
  }
  return q ?? undefined;
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Finds every label the text gives an actor: each actor mention (name, short name, metonym, demonym), each
 * contested toponym, and epithets DISCOVERED as noun phrases around a head noun ("the <modifiers> regime",
 * "<possessor>'s <modifiers> leadership", "the occupiers of <X>") and linked to an actor by apposition,
 * predication, a naming modifier, a possessor, "under the …", or coreference with a recently named actor.
 * Pure: plain data in, plain data out.
 */
export function extractLabels(input: LabelInput, lex: Lexicon = defaultLexicon()): LabelsProduct {
  const text = input.text;
  const sentences = input.sentences && input.sentences.length ? [...input.sentences].sort((a, b) => a.start - b.start) : splitSentences(text);
  const words = segmentWords(text, sentences, input.tokens);
  const mentions = [...input.mentions]
    .filter((m) => m.span.start >= 0 && m.span.end <= text.length && m.span.end > m.span.start)
    .sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const mentionOfWord = new Int32Array(words.length).fill(-1);
  {
    let mi = 0;
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      while (mi < mentions.length && mentions[mi].span.end <= w.start) mi++;
      for (let k = mi; k < mentions.length && mentions[k].span.start < w.end; k++) {
        if (mentions[k].span.end > w.start) {
          mentionOfWord[i] = k;
          break;
        }
      }
    }
  }
  const firstMention = new Map<string, ActorMentionLike>();
  const personState = new Map<string, string>();
  for (const m of mentions) {
    if (!firstMention.has(m.actorId)) firstMention.set(m.actorId, m);
    if (m.actorKind === 'person' && m.stateId && !personState.has(m.actorId)) personState.set(m.actorId, m.stateId);
  }
  const { classes, shapes } = lexClassesOf(lex);
  const lexClass = new Uint8Array(words.length);
  for (let i = 0; i < words.length; i++) {
    const lower = words[i].lower;
    if (shapes[shapeKey(lower)]) lexClass[i] = classes.get(lower) ?? 0;
  }
  const doc: Doc = {
    text, words, sentences, mentions, mentionOfWord, quotes: input.quoteRegions ?? [], lex, firstMention, personState, ownConnotations: new Map(),
    lexClass, cueOf: new Array<CueEntry | null | undefined>(words.length),
  };

  const toponyms = findToponyms(text, lex);
  const candidates = [...findNounPhrases(doc), ...findIdeologicalWords(doc)].sort((a, b) => a.span.start - b.span.start);
  dropOverlaps(candidates);

  const entities: Entity[] = mentions.map((m) => mentionEntity(doc, m));
  const labels: LabelDraft[] = [];
  const unresolved: LabelsProduct['unresolved'] = [];
  const absorbed = new Set<number>();

  const pending: Candidate[] = [];
  const emit = (c: Candidate, res: Resolution): void => {
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
          absorbed.add(k);
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
    labels.push(draft);
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
  };
  for (const c of candidates) {
    const res = resolve(doc, c, entities);
    if (res) emit(c, res);
    else if (c.kind !== 'descriptor') pending.push(c);
  }
  // Document-level fallback: a bare "the regime" with nothing compatible in the window (a lead sentence naming only
  // a visiting prime minister) most likely means the actor this document calls "<…> regime" where the link is
  // explicit. Only when one actor has at least three quarters of those explicit uses; low confidence.
  for (const c of pending) {
    const head = c.headEntry?.head;
    const strong = labels.filter((l) => l.data.head === head && head !== undefined && !['coreference', 'document-epithet', 'known-label'].includes(l.linkedBy));
    const byActor = new Map<string, LabelDraft[]>();
    for (const l of strong) byActor.set(l.actorId, [...(byActor.get(l.actorId) ?? []), l]);
    const top = [...byActor.values()].sort((a, b) => b.length - a.length)[0];
    if (c.kind === 'np' && c.det !== undefined && top && top.length / strong.length >= 0.75) {
      const nearest = top.reduce((a, b) => (Math.abs(b.span.start - c.span.start) < Math.abs(a.span.start - c.span.start) ? b : a));
      emit(c, {
        actorId: nearest.actorId, actorKind: nearest.actorKind, canonical: nearest.canonical, linkedBy: 'document-epithet', confidence: 0.45,
        related: [rel(doc, 'antecedent', nearest.span)], evidence: { documentEpithets: top.length, ofExplicit: strong.length },
      });
    } else {
      unresolved.push({ span: c.span, label: text.slice(c.span.start, c.span.end), reason: 'no compatible antecedent' });
    }
  }
  labels.sort((a, b) => a.span.start - b.span.start);

  // Every actor mention is a label too (its name, short name, metonym or demonym), unless an epithet absorbed it.
  const toponymUsed = new Set<ToponymMatch>();
  for (let k = 0; k < mentions.length; k++) {
    const m = mentions[k];
    const topo = toponyms.find((t) => t.span.start < m.span.end && m.span.start < t.span.end);
    if (topo) toponymUsed.add(topo);
    if (absorbed.has(k)) continue; // its toponym, if any, is part of the epithet too ("the Kyiv regime")
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

  labels.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { labels, unresolved };
}

// ---------------------------------------------------------------------------------------------------------------
// Discovery

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

function possessorNames(doc: Doc, p: NonNullable<Candidate['possessor']>): boolean {
  return doc.mentionOfWord[p.wordEnd] >= 0;
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

// ---------------------------------------------------------------------------------------------------------------
// Resolution

function mentionEntity(doc: Doc, m: ActorMentionLike): Entity {
  const g = governed(doc, m);
  return {
    actorId: g.actorId,
    actorKind: g.actorKind,
    canonical: g.canonical,
    start: m.span.start,
    end: m.span.end,
    sentence: sentenceIndex(doc, m.span.start),
    labelType: m.labelType,
    // A state's possessive ("Velgrad's minister called for … the usurping entity") still names the clause's own
    // side; a demonym or a person does not make their state a clause-mate.
    // An of-complement ("the people of Azerbaijan") sits inside another phrase and is not a clause argument either.
    nonArgument: m.labelType === 'demonym' || m.actorKind === 'person' || /\bof\s+(?:the\s+)?$/i.test(doc.text.slice(Math.max(0, m.span.start - 8), m.span.start)),
    connotation: 'neutral',
    inQuote: m.inQuote ?? false,
  };
}

/** The actor a mention stands for when it names a government: a person's state, else the actor itself. */
function governed(doc: Doc, m: ActorMentionLike): { actorId: string; actorKind: ActorKind; canonical: string } {
  if (m.actorKind === 'person') {
    // The actors analyzer gives a person's state where the text says so, which may be on another mention of them.
    const stateId = m.stateId ?? doc.personState.get(m.actorId);
    if (stateId) return { actorId: stateId, actorKind: 'state', canonical: canonicalOf(doc, stateId) };
  }
  return { actorId: m.actorId, actorKind: m.actorKind, canonical: m.canonical };
}

/**
 * The state whose seat of government the place is, when the document also uses the place's name for that state (a
 * capital as metonym: "Miravel cut gas deliveries" ... "the occupying regime in Miravel"); undefined otherwise.
 */
function seatOf(doc: Doc, m: ActorMentionLike): string | undefined {
  if (m.actorKind !== 'place' || !m.stateId) return undefined;
  const name = (m.labelNormalized ?? m.label).toLowerCase();
  for (const x of doc.mentions) {
    if (x.labelType === 'metonym' && x.actorId === m.stateId && (x.labelNormalized ?? x.label).toLowerCase() === name) return m.stateId;
  }
  return undefined;
}

function canonicalOf(doc: Doc, actorId: string): string {
  const m = doc.firstMention.get(actorId);
  if (m) return m.canonical;
  for (const t of doc.lex.ideological.values()) if (t.actorIds.length === 1 && t.actorIds[0] === actorId && t.canonical) return t.canonical;
  const k = doc.lex.known.find((x) => x.actorId === actorId);
  return k?.canonical ?? actorId;
}

function sentenceIndex(doc: Doc, offset: number): number {
  const k = lastWordBefore(doc, offset + 1);
  const w = doc.words[k] && doc.words[k].end > offset ? doc.words[k] : doc.words[k + 1];
  return w ? w.sentence : doc.sentences.length - 1;
}

function firstMentionAtOrAfter(mentions: ActorMentionLike[], offset: number): number {
  let lo = 0;
  let hi = mentions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (mentions[mid].span.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function firstEntityAtOrAfter(list: Entity[], offset: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertEntity(list: Entity[], e: Entity): void {
  let i = firstEntityAtOrAfter(list, e.start);
  while (i < list.length && list[i].start === e.start) i++;
  list.splice(i, 0, e);
}

function rel(doc: Doc, role: string, s: Span): RelatedSpan {
  return { role, span: { start: s.start, end: s.end }, evidence: doc.text.slice(s.start, s.end) };
}

function resolve(doc: Doc, c: Candidate, entities: Entity[]): Resolution | undefined {
  const { words, mentions, lex, text } = doc;
  const kinds: ActorKind[] = c.headEntry?.kinds ?? ['state'];
  const related: RelatedSpan[] = [];
  const exclude = new Set<string>();
  const modCues = c.modifiers.map((k) => wordCue(doc, k));
  const relationalAt = modCues.findIndex((q) => q?.relational);
  const occupation = c.modifiers.some((k) => OCCUPATION_CUES.has(wordCue(doc, k)?.cue ?? '')) || ['occupier', 'usurper'].includes(c.headEntry?.head ?? '');

  const fromMention = (mk: number, linkedBy: string, confidence: number, role: string): Resolution | undefined => {
    const g = governed(doc, mentions[mk]);
    if (!kinds.includes(g.actorKind) && !(c.kind !== 'np')) return undefined;
    const rs = related.slice();
    rs.push(rel(doc, role, mentions[mk].span));
    return { actorId: g.actorId, actorKind: g.actorKind, canonical: g.canonical, linkedBy, confidence, related: rs, evidence: {} };
  };

  if (c.kind === 'ideo-noun' || c.kind === 'ideo-attr') {
    const t = c.ideo!;
    return {
      actorId: t.actorIds[0], actorKind: t.actorKind, canonical: t.canonical || canonicalOf(doc, t.actorIds[0]),
      linkedBy: 'ideological-term', confidence: c.kind === 'ideo-noun' ? 0.75 : 0.65, related, evidence: { term: t.term, termSource: t.source },
    };
  }
  if (c.kind === 'descriptor') {
    return corefer(doc, c, entities, ['state'], exclude, undefined, undefined);
  }

  // Patrons: a possessor or a naming modifier before a relational cue ("Moscow's puppet administration",
  // "the Russian-backed authorities") is who controls the referent, not the referent.
  if (relationalAt >= 0 && c.possessor && possessorNames(doc, c.possessor)) {
    const mk = doc.mentionOfWord[c.possessor.wordEnd];
    exclude.add(governed(doc, mentions[mk]).actorId);
    related.push(rel(doc, 'patron', mentions[mk].span));
  }
  for (let n = 0; n < c.modifiers.length; n++) {
    const k = c.modifiers[n];
    const mk = doc.mentionOfWord[k];
    const suffixRelational = modCues[n]?.relational && modCues[n]?.forms.some((f) => f.startsWith('-'));
    if (mk >= 0 && ((relationalAt >= 0 && n < relationalAt) || suffixRelational)) {
      exclude.add(governed(doc, mentions[mk]).actorId);
      related.push(rel(doc, 'patron', mentions[mk].span));
    }
  }
  if (c.objectMention !== undefined) {
    exclude.add(governed(doc, mentions[c.objectMention]).actorId);
    related.push(rel(doc, 'object', mentions[c.objectMention].span));
  } else if (c.object) {
    related.push(rel(doc, 'object', c.object));
  }
  const evidence: Record<string, unknown> = {};
  if (c.object) evidence.objectSpan = c.object;

  // 1. Apposition: "Israel, the occupying regime, …" / "the occupying regime, Israel, …" / "Israel (the …)".
  const before = text.slice(Math.max(0, c.span.start - 4), c.span.start);
  if (/(?:,|\(|--|—|–)\s*$/.test(before)) {
    const prevWord = lastWordBefore(doc, c.span.start);
    const after = text.slice(c.span.end, c.span.end + 3);
    if (prevWord >= 0 && doc.mentionOfWord[prevWord] >= 0 && /^\s*(?:,|\)|--|—|–|;|\.|$)/.test(after)) {
      const mk = doc.mentionOfWord[prevWord];
      if (mentions[mk].span.end === words[prevWord].end && !exclude.has(governed(doc, mentions[mk]).actorId)) {
        const r = fromMention(mk, 'apposition', 0.9, 'apposition');
        if (r) {
          r.evidence = evidence;
          return r;
        }
      }
    }
  }
  {
    const m = /^\s*,\s*/.exec(text.slice(c.span.end, c.span.end + 4));
    if (m) {
      const k = firstWordAfter(doc, c.span.end);
      const mk = k >= 0 ? doc.mentionOfWord[k] : -1;
      if (mk >= 0 && mentions[mk].span.start === words[k].start && /^\s*(?:,|\)|--|—|–|;|\.|$)/.test(text.slice(mentions[mk].span.end, mentions[mk].span.end + 3)) && !exclude.has(governed(doc, mentions[mk]).actorId)) {
        const r = fromMention(mk, 'apposition', 0.85, 'apposition');
        if (r) {
          r.evidence = evidence;
          return r;
        }
      }
    }
  }

  // 2. Predication: "Israel is an occupying regime".
  {
    const k = lastWordBefore(doc, c.span.start);
    if (k >= 1 && COPULA.has(words[k].lower)) {
      const mk = doc.mentionOfWord[k - 1];
      if (mk >= 0 && mentions[mk].span.end === words[k - 1].end && words[k - 1].sentence === words[c.head].sentence && !words[k - 1].possessive) {
        const r = fromMention(mk, 'predication', 0.8, 'subject');
        if (r && !exclude.has(r.actorId)) {
          r.evidence = evidence;
          return r;
        }
      }
    }
  }

  // 3. A modifier that names the actor: a demonym/name/metonym mention ("the Karvenian junta", "the Kyiv regime").
  for (let n = c.modifiers.length - 1; n >= 0; n--) {
    const mk = doc.mentionOfWord[c.modifiers[n]];
    if (mk < 0) continue;
    const g = governed(doc, mentions[mk]);
    if (exclude.has(g.actorId)) continue;
    const r = fromMention(mk, 'modifier', 0.9, 'modifier');
    if (r) {
          r.evidence = evidence;
          return r;
        }
    // "the Aliyev regime" when the text never says whose leader Aliyev is: the person, not a guessed state.
    if (g.actorKind === 'person') {
      return { ...g, linkedBy: 'modifier', confidence: 0.6, related: [...related, rel(doc, 'modifier', mentions[mk].span)], evidence: { ...evidence, note: 'government of a person whose state the text does not give' } };
    }
  }

  // 4. The possessor: "Tehran's extremist regime", "the country's authorities". A named possessor decides the
  // referent: a person whose state the text does not give ("Pashinyan's government") is linked to the person,
  // never to some other state found by coreference.
  if (c.possessor && relationalAt < 0) {
    const mk = doc.mentionOfWord[c.possessor.wordEnd];
    if (mk >= 0) {
      const r = fromMention(mk, 'possessor', 0.9, 'possessor');
      if (r) {
          r.evidence = evidence;
          return r;
        }
      const m = mentions[mk];
      if (m.actorKind === 'person') {
        return { actorId: m.actorId, actorKind: m.actorKind, canonical: m.canonical, linkedBy: 'possessor', confidence: 0.6, related: [...related, rel(doc, 'possessor', m.span)], evidence: { ...evidence, note: 'government of a person whose state the text does not give' } };
      }
      return undefined;
    } else if (SILENT_DESCRIPTORS.has(words[c.possessor.wordEnd].lower)) {
      const r = corefer(doc, c, entities, ['state'], exclude, undefined, undefined);
      if (r) return { ...r, linkedBy: 'possessor-coreference', related: [...related, rel(doc, 'possessor', c.possessor), ...r.related], evidence: { ...evidence, ...r.evidence } };
    }
  }

  // 5. An ideological modifier: "the Zionist regime" -> Israel; ambiguous terms only narrow the candidates.
  let restrict: Set<string> | undefined;
  for (const k of c.modifiers) {
    const t = lex.ideological.get(words[k].lower);
    if (!t || (t.heads && !t.heads.includes(c.headEntry!.head))) continue;
    if (t.actorIds.length === 1 && !exclude.has(t.actorIds[0])) {
      return {
        actorId: t.actorIds[0], actorKind: t.actorKind, canonical: t.canonical || canonicalOf(doc, t.actorIds[0]),
        linkedBy: 'ideological-term', confidence: 0.85, related, evidence: { ...evidence, term: t.term, termSource: t.source },
      };
    }
    restrict = new Set(t.actorIds);
  }

  // 6. "<X>'s puppet administration in <Place>": the place is governed by the referent. For an occupation cue the
  // place is what is occupied, not who occupies it; otherwise "the regime in Tehran" is the place's state.
  if (c.location) {
    const mk = c.location.mention;
    const seat = seatOf(doc, mentions[mk]);
    if (occupation && seat) {
      // "the occupying regime in Tel Aviv": a capital is where the occupier sits, not what it occupies.
      if (!exclude.has(seat)) return { actorId: seat, actorKind: 'state', canonical: canonicalOf(doc, seat), linkedBy: 'location', confidence: 0.75, related: [...related, rel(doc, 'location', mentions[mk].span)], evidence };
    } else if (occupation) {
      exclude.add(governed(doc, mentions[mk]).actorId);
      related.push(rel(doc, 'occupied', mentions[mk].span));
    } else {
      const m = mentions[mk];
      // "the regime in Tehran" is Iran's; "the authorities in Donetsk" are the place's own (a place's stateId is
      // where it is generally recognised to be, not who governs it), and so is a puppet administration.
      const national = c.headEntry?.head === 'regime' || c.headEntry?.head === 'government';
      const g = relationalAt < 0 && m.actorKind === 'place' && m.stateId && national
        ? { actorId: m.stateId, actorKind: 'state' as ActorKind, canonical: canonicalOf(doc, m.stateId) }
        : relationalAt >= 0 ? { actorId: m.actorId, actorKind: m.actorKind, canonical: m.canonical } : governed(doc, m);
      if (!exclude.has(g.actorId)) {
        return { ...g, linkedBy: 'location', confidence: 0.75, related: [...related, rel(doc, 'location', m.span)], evidence };
      }
    }
  }

  // 7. "Tehran, under the current extremist regime, …": the regime governs the actor named just before "under".
  {
    const k = lastWordBefore(doc, c.span.start);
    if (k >= 0 && words[k].lower === 'under' && !occupation) {
      for (let b = k - 1; b >= 0 && b >= k - 8 && words[b].sentence === words[k].sentence; b--) {
        const mk = doc.mentionOfWord[b];
        if (mk < 0) continue;
        const g = governed(doc, mentions[mk]);
        if (exclude.has(g.actorId) || !['state', 'place'].includes(g.actorKind)) continue;
        return { ...g, linkedBy: 'under', confidence: 0.75, related: [...related, rel(doc, 'governed', mentions[mk].span)], evidence };
      }
    }
  }

  // 8. Coreference with a recent, salient, compatible actor; a known label is a prior, not the answer. A phrase
  // without determiner or possessor ("heads of illegal junta", headline style) is not linked this way: too weak.
  if (c.det === undefined && !c.possessor && !c.attributive) return undefined;
  const normalized = normalizeLabelCached(text.slice(c.span.start, c.head < words.length ? words[c.head].end : c.span.end));
  const known = knownFor(lex, normalized);
  const r = corefer(doc, c, entities, kinds, exclude, restrict, known);
  if (r) return { ...r, related: [...related, ...r.related], evidence: { ...evidence, ...r.evidence } };
  if (known && !exclude.has(known.actorId)) {
    return {
      actorId: known.actorId, actorKind: known.actorKind, canonical: known.canonical, linkedBy: 'known-label', confidence: 0.55, related,
      evidence: { ...evidence, knownLabel: known.label, knownSource: known.source, usedBy: known.usedBy },
    };
  }
  return undefined;
}

function knownFor(lex: Lexicon, normalized: string): (Lexicon['known'][number]) | undefined {
  const words = normalized.split(' ');
  return lex.known.find((k) => isSubsequence(k.words, words) && k.words[k.words.length - 1] === words[words.length - 1]);
}

function isSubsequence(needle: string[], hay: string[]): boolean {
  let i = 0;
  for (const w of hay) if (i < needle.length && w === needle[i]) i++;
  return i === needle.length;
}

/**
 * Scores actors seen in the window: recency (1 / (1 + sentences back)), the kind of mention (a name counts more
 * than a demonym), a penalty for an actor named as an argument of the same clause (a full noun phrase rarely
 * corefers with its own clause-mate: "Azerbaijan hosts the occupying regime"), a prior for a known label's actor,
 * and an affinity for an actor the outlet has already labelled with the same connotation in its own voice.
 */
function corefer(
  doc: Doc,
  c: Candidate,
  entities: Entity[],
  kinds: ActorKind[],
  exclude: Set<string>,
  restrict: Set<string> | undefined,
  known: Lexicon['known'][number] | undefined,
): Resolution | undefined {
  const sent = doc.words[c.head].sentence;
  const npConnotation = preliminaryConnotation(doc, c);
  const scores = new Map<string, { score: number; last: Entity; count: number }>();
  /** Actors named as an argument earlier in the NP's own sentence: a full NP rarely corefers with its clause-mate. */
  const clauseMates = new Set<string>();
  const windowEntities: Entity[] = [];
  const windowStart = doc.sentences[Math.max(0, sent - COREF_WINDOW)]?.start ?? 0;
  for (let ei = firstEntityAtOrAfter(entities, windowStart); ei < entities.length; ei++) {
    const e = entities[ei];
    if (e.start >= c.span.start) break;
    if (e.end > c.span.start) continue;
    if (sent - e.sentence > COREF_WINDOW || e.sentence > sent) continue;
    if (!kinds.includes(e.actorKind) || exclude.has(e.actorId)) continue;
    if (restrict && !restrict.has(e.actorId)) continue;
    const d = sent - e.sentence;
    let s = 1 / (1 + d);
    s *= e.labelType === 'demonym' ? 0.6 : e.labelType === 'descriptor' ? 0.7 : 1;
    // "the country" / "this country" are anaphors for an actor the text names, rarely for one it only labels.
    if (c.kind === 'descriptor' && e.labelType === 'epithet') s *= 0.3;
    if (d === 0 && !e.nonArgument && !clauseBoundaryBetween(doc, e.end, c.span.start)) {
      s *= 0.3;
      clauseMates.add(e.actorId);
    }
    windowEntities.push(e);
    const cur = scores.get(e.actorId);
    if (cur) {
      cur.score += s;
      cur.count++;
      cur.last = e;
    } else scores.set(e.actorId, { score: s, last: e, count: 1 });
  }
  if (!scores.size) return undefined;
  // "Troops from Velgrad crossed into the valley … the occupiers of the valley": an actor named earlier in a
  // sentence that also names the object of "occupiers of / usurpers of / enemy of" is the likely agent.
  const objectSentences = new Set<number>();
  if (c.object) {
    const objWords = doc.text.slice(c.object.start, c.object.end).toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((x) => x && x !== 'the');
    const key = objWords[objWords.length - 1];
    if (key) {
      for (let k = wordAtOrAfter(doc, windowStart); k < doc.words.length && doc.words[k].start < c.span.start; k++) {
        const w = doc.words[k];
        if (w.lower === key && sent - w.sentence <= COREF_WINDOW) objectSentences.add(w.sentence);
      }
    }
  }
  const boosts: Record<string, string[]> = {};
  for (const [id, v] of scores) {
    const why: string[] = [];
    if (objectSentences.size && windowEntities.some((e) => e.actorId === id && objectSentences.has(e.sentence))) {
      v.score *= 2;
      why.push(`named with "${doc.text.slice(c.object!.start, c.object!.end)}" earlier`);
    }
    if (known && known.actorId === id) {
      v.score *= 2;
      why.push(`known label "${known.label}"`);
    }
    if (npConnotation !== 'neutral') {
      if (doc.ownConnotations.get(id)?.has(npConnotation)) {
        v.score *= 1.5;
        why.push(`already labelled ${npConnotation} earlier`);
      }
    }
    if (clauseMates.has(id)) {
      v.score *= 0.3;
      why.push('named as an argument of the same sentence (penalty)');
    }
    if (why.length) boosts[id] = why;
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1].score - a[1].score || b[1].last.start - a[1].last.start);
  const [bestId, best] = ranked[0];
  const second = ranked[1]?.[1].score ?? 0;
  const margin = (best.score - second) / best.score;
  const confidence = clamp(0.4 + 0.4 * margin + (boosts[bestId] && !clauseMates.has(bestId) ? 0.05 : 0), 0.3, 0.85);
  return {
    actorId: bestId,
    actorKind: best.last.actorKind,
    canonical: best.last.canonical,
    linkedBy: 'coreference',
    confidence,
    related: [rel(doc, 'antecedent', { start: best.last.start, end: best.last.end })],
    evidence: {
      candidates: ranked.slice(0, 4).map(([id, v]) => ({ actorId: id, score: round2(v.score), mentions: v.count, ...(boosts[id] ? { boosts: boosts[id] } : {}) })),
    },
  };
}

/**
 * Words that open a new clause, so that a name before them is not a clause-mate of a phrase after them ("… with
 * Israel, because this regime is …"). Relative pronouns are left out on purpose: in "people of Azerbaijan, who hate
 * the occupying regime" the relative clause's subject is the antecedent, and the penalty should hold.
 */
const CLAUSE_OPENERS = new Set(['because', 'since', 'although', 'though', 'while', 'whereas', 'but', 'so', 'yet', 'however', 'unless', 'if', 'when']);

function clauseBoundaryBetween(doc: Doc, from: number, to: number): boolean {
  if (/[;:]/.test(doc.text.slice(from, to))) return true;
  for (let k = wordAtOrAfter(doc, from); k < doc.words.length && doc.words[k].start < to; k++) {
    if (CLAUSE_OPENERS.has(doc.words[k].lower)) return true;
  }
  return false;
}

/** Index of the first word starting at or after offset (words.length if none). */
function wordAtOrAfter(doc: Doc, offset: number): number {
  let lo = 0;
  let hi = doc.words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (doc.words[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lastWordBefore(doc: Doc, offset: number): number {
  return wordAtOrAfter(doc, offset) - 1;
}

function firstWordAfter(doc: Doc, offset: number): number {
  const k = wordAtOrAfter(doc, offset);
  return k < doc.words.length ? k : -1;
}

// ---------------------------------------------------------------------------------------------------------------
// Connotation and voice

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

function preliminaryConnotation(doc: Doc, c: Candidate): Connotation {
  const cues = phraseCues(doc, c);
  if (cues.some((q) => q.polarity === 'pejorative')) return 'pejorative';
  if (cues.some((q) => q.polarity === 'favourable')) return 'favourable';
  return 'neutral';
}

function connotationOf(doc: Doc, c: Candidate, res: Resolution): { connotation: Connotation; cue: string | null; cues: string[] } {
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

// ---------------------------------------------------------------------------------------------------------------
// Mentions and toponyms

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
