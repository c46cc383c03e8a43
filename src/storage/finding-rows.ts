import { ParallaxError } from '../core/errors.js';
import type { ArticleActorMentions } from './store.js';
/**
 * Findings as rows (issue 13), shared by every dialect: how one stored analysis becomes one `findings` row per
 * finding plus the analysis JSON without its findings, and back, byte for byte.
 *
 * A row has the columns queries filter and group on (kind, analyzer, actor, voice, speaker, span, score, a
 * kind-specific key) and a JSON payload: the finding's own JSON with every `evidence` / `text` that is exactly the
 * article text under the sibling `span` replaced by 0 (the words are cut from the article text again on read;
 * they were 13% of an analysis). Keys keep their order, so `JSON.stringify` of a rebuilt finding is the JSON that
 * was stored. Outlet, group, date and story are not copied: they come from the article by join.
 *
 * No SQL here: the SQLite store (and a PostgreSQL one) write and read these records with their own statements.
 */

/** One finding as stored. Column names follow the table (docs/storage.md#findings). */
export interface FindingRecord {
  ordinal: number;
  kind: string;
  analyzer: string;
  /** The analyzer's version from the analysis' `versions`, or null. */
  version: string | null;
  actorId: string | null;
  actorKind: string | null;
  canonical: string | null;
  stateId: string | null;
  /** 'outlet' (the outlet's own words) or 'quote' (inside a quotation). */
  voice: 'outlet' | 'quote';
  /** The quoted speaker of a finding in a quotation (voice.speaker), or null. */
  speaker: string | null;
  spanStart: number | null;
  spanEnd: number | null;
  /** stance/bias score, relation polarity (-1/0/1). */
  score: number | null;
  confidence: number | null;
  /** The kind's grouping key: labelNormalized (label, actor-mention), technique, verb (quote), relation, eventType, claimKey (figure), claimType (claim), polarity (stance). */
  key: string | null;
  payload: string;
}

type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function spanOf(o: Loose): { start: number; end: number } | null {
  const s = o.span;
  if (!isObject(s) || typeof s.start !== 'number' || typeof s.end !== 'number') return null;
  return { start: s.start, end: s.end };
}

/**
 * Frequent keys of finding JSON, written as short codes in payloads (letters only: a digit key would be reordered
 * by JSON.parse). A key that is not in this table and could be mistaken for a code or an escape is written with a
 * leading "~". Append only: stored payloads use these codes.
 */
const CODED_KEYS = [
  'start', 'evidence', 'span', 'end', 'messageId', 'canonical', 'analyzer', 'actorId', 'message', 'labelNormalized',
  'voice', 'ruleId', 'kind', 'confidence', 'actorKind', 'role', 'labelType', 'id', 'text', 'related', 'label',
  'connotation', 'pull', 'linkedBy', 'modelScore', 'data', 'polarity', 'statedBy', 'score', 'cue', 'precision', 'cues',
  'claimTypes', 'speakerKind', 'anchor', 'direction', 'speakerVia', 'verbStance', 'stateId', 'value', 'claimType',
  'figureIds', 'type', 'name', 'speaker', 'quoteType', 'verb', 'figureKind', 'actors', 'times', 'claimKey',
  'triggerLemma', 'participants', 'measure', 'claimId', 'relation', 'timeSource', 'reportedOn', 'period', 'eventType',
  'statusCue', 'scale', 'roles', 'source', 'trigger', 'unit', 'weight', 'words', 'status', 'technique', 'targetVia',
  'reason', 'target', 'symmetric', 'negated', 'hedged', 'time', 'qualifier', 'resolvedBy', 'change', 'holder',
  'bound', 'from', 'to', 'relative', 'note', 'threat', 'roles',
];
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CODE_OF = new Map<string, string>();
const KEY_OF = new Map<string, string>();
for (const [i, k] of CODED_KEYS.entries()) {
  if (CODE_OF.has(k)) continue;
  const code = i < LETTERS.length ? LETTERS[i] : `${LETTERS[Math.floor(i / LETTERS.length) - 1]}${LETTERS[i % LETTERS.length]}`;
  CODE_OF.set(k, code);
  KEY_OF.set(code, k);
}
const encodeKey = (k: string): string => CODE_OF.get(k) ?? (KEY_OF.has(k) || k.startsWith('~') ? `~${k}` : k);
const decodeKey = (c: string): string => (c.startsWith('~') ? c.slice(1) : (KEY_OF.get(c) ?? c));

