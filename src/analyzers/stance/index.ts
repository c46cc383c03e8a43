import { defineAnalyzer } from '../../core/pipeline.js';
import type { Connotation, StanceFinding, Voice } from '../../core/finding.js';
import { overlapsAny, type Span } from '../../core/span.js';
import { quoteRegionAt, type QuoteRegion, type Token } from '../nlp/index.js';
import type { ActorMention } from '../actors/index.js';
import type { LabelsProduct } from '../labels/index.js';
import { prepareSentence, type FTok, type SentenceInfo } from './features.js';
import { defaultLexicon, readJson, type StanceLexicon } from './lexicon.js';
import { compileModel, scoreTarget, type Polarity, type RawModel, type StanceModel } from './model.js';
import { defaultFrames, threatCue, type FrameLexicon } from './frames.js';
import { defaultRoles, roleCue, type RoleLexicon, type RoleName, type RolePosition } from './roles.js';
import { directedOf } from './directed.js';
import { isEnglishText } from '../../core/lang/index.js';

export { compileLexicon, defaultLexicon, valenceOf, StanceDataError, type StanceLexicon } from './lexicon.js';
export { prepareSentence, targetFeatures, emitFeatures, type FeatureSink, type WordInfo, type FTok, type Features, type SentenceInfo, type TargetExtras } from './features.js';
export { compileFrames, defaultFrames, threatCue, type FrameLexicon, type RawFrames } from './frames.js';
export { compileRoles, defaultRoles, roleCue, ROLE_VALUE, type RoleLexicon, type RawRoles, type RoleName, type RolePosition, type RoleCue } from './roles.js';
export { directedOf, favouredIn, accusedIn, LOCALITY_MIN, type Directed } from './directed.js';
export { compileModel, predict, predictTarget, scoreTarget, CLASSES, StanceModelError, type Polarity, type Prediction, type TargetScore, type RawModel, type StanceModel } from './model.js';

export interface StanceOptions {
  /** Use these weights instead of the shipped data/model.json (same format). */
  model?: RawModel;
  /** Cue words shown per finding (default 3). */
  maxCues?: number;
  /** Logit offset for a pejorative/favourable label of the target (default 1.0; 0 turns it off). */
  labelPrior?: number;
}

/** One stance judgement, as provided to later analyzers (product 'stance'). */
export interface StanceItem {
  span: Span;
  actorId: string;
  canonical: string;
  polarity: Polarity;
  score: number;
  confidence: number;
  sentence: Span;
  cues: Array<{ text: string; span: Span; pull: number }>;
  voice: Voice;
  /** The score from the sentence alone, before the label prior (equals score when the label is neutral). */
  modelScore: number;
  /** The label's connotation when it is not neutral ("the Zionist regime": pejorative). */
  connotation?: 'pejorative' | 'favourable';
  /** The label around the mention when it is wider than it ("the Karvenian junta" around "Karvenian"). */
  label?: { text: string; span: Span };
  /** The word that frames the target as a threat ("the threat from X", "X destabilises"), if any. */
  threat?: { text: string; span: Span };
  /** Target-directed score: the model's call kept only when its words are about this target (directed.ts); 0 when neutral. */
  directed: number;
  /** Share of the model's evidence that is about this target. */
  locality: number;
  /** The role the sentence casts the target in (roles.ts), with its cue word. */
  role?: { role: RoleName; as: RolePosition; text: string; span: Span };
}

/**
 * The label an outlet picks is evidence of its stance even when the sentence reports neutral facts ("the Zionist
 * regime's ambassador met ..."). NewsMTSC has no label connotations to learn this from, so it is a fixed offset on
 * the logits, toward negative for a pejorative label and positive for a favourable one; the label's cue word is
 * then among the cues. 1.5 moves an uncertain neutral 0.25/0.5/0.25 prediction to about 0.6/0.28/0.14, and a confident one much less
 * (documented in docs/analyzers/stance.md; set `labelPrior: 0` to turn it off).
 */
const LABEL_PRIOR = 1.5;

function labelOffset(c: Connotation, prior: number): number[] {
  return c === 'pejorative' ? [prior, 0, 0] : [0, 0, prior];
}

const POLARITY_TEXT: Record<Polarity, string> = { negative: 'Negative', neutral: 'Neutral', positive: 'Positive' };
const CUE_POS = new Set(['NOUN', 'VERB', 'ADJ', 'ADV', 'PROPN', 'INTJ', 'X']);
const MIN_PULL = 0.15;
const NON_ACTOR_KIND = new Set(['place']);

let shippedModel: StanceModel | undefined;

