import type { Finding, StanceFinding } from '../core/finding.js';
import type { Span } from '../core/span.js';

/**
 * The stance matrix: how each outlet (or perspective group, or article) stands toward each actor. Pure.
 *
 * The unit of evidence is one sentence about one actor: the scores of an actor's mentions in the same sentence are
 * averaged first, so a sentence naming Israel three times counts once. A column's stance is the mean over its
 * sentences shrunk toward neutral by `prior` pseudo-sentences of score 0 (mean × n / (n + prior)): one hostile
 * sentence is not an outlet's stance; twenty are. The interval is a normal approximation on the shrunk mean with the
 * pseudo-sentences' variance added, so it is wide for small n. Every cell keeps its strongest evidence sentences
 * (article id, span, text, cues) so a reader can check it.
 *
 * The unit is one sentence about the actor in the outlet's own voice: one observation (weight 1) whose value is
 * what a reader takes from it, the sum of its parts capped at ±1 (`parts` shows each part's share of the score after
 * the cap, `framing` and `quotes` the words and speakers, `reasons` says it in words):
 * - sentences: what the sentence says about the actor — the analyzer's target-directed score (`directed`: 0 when
 *   the sentence does not judge the actor, or when its evidence is about something else). Findings of stance
 *   < 1.2.0 have no `directed`; their `modelScore` is used.
 * - labels (word choice): each sentence in which the outlet names the actor with a pejorative label ("the Zionist
 *   regime", "the junta") is an observation of its own, value -1 (favourable: +1), weight labelWeight (default 2),
 *   beside the sentence's observation: a deliberate label is hostile on its own and is not cancelled by what the
 *   model reads in the rest of the sentence; an outlet naming the actor so in a third of its sentences about it is
 *   hostile, one stray label among many plain sentences is not.
 * - threat and roles (role framing): a threat framing adds -threatWeight (default 0.5); a role adds its value ×
 *   roleWeight (default 0.5): aggressor, liar -1, victim +0.5, ally, peace-maker +1 (no second hostile role in a
 *   sentence with a threat framing).
 * - quotes (whom the outlet lets speak): each quoted sentence about the actor, by speaker, is an observation of
 *   its own, weight `quoteWeight` (default 0.5): against it (quoted score <= -1/3, a hostile role, a threat framing
 *   or a pejorative label) -1, for it (>= 1/3, a friendly role, or the actor itself or one of its people speaking)
 *   +1; at most 3 sentences per speaker and article.
 * score = Σ weight × value / (Σ weight + prior); category from the score (hostile <= -0.35 < critical <= -0.12 <
 * neutral < 0.12 <= favourable < 0.35 <= supportive). The interval counts independent observations (Kish's effective
 * number, (Σw)² / Σw²), so a weighted observation does not narrow it as if it were several.
 */

export interface StanceMatrixItem {
  articleId: string;
  outlet: string;
  group: string;
  /** Stance findings (other kinds are ignored, so an Analysis's whole findings array can be passed). */
  findings: ReadonlyArray<Finding>;
}

export type StanceColumnBy = 'outlet' | 'group' | 'article';

export interface StanceMatrixOptions {
  by: StanceColumnBy;
  /** Count stance inside quotations too (default false: an outlet is judged on its own voice). */
  includeQuotes?: boolean;
  /** Only these actor ids. */
  actors?: ReadonlySet<string> | string[];
  /** Pseudo-sentences of neutral stance added to every cell (default 3). */
  prior?: number;
  /** Evidence sentences kept per cell (default 3). */
  maxEvidence?: number;
  /** Weight of the observation a sentence's pejorative (-1) or favourable (+1) label for the actor makes (default 2; 0 = off). */
  labelWeight?: number;
  /** What a threat framing takes from its sentence's value (default 0.5; 0 = off). */
  threatWeight?: number;
  /** Multiplier of a role's value (aggressor, liar -1; victim +0.5; ally, peace-maker +1) in its sentence (default 0.5; 0 = off). */
  roleWeight?: number;
  /** Weight of one quoted sentence for (+1) or against (-1) the actor (default 0.5; 0 = off). */
  quoteWeight?: number;
}