/** Top-level keys whose value a column holds: written as 0 in the payload and put back from the row. */
const FROM_COLUMNS = ['id', 'analyzer', 'kind', 'span', 'actorId', 'actorKind', 'canonical', 'stateId', 'voice', 'labelNormalized'] as const;
const FROM_COLUMN_SET: ReadonlySet<string> = new Set(FROM_COLUMNS);

/** The columns a payload needs to be read back (a subset of FindingRecord). */
export interface PayloadColumns {
  kind: string;
  analyzer: string;
  actorId: string | null;
  actorKind: string | null;
  canonical: string | null;
  stateId: string | null;
  voice: 'outlet' | 'quote';
  spanStart: number | null;
  spanEnd: number | null;
  key: string | null;
}

const defaultId = (c: PayloadColumns): string => `${c.analyzer}:${c.kind}:${c.spanStart}-${c.spanEnd}`;

/** The value a column holds for a top-level key, or undefined when it cannot stand in for `value`. */
function columnValue(k: string, c: PayloadColumns): unknown {
  switch (k) {
    case 'id':
      return defaultId(c);
    case 'analyzer':
      return c.analyzer;
    case 'kind':
      return c.kind;
    case 'span':
      return c.spanStart === null ? undefined : { start: c.spanStart, end: c.spanEnd };
    case 'actorId':
      return c.actorId ?? undefined;
    case 'actorKind':
      return c.actorKind ?? undefined;
    case 'canonical':
      return c.canonical ?? undefined;
    case 'stateId':
      return c.stateId ?? undefined;
    case 'voice':
      return c.voice === 'outlet' ? 'outlet' : undefined;
    case 'labelNormalized':
      return c.kind === 'label' || c.kind === 'actor-mention' ? (c.key ?? undefined) : undefined;
    default:
      return undefined;
  }
}

const sameValue = (a: unknown, b: unknown): boolean =>
  a === b || (isObject(a) && isObject(b) && Object.keys(a).length === 2 && a.start === b.start && a.end === b.end && Object.keys(a)[0] === 'start');

/**
 * The payload of a finding: keys coded, values that columns hold written as 0 (top level), and each evidence/text
 * that equals the article text under its sibling span written as 0.
 */
function encode(v: unknown, text: string, columns: PayloadColumns | null): unknown {
  if (Array.isArray(v)) return v.map((x) => encode(x, text, null));
  if (!isObject(v)) return v;
  const span = spanOf(v);
  const out: Loose = {};
  for (const [k, x] of Object.entries(v)) {
    const key = encodeKey(k);
    if (columns && FROM_COLUMN_SET.has(k) && sameValue(x, columnValue(k, columns))) out[key] = 0;
    else if (span && (k === 'evidence' || k === 'text') && typeof x === 'string' && x.length === span.end - span.start && text.slice(span.start, span.end) === x) out[key] = 0;
    else out[key] = typeof x === 'object' && x !== null ? encode(x, text, null) : x;
  }
  return out;
}

/**
 * A key that may be coded: a string token of one or two letters, or one starting with "~", right after the `{` or
 * `,` that opens every key in JSON.stringify output (no whitespace) and directly followed by a colon. Inside a JSON
 * string every quote is escaped, so `{"` and `,"` never occur there: the match always starts at a real key. Longer
 * keys are never coded and are left alone without being looked at.
 */