function classOf(p: readonly number[]): Polarity {
  return p[0] > p[1] && p[0] >= p[2] ? 'negative' : p[2] > p[1] && p[2] > p[0] ? 'positive' : 'neutral';
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000 || 0;
}

export const stanceAnalyzer = defineAnalyzer<StanceOptions>({
  meta: {
    id: 'stance',
    version: '1.3.3',
    description:
      'Stance toward each actor mention (negative, neutral, positive; score in [-1, 1]) from what its sentence says about that target: a logistic model over target-relative features, trained on NewsMTSC, kept only when its evidence is about the target; with the label connotation and the role the sentence casts the actor in (aggressor, liar, victim, ally, peace-maker).',
    requires: ['sentences', 'tokens', 'quote-regions', 'actors', 'labels'],
    provides: ['stance'],
    messages: {
      stance: '{polarity} toward {canonical} (score {score}){cueText}',
    },
  },
  create(options) {
    const lex = defaultLexicon();
    const frames = defaultFrames();
    const roles = defaultRoles();
    const model = options?.model ? compileModel(options.model) : (shippedModel ??= compileModel(readJson<RawModel>('model.json')));
    const maxCues = options?.maxCues ?? 3;
    const labelPrior = options?.labelPrior ?? LABEL_PRIOR;
    return (ctx) => {
      if (!isEnglishText(ctx.doc.language)) {
        // The model and its cue lexicons are English (NewsMTSC); no stance lexicon with a licence we may ship was
        // found for the other languages (docs/analyzers/stance.md#languages): say so rather than guess.
        ctx.provide('stance', []);
        ctx.diagnose('no-stance-lexicon', `no stance lexicon for language "${String(ctx.doc.language)}": stance toward actors is not computed for this article (labels and quotes are)`);
        return;
      }
      const text = ctx.doc.text;
      const sentences = ctx.get<Span[]>('sentences');
      const tokens = ctx.get<Token[]>('tokens');
      const regions = ctx.get<QuoteRegion[]>('quote-regions');
      const mentions = ctx.get<ActorMention[]>('actors');
      const labels = ctx.get<LabelsProduct>('labels').labels;
      const items = analyseStance({ text, sentences, tokens, regions, mentions, labels }, lex, model, maxCues, labelPrior, frames, roles);
      ctx.provide('stance', items);
      for (const it of items) {
        ctx.report<StanceFinding>({
          kind: 'stance',
          messageId: 'stance',
          messageData: {
            polarity: POLARITY_TEXT[it.polarity],
            canonical: it.canonical,
            score: it.score.toFixed(2),
            cueText: it.cues.length ? `; cues: ${it.cues.map((c) => `“${c.text}”`).join(', ')}` : '',
          },
          span: it.span,
          voice: it.voice,
          actorId: it.actorId,
          canonical: it.canonical,
          polarity: it.polarity,
          score: it.score,
          confidence: it.confidence,
          cues: it.cues,
          modelScore: it.modelScore,
          ...(it.connotation ? { connotation: it.connotation } : {}),
          ...(it.label ? { label: it.label } : {}),
          ...(it.threat ? { threat: it.threat } : {}),
          directed: it.directed,
          locality: it.locality,
          ...(it.role ? { role: it.role } : {}),
          related: [{ role: 'sentence', span: it.sentence, evidence: text.slice(it.sentence.start, it.sentence.end) }],
        });
      }
    };
  },
});

interface StanceInput {
  text: string;
  sentences: Span[];
  tokens: Token[];
  regions: QuoteRegion[];
  mentions: ActorMention[];
  labels: LabelsProduct['labels'];
}

interface Target {
  span: Span;
  actorId: string;
  canonical: string;
  actorKind: string;
  connotation?: Connotation;
  cue?: string | null;
  /** The label's span when it is wider than the target (a mention inside "the Karvenian junta"): where its cue is. */
  labelSpan?: Span;
}

const KEY_W = 2 ** 26;
/** A Map key for a span: a number (start * KEY_W + end, exact below 2^52) or, for huge offsets, a string. */
function spanKey(s: Span): number | string {
  return s.start >= 0 && s.end >= 0 && s.start < KEY_W && s.end < KEY_W ? s.start * KEY_W + s.end : `${s.start}-${s.end}`;
}

/**
 * The non-neutral label of the same actor that contains the mention: "the Karvenian junta" and "Miravel's extremist
 * leadership" name their actor through a mention inside them ("Karvenian", "Miravel"), and the mention is the stance
 * target, so the label's connotation is the mention's word choice. `sorted`: labels by start.
 */