export type StanceCategory = 'hostile' | 'critical' | 'neutral' | 'favourable' | 'supportive';

/** Who the column quotes about the actor (distinct speakers; "(unnamed)" for quotes without a speaker). */
export interface StanceQuotes {
  /** Speakers quoted against the actor. */
  critics: string[];
  /** Speakers quoted for it (not the actor's own people). */
  supporters: string[];
  /** The actor itself or its people (a person whose state is the actor). */
  own: string[];
}

/** A word of framing evidence: the label, threat or role word, in its sentence. */
export interface StanceFramingEvidence {
  articleId: string;
  /** The label, the threat word or the role's cue. */
  span: Span;
  text: string;
  /** The sentence. */
  sentence: Span;
  evidence: string;
  value: number;
  /** For roles: the role ("aggressor", "liar", "victim", "ally", "peace-maker"). */
  role?: string;
}

/** One kind of evidence and its share of the cell's score (the contributions of all parts add up to `score`). */
export interface StancePart {
  /** Observations (sentences). */
  n: number;
  /** Weight of one observation. */
  weight: number;
  /** Mean observation value. */
  mean: number;
  contribution: number;
}

export interface StanceEvidence {
  articleId: string;
  /** The sentence. */
  span: Span;
  evidence: string;
  /** Mean score of the actor's mentions in the sentence. */
  score: number;
  /** The mentions' words as written. */
  mentions: string[];
  cues: string[];
  /** True when every mention was inside a quotation (only with includeQuotes). */
  quoted?: boolean;
}

export interface StanceCell {
  /** Evidence sentences (one per sentence that mentions the actor). */
  n: number;
  /** Sentences by polarity of their mean score (≤ -1/3 negative, ≥ 1/3 positive). */
  counts: { negative: number; neutral: number; positive: number };
  /** Plain mean of the sentence scores. */
  mean: number;
  /** mean × n / (n + prior): the headline number. */
  score: number;
  /** ~95% interval around `score`. */
  interval: [number, number];
  /** n / (n + prior): how much the data outweighs the neutral prior. */
  confidence: number;
  lean: 'negative' | 'neutral' | 'positive';
  /** The interval excludes 0. */
  clear: boolean;
  /** Strongest sentences in the direction of the lean (by |score| when neutral). */
  evidence: StanceEvidence[];
  /** What each kind of evidence contributes to `score`: the sentences' scores, label choice, threat framing, roles, quotes. */
  parts: { sentences: StancePart; labels: StancePart; threat: StancePart; roles: StancePart; quotes: StancePart };
  /** The label, threat and role words behind those parts (up to maxEvidence each). */
  framing: { labels: StanceFramingEvidence[]; threat: StanceFramingEvidence[]; roles: StanceFramingEvidence[] };
  /** hostile, critical, neutral, favourable or supportive, from the score. */
  category: StanceCategory;
  /** The cell's reasons in words a reader can check ("calls it “the occupying regime” 6×; casts it as aggressor 3×; …"). */
  reasons: string;
  /** Whom the column quotes about the actor. */
  quotes: StanceQuotes;
}

export interface StanceMatrixRow {
  actorId: string;
  canonical: string;
  columns: Record<string, StanceCell>;
  /** Evidence sentences over all columns. */
  n: number;
  /** Largest minus smallest column score: how much the columns disagree. */
  spread: number;
}

const LEAN_AT = 0.12;
/**
 * Weight of one sentence's label choice (default labelWeight). Calibrated on the reader's rule, not on a cell: an
 * outlet that names the actor with a pejorative label in a third of its sentences about it, and says nothing else
 * about it, is hostile (2 × 1/3 / (1 + 2 × 1/3) = 0.4 beyond the -0.35 line for a long column), in a tenth of them
 * critical (-0.17), while one stray label among 25 plain sentences stays neutral (-0.07).
 */