const CODED_KEY = /[{,]"(?:[A-Za-z]{1,2}|~(?:[^"\\]|\\.)*)":/g;
/** `,"a":` → `,"start":` (and after `{`), for every code. */
const KEY_TOKEN = new Map<string, string>();
for (const [code, key] of KEY_OF) for (const open of '{,') KEY_TOKEN.set(`${open}"${code}":`, `${open}"${key}":`);

/** The payload text with its coded keys written out again. */
function decodeKeys(payload: string): string {
  return payload.replace(CODED_KEY, (tok) => (tok.charCodeAt(2) === 126 ? `${tok[0]}"${tok.slice(3)}` : (KEY_TOKEN.get(tok) ?? tok)));
}

/** Puts column values and evidence words back into a parsed payload, in place (key order is kept). */
function restore(v: unknown, text: string, columns: PayloadColumns | null): void {
  if (Array.isArray(v)) {
    for (const x of v) if (typeof x === 'object' && x !== null) restore(x, text, null);
    return;
  }
  if (!isObject(v)) return;
  if (columns) for (const k of FROM_COLUMNS) if (v[k] === 0) v[k] = columnValue(k, columns);
  const span = spanOf(v);
  for (const k in v) {
    const x = v[k];
    if (x === 0 && span && (k === 'evidence' || k === 'text')) v[k] = text.slice(span.start, span.end);
    else if (typeof x === 'object' && x !== null) restore(x, text, null);
  }
}

const KEY_FIELD: Record<string, string> = {
  label: 'labelNormalized',
  'actor-mention': 'labelNormalized',
  technique: 'technique',
  quote: 'verb',
  relation: 'relation',
  event: 'eventType',
  figure: 'claimKey',
  claim: 'claimType',
  stance: 'polarity',
};

/** The row of one finding (any JSON value; an analysis written by hand may hold anything). */
export function findingRecord(f: unknown, ordinal: number, text: string, versions: Record<string, string> | null): FindingRecord {
  const o: Loose = isObject(f) ? f : {};
  const span = spanOf(o);
  const kind = str(o.kind) ?? '';
  const analyzer = str(o.analyzer) ?? '';
  const voice = o.voice;
  const quoted = isObject(voice);
  const keyField = KEY_FIELD[kind];
  const score = num(o.score) ?? (kind === 'relation' ? num(o.polarity) : null);
  const rec: Omit<FindingRecord, 'payload'> = {
    ordinal,
    kind,
    analyzer,
    version: versions && typeof versions[analyzer] === 'string' ? versions[analyzer] : null,
    actorId: str(o.actorId),
    actorKind: str(o.actorKind) ?? (kind === 'quote' ? str(o.speakerKind) : null),
    canonical: str(o.canonical),
    stateId: str(o.stateId),
    voice: quoted ? 'quote' : 'outlet',
    speaker: quoted ? str((voice as Loose).speaker) : null,
    spanStart: span?.start ?? null,
    spanEnd: span?.end ?? null,
    score,
    confidence: num(o.confidence),
    key: keyField ? str(o[keyField]) : null,
  };
  const payload = JSON.stringify(encode(f, text, isObject(f) ? rec : null));
  return { ...rec, payload: payload === undefined ? 'null' : payload };
}

/** A finding from its stored payload, its row's columns and the article text. */
export function rebuildFinding(payload: string, columns: PayloadColumns, text: string): unknown {
  const v = JSON.parse(decodeKeys(payload)) as unknown;
  restore(v, text, isObject(v) ? columns : null);
  return v;
}

export interface SplitAnalysis {
  /** The analysis JSON to store: the given one with `findings` emptied (or unchanged when it has no findings array). */
  json: string;
  /** One record per finding, or null when the analysis has no findings array (stored whole, as given). */
  rows: FindingRecord[] | null;
}

/**
 * Splits an analysis into the JSON kept in `analyses` and its finding rows. `json` is the analysis as serialised
 * (kept byte for byte when there is nothing to split). JSON.parse then JSON.stringify gives the same text for JSON
 * that JSON.stringify wrote, so the rest of the analysis keeps its bytes and key order.
 */