function enclosingLabel(sorted: LabelsProduct['labels'], m: ActorMention): { connotation: Connotation; cue: string | null; span: Span } | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].span.start <= m.span.start) lo = mid + 1;
    else hi = mid;
  }
  // Labels do not nest deeply: the few that start at or before the mention are enough.
  for (let i = lo - 1; i >= 0 && i >= lo - 4; i--) {
    const l = sorted[i];
    if (l.span.end >= m.span.end && l.actorId === m.actorId && (l.span.start !== m.span.start || l.span.end !== m.span.end)) return { connotation: l.connotation, cue: l.cue, span: l.span };
  }
  return undefined;
}

/** The first token whose end is after `pos` (tokens are sorted and disjoint). */
function tokenAt(tokens: Token[], pos: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].span.end <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function analyseStance(input: StanceInput, lex: StanceLexicon, model: StanceModel, maxCues = 3, labelPrior = LABEL_PRIOR, frames: FrameLexicon = defaultFrames(), roles: RoleLexicon = defaultRoles()): StanceItem[] {
  const { text, sentences, tokens, regions, mentions, labels } = input;
  // Targets: every actor mention, plus labels that stand for an actor where no mention was found ("the regime").
  const targets: Target[] = [];
  const labelAt = new Map<number | string, { connotation: Connotation; cue: string | null }>();
  for (const l of labels) labelAt.set(spanKey(l.span), { connotation: l.connotation, cue: l.cue });
  const sortedMentions = mentions.slice().sort((a, b) => a.span.start - b.span.start);
  // Non-neutral labels by start, to find the label a mention sits inside ("the Karvenian junta" around "Karvenian").
  const charged = labels.filter((l) => l.connotation !== 'neutral').sort((a, b) => a.span.start - b.span.start);
  for (const m of sortedMentions) {
    if (NON_ACTOR_KIND.has(m.actorKind)) continue;
    const exact = labelAt.get(spanKey(m.span));
    const around = exact ? undefined : enclosingLabel(charged, m);
    const l = exact ?? around;
    targets.push({ span: m.span, actorId: m.actorId, canonical: m.canonical, actorKind: m.actorKind, connotation: l?.connotation, cue: l?.cue, ...(around ? { labelSpan: around.span } : {}) });
  }
  const covered = (s: Span): boolean => overlapsAny(sortedMentions, s);
  for (const l of labels) {
    if (NON_ACTOR_KIND.has(l.actorKind) || covered(l.span)) continue;
    targets.push({ span: l.span, actorId: l.actorId, canonical: l.canonical, actorKind: l.actorKind, connotation: l.connotation, cue: l.cue });
  }
  targets.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);

  const prepared = new Map<number, { info: SentenceInfo; first: number; quoted: boolean; ranges: Array<[number, number]> }>();
  const speakers = new Map<QuoteRegion, Voice>();
  const out: StanceItem[] = [];
  // First pass: each target's sentence and token range, so every target is weighed against the sentence's others.
  const placed: Array<{ t: Target; si: number; from: number; to: number }> = [];
  for (const t of targets) {
    const k0 = tokenAt(tokens, t.span.start);
    if (k0 >= tokens.length || tokens[k0].span.start >= t.span.end) continue;
    const si = tokens[k0].sentence;
    let p = prepared.get(si);
    if (!p) {
      let first = k0;
      while (first > 0 && tokens[first - 1].sentence === si) first--;
      let last = k0;
      while (last + 1 < tokens.length && tokens[last + 1].sentence === si) last++;
      const toks: FTok[] = [];
      for (let k = first; k <= last; k++) toks.push({ lower: tokens[k].lower, pos: tokens[k].pos, start: tokens[k].span.start, end: tokens[k].span.end });
      const sent = sentences[si];
      p = { info: prepareSentence(toks, lex), first, quoted: regions.some((r) => r.span.start < sent.end && r.span.end > sent.start), ranges: [] };
      prepared.set(si, p);
    }
    let k1 = k0;
    while (k1 + 1 < tokens.length && tokens[k1 + 1].sentence === si && tokens[k1 + 1].span.start < t.span.end) k1++;
    const from = k0 - p.first;
    const to = k1 + 1 - p.first;
    p.ranges.push([from, to]);
    placed.push({ t, si, from, to });
  }
  for (const { t, si, from, to } of placed) {
    const p = prepared.get(si)!;
    const region = speechRegion(text, regions, t.span);
    const labelled = Boolean(t.connotation && t.connotation !== 'neutral' && labelPrior);
    const pr = scoreTarget(model, p.info, from, to, { inQuote: Boolean(region), sentenceQuoted: p.quoted }, t.connotation && t.connotation !== 'neutral' ? labelOffset(t.connotation, labelPrior) : undefined);
    // What the sentence says about this target, before the label prior touches the pulls.
    const dir = directedOf(p.info, from, to, p.ranges, pr.baseProbs, pr.baseScore, pr.pullTok, pr.pullVal);
    let labelCue = -1;
    if (labelled) {
      // The label's cue word (or the label's first word) carries the prior's pull.
      let k = from;
      const cueWord = t.cue ? t.cue.toLowerCase().split(/\s+/)[0] : '';
      // The cue's token within the label (the target's own tokens, or the wider label around a mention).
      let a = from;
      let b = to;
      if (t.labelSpan) {
        while (a > 0 && p.info.toks[a - 1].start >= t.labelSpan.start) a--;
        while (b < p.info.toks.length && p.info.toks[b].end <= t.labelSpan.end) b++;
      }
      for (let j = a; j < b; j++) if (t.cue && p.info.norm[j].startsWith(cueWord)) k = j;
      const i = pr.pullTok.indexOf(k);
      const prior = t.connotation === 'pejorative' ? -labelPrior : labelPrior;
      if (i >= 0) pr.pullVal[i] = pr.pullVal[i] + prior;
      else {
        pr.pullTok.push(k);
        pr.pullVal.push(0 + prior);
      }
      labelCue = k;
    }
    const voice: Voice = region ? speakerOf(region, speakers, input, sortedMentions) : 'outlet';
    const tk = threatCue(p.info, from, to, frames);
    const tt = tk >= 0 ? p.info.toks[tk] : null;
    const others = new Uint8Array(p.info.toks.length);
    for (const [a, b] of p.ranges) if (a !== from || b !== to) for (let k = a; k < b; k++) others[k] = 1;
    for (let k = from; k < to; k++) others[k] = 0;
    const rc = roleCue(p.info, from, to, roles, others);
    const rt = rc ? p.info.toks[rc.k] : null;
    // The finding's call: with a labelled target the label is the target's own word, so the call keeps the prior;
    // otherwise it is the target-directed call (neutral when the sentence's evidence is about something else).
    const polarity = labelled ? pr.polarity : dir.polarity;
    const score = labelled ? pr.score : dir.score;
    const probs = labelled ? pr.probs : pr.baseProbs;
    out.push({
      modelScore: round3(pr.baseScore),
      ...(t.connotation === 'pejorative' || t.connotation === 'favourable' ? { connotation: t.connotation } : {}),
      ...(tt ? { threat: { text: text.slice(tt.start, tt.end), span: { start: tt.start, end: tt.end } } } : {}),
      ...(t.labelSpan && labelled ? { label: { text: text.slice(t.labelSpan.start, t.labelSpan.end), span: t.labelSpan } } : {}),
      span: t.span,
      actorId: t.actorId,
      canonical: t.canonical,
      polarity,
      score: round3(score),
      // A call made neutral by the locality or charge rule has the model's probability of neutral as its confidence.
      confidence: round3(polarity === 'neutral' && !labelled && classOf(probs) !== 'neutral' ? probs[1] : Math.max(probs[0], probs[1], probs[2])),
      sentence: sentences[si],
      cues: cuesOf(pr.pullTok, pr.pullVal, polarity, p.info, text, maxCues, from, to, labelCue),
      voice,
      directed: dir.score,
      locality: dir.locality,
      ...(rc && rt ? { role: { role: rc.role, as: rc.as, text: text.slice(rt.start, rt.end), span: { start: rt.start, end: rt.end } } } : {}),
    });
  }
  return out;
}

