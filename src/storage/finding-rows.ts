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

/** Copies `v`, replacing each evidence/text that equals the text under its sibling span by 0. */
function elide(v: unknown, text: string): unknown {
  if (Array.isArray(v)) return v.map((x) => elide(x, text));
  if (!isObject(v)) return v;
  const span = spanOf(v);
  const out: Loose = {};
  for (const [k, x] of Object.entries(v)) {
    if (span && (k === 'evidence' || k === 'text') && typeof x === 'string' && x.length === span.end - span.start && text.slice(span.start, span.end) === x) {
      out[k] = 0;
    } else {
      out[k] = typeof x === 'object' && x !== null ? elide(x, text) : x;
    }
  }
  return out;
}

/** Puts the elided words back, in place. */
function restore(v: unknown, text: string): void {
  if (Array.isArray(v)) {
    for (const x of v) restore(x, text);
    return;
  }
  if (!isObject(v)) return;
  const span = spanOf(v);
  for (const [k, x] of Object.entries(v)) {
    if (x === 0 && span && (k === 'evidence' || k === 'text')) v[k] = text.slice(span.start, span.end);
    else if (typeof x === 'object' && x !== null) restore(x, text);
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
  const payload = JSON.stringify(isObject(f) || Array.isArray(f) ? elide(f, text) : f);
  return {
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
    payload: payload === undefined ? 'null' : payload,
  };
}

/** A finding from its stored payload and the article text. */
export function rebuildFinding(payload: string, text: string): unknown {
  const v = JSON.parse(payload) as unknown;
  restore(v, text);
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
  if (!isObject(parsed) || !Array.isArray(parsed.findings)) return { json, rows: null };
  const versions = isObject(parsed.versions) ? (parsed.versions as Record<string, string>) : null;
  const rows = parsed.findings.map((f, i) => findingRecord(f, i, text, versions));
  parsed.findings = [];
  return { json: JSON.stringify(parsed), rows };
}

/** Rebuilds the stored analysis: the JSON kept in `analyses` with its findings put back from the rows, in order. */
export function joinAnalysis(json: string, payloads: readonly string[] | null, text: string): unknown {
  const a = JSON.parse(json) as unknown;
  if (payloads === null || !isObject(a)) return a;
  a.findings = payloads.map((p) => rebuildFinding(p, text));
  return a;
}