export function splitAnalysis(json: string, text: string): SplitAnalysis {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { json, rows: null }; // not ours to repair: kept as it is, and reading it reports it
  }
  return splitAnalysisValue(parsed, text) ?? { json, rows: null };
}

/**
 * The same split made from the analysis value itself, without serialising it whole and parsing it back (the
 * analyze service splits on the thread that analysed the article). For a value made of JSON data (strings,
 * finite numbers, booleans, null, plain objects and arrays) the result is byte for byte splitAnalysis(JSON.stringify
 * (value)); null when the value has no findings array.
 */
export function splitAnalysisValue(value: unknown, text: string): SplitAnalysis | null {
  if (!isObject(value) || !Array.isArray(value.findings)) return null;
  const versions = isObject(value.versions) ? (value.versions as Record<string, string>) : null;
  const rows = value.findings.map((f, i) => findingRecord(f, i, text, versions));
  return { json: JSON.stringify({ ...value, findings: [] }), rows };
}

/**
 * The split a store writes for one analysis: the one made where it was analysed when the stored article is still
 * the text it was made from, else a split of its JSON. Neither: the article changed under the analysis (E_STORE,
 * so the analysis fails alone and the next run analyses the new text).
 */
export function readySplit(a: { articleId: string; textHash: string; split?: SplitAnalysis }, json: string | undefined, text: string, textHash: string): SplitAnalysis {
  if (a.split && a.textHash === textHash) return a.split;
  if (json !== undefined) return splitAnalysis(json, text);
  throw new ParallaxError('E_STORE', `the text of ${a.articleId} changed while it was analysed; analyse it again`, { input: a.articleId });
}

/**
 * The `diagnostics` of a stored analysis JSON (the part kept in `analyses`; no findings are read). Not JSON: fails
 * with E_STORE naming the article, as reading the whole analysis would.
 */
export function diagnosticsOf(json: string, articleId: string, where: string): unknown[] {
  let a: unknown;
  try {
    a = JSON.parse(json);
  } catch (e) {
    throw new ParallaxError('E_STORE', `stored analysis of ${articleId} is not valid JSON`, { input: where, cause: e });
  }
  return isObject(a) && Array.isArray(a.diagnostics) ? a.diagnostics : [];
}

/** Rebuilds the stored analysis: the JSON kept in `analyses` with its findings put back from the rows, in order. */
export function joinAnalysis(json: string, rows: ReadonlyArray<PayloadColumns & { payload: string }> | null, text: string): unknown {
  const a = JSON.parse(json) as unknown;
  if (rows === null || !isObject(a)) return a;
  a.findings = rows.map((r) => rebuildFinding(r.payload, r, text));
  return a;
}

/** One row of the per-article actor-mention aggregate (both dialects' GROUP BY, in article order). */
export interface ActorMentionGroupRow {
  article_seq: number;
  actor_id: string;
  actor_kind: string | null;
  canonical: string | null;
  state_id: string | null;
  mentions: number;
  own: number;
}

/** Folds the aggregate rows of one batch into one ArticleActorMentions per article; `ids` maps seq to current id. */
export function* groupActorMentions(rows: Iterable<ActorMentionGroupRow>, ids: ReadonlyMap<number, string>): Generator<ArticleActorMentions> {
  let cur: ArticleActorMentions | null = null;
  let curSeq = -1;
  for (const r of rows) {
    const id = ids.get(r.article_seq);
    if (id === undefined) continue; // a stale analysis inside the range
    if (!cur || r.article_seq !== curSeq) {
      if (cur) yield cur;
      cur = { articleId: id, actors: [] };
      curSeq = r.article_seq;
    }
    cur.actors.push({ actorId: r.actor_id, actorKind: r.actor_kind ?? '', canonical: r.canonical ?? '', stateId: r.state_id, mentions: r.mentions, ownVoice: r.own });
  }
  if (cur) yield cur;
}