/** Sorts in place like Array.prototype.sort with a consistent comparator (stable), without its per-call overhead. */
function insertionSort<T>(xs: T[], cmp: (a: T, b: T) => number): void {
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i];
    let j = i - 1;
    while (j >= 0 && cmp(xs[j], x) > 0) {
      xs[j + 1] = xs[j];
      j--;
    }
    xs[j + 1] = x;
  }
}

/** The words that pulled hardest toward the predicted polarity (toward either side for a neutral one). */
function cuesOf(pullTok: number[], pullVal: number[], polarity: Polarity, info: SentenceInfo, text: string, max: number, from: number, to: number, labelCue: number): StanceItem['cues'] {
  const dir = polarity === 'positive' ? 1 : polarity === 'negative' ? -1 : 0;
  const cands: Array<{ k: number; v: number }> = [];
  for (let i = 0; i < pullTok.length; i++) {
    const k = pullTok[i];
    const v = pullVal[i];
    const strength = dir ? v * dir : Math.abs(v);
    if (strength < MIN_PULL || info.punct[k]) continue;
    // A cue is a word a reader can weigh: content words, negators and contrast words; the target's own words
    // only when they evaluate it ("the corrupt senator", "the regime"). (info.words: the lexicon's entries.)
    const e = info.words[k];
    const evaluative = info.val[k] !== 0 || e.negator || e.contrast !== undefined;
    if (k === labelCue) {
      // the label's cue word always qualifies
    } else if (k >= from && k < to ? !evaluative && !e.listed : !evaluative && !CUE_POS.has(info.toks[k].pos)) continue;
    cands.push({ k, v });
  }
  // Stable insertion sorts (the lists are short): strongest first, then the first `max` in text order.
  const byStrength = (a: { k: number; v: number }, b: { k: number; v: number }): number => (dir ? b.v * dir - a.v * dir : Math.abs(b.v) - Math.abs(a.v)) || a.k - b.k;
  insertionSort(cands, byStrength);
  const top = cands.slice(0, max);
  insertionSort(top, (a, b) => a.k - b.k);
  const out: StanceItem['cues'] = [];
  for (const { k, v } of top) {
    const t = info.toks[k];
    out.push({ text: text.slice(t.start, t.end), span: { start: t.start, end: t.end }, pull: round3(v) });
  }
  return out;
}