const LABEL_WEIGHT = 2;
const POLAR_AT = 1 / 3;
const HOSTILE_AT = 0.35;
/** A speaker's quoted sentences counted per article: giving one critic a long interview is one choice, not twenty. */
const QUOTES_PER_SPEAKER = 3;
const ROLE_VALUE: Record<string, number> = { aggressor: -1, liar: -1, victim: 0.5, ally: 1, 'peace-maker': 1 };

export function categoryOf(score: number): StanceCategory {
  return score <= -HOSTILE_AT ? 'hostile' : score <= -LEAN_AT ? 'critical' : score >= HOSTILE_AT ? 'supportive' : score >= LEAN_AT ? 'favourable' : 'neutral';
}

function isStance(f: Finding): f is StanceFinding {
  return f.kind === 'stance' && typeof f.actorId === 'string' && typeof f.score === 'number';
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000 || 0;

interface SentenceAcc {
  articleId: string;
  span: Span;
  text: string;
  scores: number[];
  mentions: string[];
  cues: Set<string>;
  allQuoted: boolean;
  /** Label sign of the sentence (-1 pejorative, +1 favourable, 0 none) and the label behind it. */
  label: number;
  labelWord?: { span: Span; text: string };
  threat?: { span: Span; text: string };
  role?: { span: Span; text: string; role: string };
}

/** One quoted sentence about the actor, by one speaker. */
interface QuoteAcc {
  articleId: string;
  speaker: string;
  side: -1 | 0 | 1;
  own: boolean;
}

export function stanceMatrix(items: ReadonlyArray<StanceMatrixItem>, opts: StanceMatrixOptions): StanceMatrixRow[] {
  const m = createStanceMatrix(opts);
  for (const it of items) for (const f of it.findings) m.add(it, f);
  return m.rows();
}

/**
 * The stance matrix built one finding at a time (findings streamed from the store in article order): memory holds
 * the sentences' accumulators, not the corpus. `stanceMatrix(items)` is this over an array.
 */
export function createStanceMatrix(opts: StanceMatrixOptions): { add(place: { articleId: string; outlet: string; group: string }, f: Finding): void; rows(): StanceMatrixRow[] } {
  const prior = opts.prior ?? 3;
  const maxEvidence = opts.maxEvidence ?? 3;
  const weights = { label: opts.labelWeight ?? LABEL_WEIGHT, threat: opts.threatWeight ?? 0.5, role: opts.roleWeight ?? 0.5, quote: opts.quoteWeight ?? 0.5 };
  const only = opts.actors ? new Set(opts.actors) : null;
  const acc = new Map<string, Map<string, Map<string, SentenceAcc>>>();
  const canonical = new Map<string, string>();
  // actor -> column -> speaker-and-sentence key -> the quoted sentence's judgement of the actor
  const quoteAcc = new Map<string, Map<string, Map<string, Omit<QuoteAcc, 'own'> & { speakerId: string | null; scores: number[]; role: number }>>>();
  // A person's state (from any actor mention that names it), to tell the actor's own people among the quoted.
  const stateOf = new Map<string, string>();
  const add = (it: { articleId: string; outlet: string; group: string }, f: Finding): void => {
    const col = opts.by === 'outlet' ? it.outlet : opts.by === 'group' ? it.group : it.articleId;
    if (f.kind === 'actor-mention' && f.actorId && f.stateId) {
      stateOf.set(f.actorId, f.stateId);
      return;
    }
    if (!isStance(f)) return;
    if (only && !only.has(f.actorId)) return;
    const quoted = f.voice !== 'outlet';
    if (quoted && weights.quote > 0 && typeof f.voice === 'object') {
      if (!canonical.has(f.actorId)) canonical.set(f.actorId, f.canonical);
      const speaker = f.voice.speaker ?? '(unnamed)';
      const sent = f.related?.find((r) => r.role === 'sentence')?.span ?? f.span;
      let byCol = quoteAcc.get(f.actorId);
      if (!byCol) quoteAcc.set(f.actorId, (byCol = new Map()));
      let qs = byCol.get(col);
      if (!qs) byCol.set(col, (qs = new Map()));
      const key = `${it.articleId}\u0000${speaker}\u0000${sent.start}`;
      let q = qs.get(key);
      if (!q) qs.set(key, (q = { articleId: it.articleId, speaker, side: 0, speakerId: f.voice.actorId ?? null, scores: [], role: 0 }));
      q.scores.push(f.score);
      if (f.role && ROLE_VALUE[f.role.role] !== undefined) q.role = q.role || Math.sign(ROLE_VALUE[f.role.role]);
      if (f.threat) q.role = -1;
      if (f.connotation === 'pejorative') q.role = -1;
    }
    if (quoted && !opts.includeQuotes) return;
    if (!canonical.has(f.actorId)) canonical.set(f.actorId, f.canonical);
    const sent = f.related?.find((r) => r.role === 'sentence');
    const span = sent?.span ?? f.span;
    const key = `${it.articleId}\u0000${span.start}-${span.end}`;
    let byCol = acc.get(f.actorId);
    if (!byCol) acc.set(f.actorId, (byCol = new Map()));
    let sents = byCol.get(col);
    if (!sents) byCol.set(col, (sents = new Map()));
    let s = sents.get(key);
    if (!s) sents.set(key, (s = { articleId: it.articleId, span, text: sent?.evidence ?? f.evidence, scores: [], mentions: [], cues: new Set(), allQuoted: true, label: 0 }));
    // With label evidence on, the sentence counts what the model read about the actor in it (target-directed since
    // stance 1.2.0); the label is counted as its own part.
    s.scores.push(weights.label > 0 ? (typeof f.directed === 'number' ? f.directed : typeof f.modelScore === 'number' ? f.modelScore : f.score) : f.score);
    if (f.connotation === 'pejorative' || f.connotation === 'favourable') {
      const sign = f.connotation === 'pejorative' ? -1 : 1;
      if (!s.labelWord || (s.label > 0 && sign < 0)) s.labelWord = f.label ? { span: f.label.span, text: f.label.text } : { span: f.span, text: f.evidence };
      s.label = s.label && s.label !== sign ? 0 : sign;
    }
    if (f.threat && !s.threat) s.threat = { span: f.threat.span, text: f.threat.text };
    if (f.role && ROLE_VALUE[f.role.role] !== undefined && (!s.role || (ROLE_VALUE[f.role.role] < 0 && ROLE_VALUE[s.role.role] > 0))) s.role = { span: f.role.span, text: f.role.text, role: f.role.role };
    s.mentions.push(f.evidence);
    for (const c of f.cues ?? []) s.cues.add(c.text);
    if (!quoted) s.allQuoted = false;
  };
  const rows = (): StanceMatrixRow[] => {
    const rows: StanceMatrixRow[] = [];
    for (const [actorId, qByCol] of quoteAcc) if (!acc.has(actorId)) acc.set(actorId, new Map([...qByCol.keys()].map((c) => [c, new Map()])));
    for (const [actorId, byCol] of acc) {
      const columns: Record<string, StanceCell> = {};
      let n = 0;
      const qByCol = quoteAcc.get(actorId);
      for (const col of qByCol?.keys() ?? []) if (!byCol.has(col)) byCol.set(col, new Map());
      for (const [col, sents] of byCol) {
        const quotes = [...(qByCol?.get(col)?.values() ?? [])].map((q) => {
          const own = Boolean(q.speakerId && (q.speakerId === actorId || stateOf.get(q.speakerId) === actorId));
          const m = q.scores.reduce((a, b) => a + b, 0) / q.scores.length;
          const side: -1 | 0 | 1 = own ? 1 : q.role ? (q.role < 0 ? -1 : 1) : m <= -POLAR_AT ? -1 : m >= POLAR_AT ? 1 : 0;
          return { articleId: q.articleId, speaker: q.speaker, side, own };
        });
        columns[col] = cell([...sents.values()], quotes, prior, maxEvidence, Boolean(opts.includeQuotes), weights, canonical.get(actorId) ?? actorId);
        n += sents.size;
      }
      const scores = Object.values(columns).map((c) => c.score);
      rows.push({ actorId, canonical: canonical.get(actorId) ?? actorId, columns, n, spread: r3(Math.max(...scores) - Math.min(...scores)) });
    }
    return rows.sort((a, b) => b.n - a.n || b.spread - a.spread || a.canonical.localeCompare(b.canonical));
  };
  return { add, rows };
}

/**
 * ~95% interval around the score: the observations' weighted spread around it, plus `prior` pseudo-observations at 0
 * with the spread of a typical uncertain sentence (sd 0.5), over the effective number of independent observations
 * (Kish: (Σw)² / Σw²). With every weight 1 this is n + prior; a label observation of weight 2 counts as one piece of
 * evidence weighed double, not as two, so heavier weights do not narrow the interval by themselves.
 */
function intervalOf(obs: ReadonlyArray<{ x: number; w: number }>, prior: number, score: number): { lo: number; hi: number } {
  const W = obs.reduce((a, o) => a + o.w, 0) + prior;
  const W2 = obs.reduce((a, o) => a + o.w * o.w, 0) + prior;
  if (W <= 0) return { lo: -1, hi: 1 };
  const ss = obs.reduce((a, o) => a + o.w * (o.x - score) ** 2, 0) + prior * (score ** 2 + 0.25);
  const nEff = (W * W) / W2;
  const variance = nEff > 1 ? (ss / W) * (nEff / (nEff - 1)) : 0.25;
  const se = nEff > 1 ? Math.sqrt(variance / nEff) : 0.5;
  return { lo: Math.max(-1, score - 1.96 * se), hi: Math.min(1, score + 1.96 * se) };
}

function cell(sents: SentenceAcc[], quotesIn: QuoteAcc[], prior: number, maxEvidence: number, includeQuotes: boolean, weights: { label: number; threat: number; role: number; quote: number }, name: string): StanceCell {
  const xs = sents.map((s) => s.scores.reduce((a, b) => a + b, 0) / s.scores.length);
  // What each sentence says about the actor. A sentence that casts it as the victim ("threats against X", "X was
  // attacked") reads negative because of what is done to it: not a judgement of the actor, so a negative score
  // counts 0 there (its role counts).
  const judged = sents.map((s, i) => (xs[i] < 0 && weights.role > 0 && s.role?.role === 'victim' ? 0 : xs[i]));
  const n = xs.length;
  // One observation per sentence (weight 1): what it says about the actor (directed score), its threat framing and
  // role, summed and capped at ±1; one per sentence with a non-neutral label (weight labelWeight); and one per quoted
  // sentence for or against the actor (weight quoteWeight).
  const labelled = weights.label > 0 ? sents.filter((s) => s.label !== 0) : [];
  const threats = weights.threat > 0 ? sents.filter((s) => s.threat) : [];
  const hasRole = (s: SentenceAcc): boolean => Boolean(s.role && !(s.threat && weights.threat > 0 && ROLE_VALUE[s.role.role] < 0));
  const roled = weights.role > 0 ? sents.filter(hasRole) : [];
  const perSpeaker = new Map<string, number>();
  const sided = weights.quote > 0
    ? quotesIn.filter((q) => {
        if (!q.side) return false;
        const k = `${q.articleId}\u0000${q.speaker}`;
        const c = (perSpeaker.get(k) ?? 0) + 1;
        perSpeaker.set(k, c);
        return c <= QUOTES_PER_SPEAKER;
      })
    : [];
  // Per sentence: what it says about the actor (directed score, threat framing, role), summed and capped at ±1, with the
  // factor that brings the sum within ±1 shared by the parts (so they still add up). The label is not in this sum:
  // the outlet's word for the actor is an observation of its own (below), so a sentence reporting cooperation with
  // "the Zionist regime" does not cancel the label with the model's reading of the cooperation.
  const split = sents.map((s, i) => {
    const d = judged[i];
    const t = weights.threat > 0 && s.threat ? -weights.threat : 0;
    const r = weights.role > 0 && hasRole(s) ? ROLE_VALUE[s.role!.role] * weights.role : 0;
    const sum = d + t + r;
    const v = Math.max(-1, Math.min(1, sum));
    const f = sum ? v / sum : 0;
    return { v, d: d * f, t: t * f, r: r * f };
  });
  const obs: Array<{ x: number; w: number }> = split.map((p) => ({ x: p.v, w: 1 }));
  // Word choice: each sentence in which the outlet names the actor with a pejorative (favourable) label is an
  // observation of value -1 (+1) and weight labelWeight, beside the sentence's own observation.
  for (const s of labelled) obs.push({ x: s.label, w: weights.label });
  for (const q of sided) obs.push({ x: q.side, w: weights.quote });
  const W = obs.reduce((a, o) => a + o.w, 0);
  const sum = obs.reduce((a, o) => a + o.w * o.x, 0);
  const denom = W + prior;
  const score = denom ? sum / denom : 0;
  const { lo, hi } = intervalOf(obs, prior, score);
  const mean = n ? xs.reduce((a, b) => a + b, 0) / n : 0;
  const counts = { negative: 0, neutral: 0, positive: 0 };
  for (const x of judged) counts[x <= -POLAR_AT ? 'negative' : x >= POLAR_AT ? 'positive' : 'neutral']++;
  const lean = score <= -LEAN_AT ? 'negative' : score >= LEAN_AT ? 'positive' : 'neutral';
  const dir = lean === 'negative' ? -1 : lean === 'positive' ? 1 : 0;
  const order = sents
    // A sentence's strength as evidence: its own observation and its label's (a labelled sentence ranks high).
    .map((s, i) => ({ s, x: xs[i], v: split[i].v + (weights.label > 0 ? s.label : 0) }))
    .sort((a, b) => (dir ? (b.v - a.v) * dir : Math.abs(b.v) - Math.abs(a.v)) || a.s.articleId.localeCompare(b.s.articleId) || a.s.span.start - b.s.span.start);
  // n observations, their weight, their mean value, and what they add to the score (`total`: their weighted sum
  // after the per-sentence cap).
  const part = (k: number, w: number, meanValue: number, total: number): StancePart => ({
    n: k,
    weight: w,
    mean: r3(meanValue),
    contribution: r3(denom ? total / denom : 0),
  });
  const add = (f: (p: (typeof split)[number]) => number): number => split.reduce((a, p) => a + f(p), 0);
  const labelSum = labelled.reduce((a, s) => a + s.label, 0);
  const roleSum = roled.reduce((a, s) => a + ROLE_VALUE[s.role!.role], 0);
  const quoteSum = sided.reduce((a, q) => a + q.side, 0);
  // A speaker is a critic or a supporter by the net side of their quoted sentences; the actor's own people apart.
  const net = new Map<string, number>();
  const own = new Set<string>();
  for (const q of quotesIn) {
    if (q.own) own.add(q.speaker);
    else net.set(q.speaker, (net.get(q.speaker) ?? 0) + q.side);
  }
  const speakers = (pick: (v: number) => boolean): string[] => [...net.entries()].filter(([, v]) => pick(v)).map(([k]) => k).sort();
  const quotes: StanceQuotes = { critics: speakers((v) => v < 0), supporters: speakers((v) => v > 0), own: [...own].sort() };
  const category = categoryOf(score);
  const framingOf = (list: SentenceAcc[], pick: (s: SentenceAcc) => { span: Span; text: string } | undefined, value: (s: SentenceAcc) => number): StanceFramingEvidence[] =>
    list.slice(0, maxEvidence).map((s) => {
      const w = pick(s)!;
      return { articleId: s.articleId, span: w.span, text: w.text, sentence: s.span, evidence: s.text, value: value(s) };
    });
  return {
    n,
    counts,
    mean: r3(mean),
    score: r3(score),
    interval: [r3(lo), r3(hi)],
    confidence: r3(W / denom),
    lean,
    clear: lo > 0 || hi < 0,
    evidence: order.slice(0, maxEvidence).map(({ s, x }) => ({
      articleId: s.articleId,
      span: s.span,
      evidence: s.text,
      score: r3(x),
      mentions: s.mentions,
      cues: [...s.cues],
      ...(includeQuotes && s.allQuoted ? { quoted: true } : {}),
    })),
    parts: {
      sentences: part(n, 1, mean, add((p) => p.d)),
      labels: part(labelled.length, weights.label, labelled.length ? labelSum / labelled.length : 0, weights.label * labelSum),
      threat: part(threats.length, weights.threat, threats.length ? -1 : 0, add((p) => p.t)),
      roles: part(roled.length, weights.role, roled.length ? roleSum / roled.length : 0, add((p) => p.r)),
      quotes: part(sided.length, weights.quote, sided.length ? quoteSum / sided.length : 0, weights.quote * quoteSum),
    },
    framing: {
      labels: framingOf(labelled, (s) => s.labelWord, (s) => s.label),
      threat: framingOf(threats, (s) => s.threat, () => -1),
      roles: roled.slice(0, maxEvidence).map((s) => ({ articleId: s.articleId, span: s.role!.span, text: s.role!.text, sentence: s.span, evidence: s.text, value: ROLE_VALUE[s.role!.role], role: s.role!.role })),
    },
    category,
    reasons: reasonsOf({ n, xs: judged, labelled, threats, roled, quotes, category, name }),
    quotes,
  };
}

/** The cell's reasons in words, strongest kinds first; every count is of sentences a reader can look up. */
function reasonsOf(c: { n: number; xs: number[]; labelled: SentenceAcc[]; threats: SentenceAcc[]; roled: SentenceAcc[]; quotes: StanceQuotes; category: StanceCategory; name: string }): string {
  const out: string[] = [];
  const tally = <T>(list: T[], key: (x: T) => string): Array<[string, number]> => {
    const m = new Map<string, number>();
    for (const x of list) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
    return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  const times = (k: number): string => (k > 1 ? ` ${k}×` : '');
  const labels = tally(c.labelled, (s) => `${s.label < 0 ? '' : '+'}${(s.labelWord?.text ?? '').replace(/\s+/g, ' ').trim().toLowerCase()}`);
  if (labels.length) out.push(`calls it ${labels.slice(0, 3).map(([t, k]) => `“${t.replace(/^\+/, '')}”${times(k)}`).join(', ')}${labels.length > 3 ? ` and ${labels.length - 3} more` : ''}`);
  const roles = tally(c.roled, (s) => s.role!.role);
  if (c.threats.length) roles.unshift(['threat', c.threats.length]);
  if (roles.length) out.push(`casts it as ${roles.map(([r, k]) => `${r}${times(k)}`).join(', ')}`);
  const neg = c.xs.filter((x) => x <= -POLAR_AT).length;
  const pos = c.xs.filter((x) => x >= POLAR_AT).length;
  if (c.n) out.push(neg || pos ? `speaks of it negatively in ${neg} and positively in ${pos} of ${c.n} sentences` : `names it in ${c.n} sentence${c.n > 1 ? 's' : ''} without judging it`);
  const q = c.quotes;
  const people = (xs: string[]): string => (xs.length <= 2 ? xs.join(' and ') : `${xs.slice(0, 2).join(', ')} and ${xs.length - 2} more`);
  if (q.critics.length || q.supporters.length || q.own.length) {
    const parts: string[] = [];
    parts.push(q.critics.length ? `${q.critics.length} critic${q.critics.length > 1 ? 's' : ''} (${people(q.critics)})` : 'no critics');
    if (q.supporters.length) parts.push(`${q.supporters.length} supporter${q.supporters.length > 1 ? 's' : ''} (${people(q.supporters)})`);
    parts.push(q.own.length ? `${q.own.length} of its own (${people(q.own)})` : 'none of its own');
    out.push(`quotes ${parts.join(', ')}`);
  }
  return `${c.category}: ${out.join('; ') || 'no evidence'}`;
}
