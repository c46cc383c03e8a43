import { defineAnalyzer, type ReportInput } from '../../core/pipeline.js';
import type { ClaimFinding, FigureFinding, StatedBy, TimeValue, Voice } from '../../core/finding.js';
import { lowerBound, type Span } from '../../core/span.js';
import type { Token, QuoteRegion } from '../nlp/index.js';
import type { ActorMention } from '../actors/index.js';
import { readTimes, resolveTime } from '../../core/dates/index.js';
import { findCounts, findFigures, singular, type Figure } from './figures.js';
import { SPEECH_VERBS, alternation } from './lexicon.js';
import { quoteSpeakers, voiceAt, type Speaker } from './voice.js';
import { isEnglishText } from '../../core/lang/index.js';

export { findFigures, findCounts, type Figure } from './figures.js';
export { quoteSpeakers, voiceAt, regionAt, type Speaker } from './voice.js';

export interface ClaimsOptions {
  /** Report action claims (an actor doing something to another) too. Default true. */
  actions?: boolean;
}

/** A claim product entry: the sentence-level claim and its figures, for downstream analyzers. */
export interface ClaimRecord {
  claim: ClaimFinding;
  figures: FigureFinding[];
}

const SPEECH = alternation(SPEECH_VERBS.flatMap((v) => v.forms));
const ACCORDING = /\b(?:[Aa]ccording to|[Cc]iting|[Aa]s reported by)\s+(?<src>[^,;.:!?()“”"«»]{2,120})/g;
const SOURCE_HEAD = /^(?:(?:the\s+)?(?:latest\s+|new\s+|recent\s+|a\s+|an\s+)?(?:research|report|study|survey|data|figures|estimates?|analysis|statistics|calculations|count|reports)\s+(?:by|from|of)\s+)/i;
const SUBJECT_SPEECH = new RegExp(`\\b(?<verb>${SPEECH})\\b(?:\\s+(?:in|on|last|this)\\s+[\\w\\s]{1,20}?)?\\s+(?:that\\b|:)`, 'i');
/** ", IRNA reported." / ", said the minister." — only the plain reporting verbs, and a short subject. */
const TRAILING_VERBS = 'said|says|added|noted|reported|stated|told reporters|claimed|wrote|announced';
const TRAILING_SPEECH = new RegExp(`,[”"’»]?\\s*(?<who>[^,;.“”"]{2,50}?)\\s+(?:${TRAILING_VERBS})\\s*[.]?$|,[”"’»]?\\s*(?:${TRAILING_VERBS})\\s+(?<who2>[^,;.“”"]{2,50}?)\\s*[.]?$`, 'i');
const STATED_IN = new RegExp(`\\b(?:${SPEECH})\\s+$`, 'i');

/** Words that end a measure noun phrase. */
const NP_STOP = new Set(
  'and or but during between in since from according which that who whom while as to for by with on at over than compared after before because due despite through via per was were is are has have had will would could can may might be been being this these those its their his her our it they he she we said says'.split(' '),
);
const NP_DROP_LEAD = new Set(['the', 'all', 'of', 'a', 'an', 'some', 'total']);
const KEY_STOP = new Set(['the', 'a', 'an', 'of', 'all', "'s", '’s', 's', 'its', 'their', 'his', 'her', 'our', 'total', 'overall', 'own', 'country', 'country’s', "country's"]);
const VERB_GROUP = new Set(
  'rose risen rises grew grown grows increased increases jumped climbed soared fell fallen falls dropped drops declined declines decreased shrank plunged cut cuts slashed reduced was is were are has have had been be by to at for up down stood reached reaches totalled totaled totals amounted amounts accounted accounts account made makes make represent represents represented hit spent spends spend reach will would nearly almost about around'.split(' '),
);
/** Verbs that don't make "X <verb> Y" an action of one actor on another. */
const NON_ACTION = new Set(
  'is are was were be been being has have had do does did said says say told noted added stated claimed reported believes believed thinks seems seem appears appear called known named according become became remain remains including include includes'.split(' '),
);
const SHARE_VERBS = /\b(?:accounted for|accounts for|account for|made up|makes up|make up|represented|represents|provided|provides|supplied|supplies|holds|held|controls|controlled)\s+(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+|more than\s+|over\s+)?$/i;

function bySentence(tokens: Token[], n: number): Token[][] {
  const out: Token[][] = Array.from({ length: n }, () => []);
  for (const t of tokens) if (t.sentence < n) out[t.sentence].push(t);
  return out;
}

/** Noun phrase starting at `pos` (measure after "of"): content words up to a stop word, punctuation or a number. */
function npAfter(text: string, toks: Token[], pos: number, limit: number): Span | null {
  let i = lowerBound(toks, pos, (t) => t.span.start);
  while (i < toks.length && NP_DROP_LEAD.has(toks[i].lower)) i++;
  const start = i;
  let end = -1;
  let count = 0;
  for (; i < toks.length && toks[i].span.start < limit && count < 9; i++, count++) {
    const t = toks[i];
    if (t.pos === 'PUNCT' || t.pos === 'NUM' || /^\d/.test(t.text)) break;
    if (NP_STOP.has(t.lower)) break;
    if (t.lower === 'of' && i + 1 < toks.length && NP_STOP.has(toks[i + 1].lower)) break;
    // A plural noun wink tags as a verb ("energy needs in exchange"): after a noun, before a stop.
    const nounish = t.pos === 'VERB' && /s$/.test(t.lower) && i > start && (toks[i - 1].pos === 'NOUN' || toks[i - 1].pos === 'PROPN') && (i + 1 >= toks.length || toks[i + 1].pos === 'PUNCT' || NP_STOP.has(toks[i + 1].lower));
    if (nounish) {
      end = i;
      break;
    }
    if (t.pos === 'VERB' && !/(?:ed|ing)$/.test(t.lower)) break;
    if (t.pos === 'VERB' && !(i + 1 < toks.length && (toks[i + 1].pos === 'NOUN' || toks[i + 1].pos === 'PROPN'))) break;
    end = i;
  }
  if (end < start) return null;
  // Don't end on a connector.
  while (end >= start && (toks[end].lower === 'of' || toks[end].pos === 'ADP' || toks[end].pos === 'DET' || toks[end].pos === 'CCONJ')) end--;
  if (end < start) return null;
  return { start: toks[start].span.start, end: toks[end].span.end };
}

/** Subject noun phrase before a figure: "Vessany's military spending rose 22%" -> "Vessany's military spending". */
function npBefore(toks: Token[], figStart: number, floor: number): Span | null {
  let i = lowerBound(toks, figStart, (t) => t.span.start) - 1;
  let skipped = 0;
  while (i >= 0 && toks[i].span.start >= floor && VERB_GROUP.has(toks[i].lower) && skipped < 4) {
    i--;
    skipped++;
  }
  if (skipped === 0) return null;
  const end = i;
  let start = i + 1;
  for (let n = 0; i >= 0 && toks[i].span.start >= floor && n < 6; i--, n++) {
    const t = toks[i];
    const ok = t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'ADJ' || t.pos === 'PART' || t.lower === "'s" || t.lower === '’s' || (t.lower === 'of' && n > 0);
    if (!ok) break;
    start = i;
  }
  if (start > end) return null;
  while (start <= end && toks[start].lower === 'of') start++;
  if (start > end || !toks.slice(start, end + 1).some((t) => t.pos === 'NOUN' || t.pos === 'PROPN')) return null;
  return { start: toks[start].span.start, end: toks[end].span.end };
}

function mentionsIn(mentions: ActorMention[], span: Span): ActorMention[] {
  const out: ActorMention[] = [];
  for (let i = lowerBound(mentions, span.start, (m) => m.span.start); i < mentions.length && mentions[i].span.start < span.end; i++) {
    if (mentions[i].span.end <= span.end) out.push(mentions[i]);
  }
  return out;
}

/** Normalised measure for claim keys: actor mentions become actor ids, other words lower-cased and singular, sorted. */
function measureKey(text: string, span: Span, toks: Token[], mentions: ActorMention[]): string {
  const ms = mentionsIn(mentions, span);
  const parts: string[] = [];
  for (const m of ms) parts.push(m.actorId);
  for (let i = lowerBound(toks, span.start, (t) => t.span.start); i < toks.length && toks[i].span.end <= span.end; i++) {
    const t = toks[i];
    if (ms.some((m) => m.span.start <= t.span.start && t.span.end <= m.span.end)) continue;
    if (KEY_STOP.has(t.lower) || t.pos === 'PUNCT' || t.pos === 'DET' || t.pos === 'ADP') continue;
    parts.push(singular(t.lower.replace(/['’]s$/, '')));
  }
  return [...new Set(parts)].sort().join('+');
}

function periodKey(p: TimeValue | null): string {
  if (!p) return '';
  if (p.precision === 'range') return `${p.from}..${p.to}`;
  if (p.precision === 'open-range') return `${p.from ?? ''}..${p.to ?? ''}`;
  if (p.precision === 'imprecise') return '';
  return p.value ?? '';
}

export const claimsAnalyzer = defineAnalyzer<ClaimsOptions>({
  meta: {
    id: 'claims',
    version: '1.1.1',
    description: 'Check-worthy claims (sentences with figures, a stated source, or one actor acting on another) and normalised figures with what they measure and who states them.',
    requires: ['sentences', 'tokens', 'quote-regions', 'paragraphs', 'actors'],
    provides: ['claims'],
    messages: {
      claim: '{type} claim stated by {by}',
      figure: '{figure} ({value} {unit}){measure}, stated by {by}',
    },
  },
  create(options) {
    const withActions = options?.actions ?? true;
    return (ctx) => {
      if (!isEnglishText(ctx.doc.language)) {
        // Figures are digits and units, read in any script; the attribution and action cues are English.
        ctx.diagnose('claims-figures-only', `claims in language "${String(ctx.doc.language)}": only figures (numbers with their units) are read; attributed and action claims need English cues and are not computed`);
      }
      const text = ctx.doc.text;
      const published = ctx.doc.published ?? null;
      const sentences = ctx.get<Span[]>('sentences');
      const tokens = ctx.get<Token[]>('tokens');
      const regions = ctx.get<QuoteRegion[]>('quote-regions');
      const paragraphs = ctx.get<Span[]>('paragraphs');
      const mentions = ctx.get<ActorMention[]>('actors').slice().sort((a, b) => a.span.start - b.span.start);
      const speakers = quoteSpeakers(text, regions, mentions, paragraphs);
      const perSentence = bySentence(tokens, sentences.length);
      const records: ClaimRecord[] = [];
      const times = readTimes(text, published);
      let ti = 0;

      for (let si = 0; si < sentences.length; si++) {
        const sent = sentences[si];
        const stext = text.slice(sent.start, sent.end);
        const toks = perSentence[si];
        if (!toks.length || /\?\s*["”’»]?$/.test(stext)) continue;
        while (ti < times.length && times[ti].span.start < sent.start) ti++;
        const sentTimes: TimeValue[] = [];
        for (let k = ti; k < times.length && times[k].span.start < sent.end; k++) sentTimes.push(resolveTime(times[k], { published }) as TimeValue);
        const sentVoice: Voice = voiceAt(sent, regions, speakers);

        // Figures: regex figures, then counts of things from tokens outside figures and dates.
        const figs: Figure[] = findFigures(text, sent.start, sent.end);
        const taken = [...figs.map((f) => f.span), ...sentTimes.map((t) => t.span)];
        const counts = findCounts(text, toks, taken);
        const allFigs = [...figs, ...counts].sort((a, b) => a.span.start - b.span.start);

        // Attribution in the sentence.
        const source = sourceOf(text, sent, toks, mentions);
        const sentMentions = mentionsIn(mentions, sent);

        // Action: two different actors with a content verb between the first of each.
        let action: { verb: string; agent: ActorMention; patient: ActorMention } | null = null;
        if (withActions) action = actionOf(toks, sentMentions);

        const types: Array<'figure' | 'attributed' | 'action'> = [];
        if (allFigs.length) types.push('figure');
        if (source) types.push('attributed');
        if (action) types.push('action');
        if (!types.length) continue;

        const sentStatedBy: StatedBy = source
          ? source
          : typeof sentVoice === 'object'
            ? { type: 'speaker', name: sentVoice.speaker, actorId: sentVoice.actorId ?? null }
            : { type: 'outlet', name: ctx.doc.outlet ?? null };
        const actorList: ClaimFinding['actors'] = [];
        const seen = new Set<string>();
        for (const m of sentMentions) {
          if (seen.has(m.actorId)) continue;
          seen.add(m.actorId);
          const entry: ClaimFinding['actors'][number] = { actorId: m.actorId, canonical: m.canonical };
          if (action && action.agent.actorId === m.actorId) entry.role = 'agent';
          else if (action && action.patient.actorId === m.actorId) entry.role = 'patient';
          actorList.push(entry);
        }

        const figureFindings: FigureFinding[] = [];
        let statedIn: boolean[] | undefined;
        const claimId = `claims:claim:${sent.start}-${sent.end}`;
        for (const f of allFigs) {
          const fv = voiceAt(f.span, regions, speakers);
          // Inside a quotation the speaker states it (named by the quote's attribution, else by the sentence's).
          const statedBy: StatedBy =
            typeof fv === 'object'
              ? { type: 'speaker', name: fv.speaker ?? source?.name ?? null, actorId: fv.actorId ?? source?.actorId ?? null }
              : source ?? { type: 'outlet', name: ctx.doc.outlet ?? null };
          const { measure, holder } = measureOf(text, f, toks, sent, mentions);
          const period = periodOf(text, f, sentTimes, (statedIn ??= sentTimes.map((t) => statedInTime(text, t))));
          const mkey = measure ? measureKey(text, measure.span, toks, mentions) : `actors:${[...seen].sort().join(',')}`;
          const claimKey = `${mkey}|${f.unit}|${periodKey(period)}`;
          const by = statedBy.type === 'outlet' ? 'the outlet' : statedBy.name ?? 'an unnamed speaker';
          const related: Array<{ role: string; span: Span; evidence: string }> = [];
          if (measure) related.push({ role: 'measure', span: measure.span, evidence: measure.text });
          if (period) related.push({ role: 'period', span: period.span, evidence: period.text });
          if (statedBy.span) related.push({ role: 'source', span: statedBy.span, evidence: text.slice(statedBy.span.start, statedBy.span.end) });
          // Key order is part of the finding: optional keys sit where they always did.
          const input: ReportInput<FigureFinding> = {
            kind: 'figure',
            ruleId: f.kind,
            messageId: 'figure',
            messageData: { figure: f.text, value: f.value, unit: f.unit, measure: measure ? ` of ${measure.text}` : '', by },
            span: f.span,
            voice: fv,
            figureKind: f.kind,
            value: f.value,
            unit: f.unit,
            scale: f.scale,
            ...(f.qualifier ? { qualifier: f.qualifier } : {}),
            ...(f.change ? { change: f.change } : {}),
            measure,
            ...(holder ? { holder } : {}),
            period,
            statedBy,
            claimKey,
            claimId,
            related,
          };
          figureFindings.push(ctx.report<FigureFinding>(input));
        }
        const by = sentStatedBy.type === 'outlet' ? 'the outlet' : sentStatedBy.name ?? 'an unnamed speaker';
        const claimInput: ReportInput<ClaimFinding> = {
          kind: 'claim',
          ruleId: types[0],
          messageId: 'claim',
          messageData: { type: types[0][0].toUpperCase() + types[0].slice(1), by },
          span: sent,
          voice: sentVoice,
          claimType: types[0],
          claimTypes: types,
          actors: actorList,
          statedBy: sentStatedBy,
          figureIds: figureFindings.map((f) => f.id),
          ...(action ? { verb: action.verb } : {}),
          times: sentTimes,
        };
        const claim = ctx.report<ClaimFinding>(claimInput);
        records.push({ claim, figures: figureFindings });
      }
      ctx.provide('claims', records);
    };
  },
});

/** "according to X", "X said that ...", "..., X reported." — the cited source of a sentence. */
function sourceOf(text: string, sent: Span, toks: Token[], mentions: ActorMention[]): StatedBy | null {
  const s = text.slice(sent.start, sent.end);
  ACCORDING.lastIndex = 0;
  const acc = ACCORDING.exec(s);
  if (acc) {
    let src = acc.groups!.src;
    let off = acc.index + acc[0].length - src.length;
    const head = SOURCE_HEAD.exec(src);
    if (head) {
      off += head[0].length;
      src = src.slice(head[0].length);
    }
    // Stop the source at a clause boundary word ("according to X, Y did" is cut by the comma already).
    const cut = src.search(/\s+(?:that|which|who|is|are|was|were|has|have|had|will|in \d{4})\b/);
    if (cut > 0) src = src.slice(0, cut);
    src = src.trim();
    const span = { start: sent.start + off, end: sent.start + off + src.length };
    const m = mentionsIn(mentions, span).find((x) => x.actorKind !== 'place');
    return { type: 'source', name: m ? m.canonical : src.replace(/^the\s+/i, ''), actorId: m?.actorId ?? null, span };
  }
  const sp = SUBJECT_SPEECH.exec(s);
  // "possible to say that" is no attribution.
  if (sp && !/\bto\s+$/i.test(s.slice(Math.max(0, sp.index - 4), sp.index))) {
    const verbAt = sent.start + sp.index;
    // The subject: a person just before the speech verb, else the nearest actor mention, within 80 characters.
    let nearest: ActorMention | null = null;
    for (let i = lowerBound(mentions, verbAt, (m) => m.span.start) - 1; i >= 0 && mentions[i].span.start >= sent.start; i--) {
      const m = mentions[i];
      if (m.inQuote || verbAt - m.span.end > 80) break;
      if (m.actorKind === 'person') {
        nearest = m;
        break;
      }
      nearest ??= m;
    }
    if (nearest) return { type: 'source', name: nearest.canonical, actorId: nearest.actorId, span: nearest.span };
  }
  const tr = TRAILING_SPEECH.exec(s);
  if (tr) {
    const who = tr.groups!.who ?? tr.groups!.who2;
    const at = sent.start + s.lastIndexOf(who);
    const span = { start: at, end: at + who.length };
    const m = mentionsIn(mentions, span).find((x) => !x.inQuote);
    if (m) return { type: 'source', name: m.canonical, actorId: m.actorId, span: m.span };
  }
  void toks;
  return null;
}

function actionOf(toks: Token[], ms: ActorMention[]): { verb: string; agent: ActorMention; patient: ActorMention } | null {
  const actors = ms.filter((m) => !m.inQuote);
  for (let a = 0; a < actors.length; a++) {
    const agent = actors[a];
    const next = actors.slice(a + 1).find((m) => m.actorId !== agent.actorId && m.span.start - agent.span.end < 120);
    if (!next) continue;
    const i0 = lowerBound(toks, agent.span.end, (t) => t.span.start);
    for (let i = i0; i < toks.length && toks[i].span.end <= next.span.start; i++) {
      const t = toks[i];
      if (t.pos === 'PUNCT' && /[;:]/.test(t.text)) break;
      if (t.pos === 'VERB' && !NON_ACTION.has(t.lower) && !/ing$/.test(t.lower)) {
        return { verb: t.text, agent, patient: next };
      }
    }
  }
  return null;
}

function measureOf(
  text: string,
  f: Figure,
  toks: Token[],
  sent: Span,
  mentions: ActorMention[],
): { measure: FigureFinding['measure']; holder: FigureFinding['holder'] } {
  let measure: FigureFinding['measure'] = null;
  let holder: FigureFinding['holder'] = null;
  const after = text.slice(f.span.end, Math.min(sent.end, f.span.end + 20));
  const of = /^\s+(worth\s+)?of\s+/.exec(after);
  if (f.kind === 'count') {
    const noun = /\s(\S+)$/.exec(f.text);
    const span = noun ? { start: f.span.end - noun[1].length, end: f.span.end } : f.span;
    measure = { text: text.slice(span.start, span.end), span, relation: 'counted' };
  } else if (of) {
    const np = npAfter(text, toks, f.span.end + of[0].length, sent.end);
    if (np) measure = { text: text.slice(np.start, np.end), span: np, relation: of[1] ? 'worth-of' : f.unit === '%' ? 'share-of' : 'of' };
  }
  if (!measure && f.kind !== 'count') {
    const np = npBefore(toks, f.span.start, sent.start);
    if (np) measure = { text: text.slice(np.start, np.end), span: np, relation: 'subject' };
  }
  if (f.unit === '%' && measure?.relation === 'share-of') {
    const before = text.slice(sent.start, f.span.start);
    const sv = SHARE_VERBS.exec(before);
    if (sv) {
      const verbAt = sent.start + sv.index;
      const i = lowerBound(mentions, verbAt, (m) => m.span.start) - 1;
      const m = i >= 0 && mentions[i].span.start >= sent.start && verbAt - mentions[i].span.end < 40 ? mentions[i] : null;
      if (m) holder = { text: m.label, actorId: m.actorId };
    }
  }
  return { measure, holder };
}

/**
 * The period of a figure: the nearest time expression in its clause, preferring one after it ("69% ... between
 * 2016 and 2020") within the sentence. A time right after a speech verb ("claimed in 2016 that") dates the
 * statement, not the figure.
 */
/** The time dates a statement ("claimed in 2016 that"), not a figure. */
function statedInTime(text: string, t: TimeValue): boolean {
  return STATED_IN.test(text.slice(Math.max(0, t.span.start - 24), t.span.start).replace(/\s*(?:in|on)\s*$/i, ' '));
}

/** `statedIn[i]`: statedInTime(text, times[i]), computed once per sentence. */
function periodOf(text: string, f: Figure, times: TimeValue[], statedIn: boolean[]): TimeValue | null {
  let best: TimeValue | null = null;
  let bestD = Infinity;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (statedIn[i]) continue;
    if (t.precision === 'imprecise') continue;
    const d = t.span.start >= f.span.end ? t.span.start - f.span.end : (f.span.start - t.span.end) * 1.5;
    const between = t.span.start >= f.span.end ? text.slice(f.span.end, t.span.start) : text.slice(t.span.end, f.span.start);
    const penalty = /[;]/.test(between) ? 200 : 0;
    if (d + penalty < bestD) {
      bestD = d + penalty;
      best = t;
    }
  }
  return best;
}

export default claimsAnalyzer;