/** The direct quotation the span is in, unless it is a scare quote around the label itself (“Artsakh”). */
function speechRegion(text: string, regions: QuoteRegion[], s: Span): QuoteRegion | null {
  const r = quoteRegionAt(regions, s);
  if (!r) return null;
  let top = r;
  if (r.depth > 0) {
    for (const q of regions) if (q.depth === 0 && q.contentSpan.start <= s.start && s.end <= q.contentSpan.end) top = q;
  }
  const inner = text.slice(top.contentSpan.start, top.contentSpan.end).trim().replace(/^the\s+/i, '');
  const label = text.slice(s.start, s.end).trim().replace(/^the\s+/i, '');
  if (inner === label) return null;
  return top;
}

const SPEAKER_KINDS = new Set(['person', 'organisation', 'state']);
const SPEAKER_WINDOW = 6;

/**
 * Who is quoted: the actor next to a reporting verb in the sentences where the quotation opens or closes
 * (“…,” Herzog said / Aliyev told reporters: “…”), outside the quotation. Unknown speakers stay null.
 */
function speakerOf(q: QuoteRegion, cache: Map<QuoteRegion, Voice>, input: StanceInput, sorted: ActorMention[]): Voice {
  const hit = cache.get(q);
  if (hit) return hit;
  const { tokens } = input;
  const lex = defaultLexicon();
  let voice: Voice = { speaker: null };
  const kStart = Math.min(tokenAt(tokens, q.span.start), tokens.length - 1);
  const kLast = Math.max(0, Math.min(tokenAt(tokens, q.span.end) - 1, tokens.length - 1));
  const lo = sentenceStart(tokens, tokens[kStart].sentence);
  const hi = sentenceStart(tokens, tokens[kLast].sentence + 1);
  // Mentions in the same stretch of text, found by binary search (mentions are sorted by start).
  let m0 = 0;
  let m1 = sorted.length;
  const from = tokens[lo]?.span.start ?? 0;
  while (m0 < m1) {
    const mid = (m0 + m1) >> 1;
    if (sorted[mid].span.start < from) m0 = mid + 1;
    else m1 = mid;
  }
  const until = tokens[hi - 1]?.span.end ?? 0;
  let best: { d: number; m: ActorMention } | null = null;
  for (let k = lo; k < hi; k++) {
    if (tokens[k].span.start >= q.span.start && tokens[k].span.end <= q.span.end) continue;
    if (!lex.reporting.has(tokens[k].lower)) continue;
    for (let i = m0; i < sorted.length && sorted[i].span.start < until; i++) {
      const m = sorted[i];
      if (!SPEAKER_KINDS.has(m.actorKind) || m.inQuote) continue;
      if (m.span.start >= q.span.start && m.span.end <= q.span.end) continue;
      const d = Math.abs(tokenAt(tokens, m.span.start) - k);
      if (d <= SPEAKER_WINDOW && (!best || d < best.d)) best = { d, m };
    }
  }
  if (best) voice = { speaker: best.m.canonical, actorId: best.m.actorId };
  cache.set(q, voice);
  return voice;
}

function sentenceStart(tokens: Token[], si: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].sentence < si) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export default stanceAnalyzer;
