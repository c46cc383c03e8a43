import { readFileSync } from 'node:fs';
import type { NormalizedDate, RemovedBoilerplate } from '../core/article.js';
import { normalizeText } from './normalize.js';
import { findDates, lineWindows, type FoundDate } from '../core/dates/index.js';

/**
 * Cleaning of scraped plain text: a page's header (title, byline, dates, section, dek) and its trailer
 * (related lists, prompts, feed footers, licence and copyright lines) are removed from the text, and what
 * they say goes to fields. Everything removed is reported with a kind.
 *
 * The rules are shapes, not site templates: a title is a short first line without a final period; a
 * header ends at its last dateline/byline/section line; a trailing list is a run of headline-like lines
 * (short, no final period) under a list heading or dense with timestamps. Phrases live in
 * data/boilerplate.json with a note each. A body line is removed only when the whole line matches a
 * boilerplate shape, so prose that merely mentions "read" or "follow" stays. docs/cleaning.md has the
 * details and fixtures/clean/ pins each layout.
 */

export interface PlainTextHints {
  /** Title stated by the container (JSON field, feed item); lines repeating it are header. */
  title?: string;
  /** Outlet stated by the container; a masthead line equal to it is header, " | Outlet" is cut from titles. */
  outlet?: string;
  /** "Now" for relative dates ("3 hours ago"); without it such dates stay unknown. */
  reference?: Date;
}

export interface PlainTextResult {
  /** The body only: header and trailing boilerplate removed, normalised (normalizeText). */
  text: string;
  title: string | null;
  /** Other wordings of the title found in the header or feed footer (not the title itself, no exact repeats). */
  titleVariants: string[];
  subtitle: string | null;
  byline: string | null;
  authors: string[];
  /** Wire agency named by the byline or dateline: "By JNS", "By Reuters", "PARIS (AFP) -". */
  wireByline: string | null;
  published: NormalizedDate | null;
  updated: NormalizedDate | null;
  section: string | null;
  license: string | null;
  /**
   * Outlet named by a licence line, feed footer, "for OUTLET" dek, "Special to OUTLET" credit line, "Name |
   * Outlet" or "By Name for Outlet" byline, or copyright line.
   */
  outletHint: string | null;
  /** The article's address when a line of its own carries it (the first line, or "URL: …" near either end). */
  url: string | null;
  boilerplate: RemovedBoilerplate[];
}

// ---------------------------------------------------------------------------------------------------
// Data

interface PatternEntry {
  kind: string;
  re: RegExp;
  glued?: RegExp;
}

interface BoilerplateData {
  listHeadings: PatternEntry[];
  listTerminators: RegExp[];
  prompts: PatternEntry[];
  footers: PatternEntry[];
  sections: Set<string>;
  wires: Map<string, string>;
}

const KIND = /^[a-z]+(?:-[a-z]+)*$/;

function fail(where: string, msg: string): never {
  throw new Error(`src/clean/data/boilerplate.json: ${where}: ${msg}`);
}

function compileEntry(raw: unknown, where: string, needKind: boolean): { kind: string; pattern: string; glued: boolean } {
  if (!raw || typeof raw !== 'object') fail(where, 'entry is not an object');
  const e = raw as Record<string, unknown>;
  if (typeof e.pattern !== 'string' || !e.pattern) fail(where, 'pattern must be a non-empty string');
  const note = typeof e.note === 'string' ? e.note : typeof e.source === 'string' ? e.source : '';
  if (!note.trim()) fail(where, 'every entry needs a note or source (provenance)');
  if (needKind && (typeof e.kind !== 'string' || !KIND.test(e.kind))) fail(where, 'kind must be a kebab-case string');
  try {
    new RegExp(e.pattern, 'iu');
  } catch (err) {
    fail(where, `pattern does not compile: ${(err as Error).message}`);
  }
  return { kind: (e.kind as string) ?? '', pattern: e.pattern, glued: e.glued === true };
}

const WHOLE = (p: string) => new RegExp(`^(?:${p})$`, 'iu');
// A footer glued to the end of the previous sentence: it starts at a sentence end ("Baku.All Content by"),
// never in the middle of a clause.
const GLUED = (p: string) => new RegExp(`(?:^|(?<=[.!?…"”’»)\\]]))\\s*(?:${p})$`, 'iu');

/** Load and validate data/boilerplate.json; exported for the data test. */
export function loadBoilerplateData(json?: unknown): BoilerplateData {
  const raw = (json ?? JSON.parse(readFileSync(new URL('./data/boilerplate.json', import.meta.url), 'utf8'))) as Record<string, unknown>;
  const arr = (k: string): unknown[] => {
    const v = raw[k];
    if (!Array.isArray(v)) fail(k, 'must be an array');
    return v;
  };
  const entries = (k: string, needKind: boolean) =>
    arr(k).map((e, i) => compileEntry(e, `${k}[${i}]`, needKind));
  const sections = new Set<string>();
  arr('sections').forEach((e, i) => {
    const s = e as Record<string, unknown>;
    if (typeof s?.label !== 'string' || !s.label.trim()) fail(`sections[${i}]`, 'label must be a non-empty string');
    if (typeof s.note !== 'string' || !s.note.trim()) fail(`sections[${i}]`, 'every entry needs a note');
    sections.add(s.label.toLowerCase());
  });
  const wires = new Map<string, string>();
  arr('wireAgencies').forEach((e, i) => {
    const w = e as Record<string, unknown>;
    if (typeof w?.name !== 'string' || !w.name.trim()) fail(`wireAgencies[${i}]`, 'name must be a non-empty string');
    if (typeof w.note !== 'string' || !w.note.trim()) fail(`wireAgencies[${i}]`, 'every entry needs a note');
    if (w.aliases !== undefined && !(Array.isArray(w.aliases) && w.aliases.every((a) => typeof a === 'string'))) {
      fail(`wireAgencies[${i}]`, 'aliases must be an array of strings');
    }
    for (const n of [w.name, ...((w.aliases as string[]) ?? [])]) wires.set(n.toLowerCase(), w.name);
  });
  return {
    listHeadings: entries('listHeadings', true).map((e) => ({ kind: e.kind, re: WHOLE(e.pattern) })),
    listTerminators: entries('listTerminators', false).map((e) => WHOLE(e.pattern)),
    prompts: entries('prompts', true).map((e) => ({ kind: e.kind, re: WHOLE(e.pattern) })),
    footers: entries('footers', true).map((e) => ({ kind: e.kind, re: WHOLE(e.pattern), glued: e.glued ? GLUED(e.pattern) : undefined })),
    sections,
    wires,
  };
}

let DATA: BoilerplateData | null = null;
function data(): BoilerplateData {
  return (DATA ??= loadBoilerplateData());
}

// ---------------------------------------------------------------------------------------------------
// Line shapes

/** Headlines in lists run to ~200 characters; longer lines are prose. */
const HEADLINE_MAX = 220;
/** Prompts are short; a long line starting with "Follow" is a sentence. */
const PROMPT_MAX = 120;
/** How far down the header may reach (non-blank lines). */
const HEADER_SCAN = 12;
/** A dek (subtitle sentence) longer than this is the first paragraph. */
const DEK_MAX = 400;
// Any instant works: it only lets "3 hours ago" count as a timestamp line when classifying shapes.
const SHAPE_REFERENCE = new Date(Date.UTC(2000, 0, 1));

const NUMBERED = /^(?:\d{1,2}|[ivx]{1,4})[.)]\s+/i;
const SENTENCE_END = /[.;:,]["”’»)\]]*$/u;

function wordCount(s: string): number {
  return s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

function isHeadlineLike(line: string): boolean {
  const s = line.replace(NUMBERED, '');
  return s.length >= 3 && s.length <= HEADLINE_MAX && !SENTENCE_END.test(s) && /\p{L}/u.test(s);
}

function isTitleLike(line: string): boolean {
  return (
    isHeadlineLike(line) &&
    line.length <= 200 &&
    wordCount(line) >= 2 &&
    !/^\p{Ll}/u.test(line) &&
    !NUMBERED.test(line) &&
    !/[-–—|:]$/.test(line)
  );
}

function matchAny(entries: PatternEntry[], line: string): PatternEntry | null {
  for (const e of entries) if (e.re.test(line)) return e;
  return null;
}

function promptKind(line: string): string | null {
  if (line.length > PROMPT_MAX && !/^(?:read|see|also|related|recommended|don|must)/i.test(line)) return null;
  return matchAny(data().prompts, line)?.kind ?? null;
}

function listHeadingKind(line: string): string | null {
  const s = line.replace(/[\s:»>|–-]+$/u, '');
  if (s.length > 70) return null;
  return matchAny(data().listHeadings, s)?.kind ?? null;
}

function isTerminator(line: string): boolean {
  const s = line.replace(/[\s:»>→…]+$/u, '').replace(/^[\s«<←]+/u, '');
  return s.length <= 40 && data().listTerminators.some((re) => re.test(s));
}

const LABEL_RESIDUE = /\b(?:first\s+published|published|posted|released|created|dated?|last\s+updated|last\s+modified|updated|modified|edited|revised|on|at)\b\s*:?/giu;

// Counters page templates print next to dates: "3 Comments", "5 min read", "1,204 views".
const PAGE_META = /(?<![\p{L}\d])\d[\d,.]*\s*(?:comments?|min(?:ute)?s?\s+read|views?|shares?|reads?)(?![\p{L}])/giu;
const PAGE_META_LINE = new RegExp(`^(?:${PAGE_META.source})(?:\\s*[|·•]\\s*(?:${PAGE_META.source}))*$`, 'iu');

interface DateLine {
  dates: FoundDate[];
  /** What is left when dates, date labels and separators are taken out. */
  residual: string;
}

/** The dates of a line and what else it holds; null when the line has no date. */
function dateLine(line: string, reference?: Date): DateLine | null {
  const shape = findDates(line, { reference: SHAPE_REFERENCE });
  if (!shape.length) return null;
  let residual = '';
  let at = 0;
  for (const d of shape) {
    residual += line.slice(at, d.start) + ' ';
    at = d.end;
  }
  residual += line.slice(at);
  residual = residual.replace(PAGE_META, ' ').replace(LABEL_RESIDUE, ' ').replace(/[|·•/,;()\[\]–—-]+/g, ' ').replace(/\s+/g, ' ').trim();
  // Relative dates only become values when the caller gave a reference instant.
  const dates = reference ? findDates(line, { reference }) : shape.filter((d) => !/ago$|^(?:yesterday|today|just now)$/i.test(d.text));
  return { dates, residual };
}

/**
 * Whether a line is only a timestamp (a pure function of the line: dates are read against SHAPE_REFERENCE). The
 * trailer peeler asks once per line and article (its `itemOf`); a long prose line is ruled out before reading dates.
 */
function isTimestampLine(line: string): boolean {
  const d = proseOutsideDates(line) ? null : dateLine(line);
  return !!d && d.residual === '';
}

/** Every word LABEL_RESIDUE or PAGE_META can take out of a date line's residual. */
const RESIDUE_WORDS = new Set(
  'first published posted released created date dated last updated modified edited revised on at comment comments min mins minute minutes read reads view views share shares'.split(' '),
);
const ASCII_WORD = /(?<!\p{L})[A-Za-z]+(?!\p{L})/gu;

/**
 * Whether a long line certainly leaves a residual (so is no timestamp line) without reading its dates: a word of
 * ASCII letters outside every window findDates reads (lineWindows; a date lies inside one) is in no date, and unless
 * it is one of RESIDUE_WORDS no residual pattern removes it (LABEL_RESIDUE's \b bounds sit only at the ends of a
 * run of ASCII letters; PAGE_META removes whole words after a number). A paragraph of prose answers after a regex
 * scan instead of chrono. Short lines (read whole) are never decided here.
 */
function proseOutsideDates(line: string): boolean {
  if (line.length <= HEADLINE_MAX) return false;
  const windows = lineWindows(line);
  let w = 0;
  ASCII_WORD.lastIndex = 0;
  for (let m = ASCII_WORD.exec(line); m; m = ASCII_WORD.exec(line)) {
    const start = m.index;
    const end = start + m[0].length;
    while (w < windows.length && windows[w].at + windows[w].text.length <= start) w++;
    const inside = w < windows.length && windows[w].at < end;
    if (!inside && !RESIDUE_WORDS.has(m[0].toLowerCase())) return true;
  }
  return false;
}

/** For the equivalence test: the shortcut's verdict on `line`, and whether chrono's reading makes it a timestamp line. */
export function timestampShortcutForTest(line: string): { prose: boolean; timestamp: boolean } {
  const d = dateLine(line);
  return { prose: proseOutsideDates(line), timestamp: !!d && d.residual === '' };
}

function sectionLabel(line: string): string | null {
  const s = line.replace(/^[\s#•·]+|[\s:•·]+$/gu, '');
  if (!s || s.length > 80) return null;
  // Breadcrumbs "News › World › Middle East", "World | Europe & Central Regions": the most specific crumb
  // is the section. The first crumb must be a section label we know (or ALL CAPS), the others short labels.
  if (/\s[›»>\/|]\s/u.test(s) || s.length > 40) {
    const crumbs = s.split(/\s[›»>\/|]\s/u).map((c) => c.trim()).filter(Boolean);
    const label = (c: string) => c.length <= 30 && wordCount(c) <= 4 && /^[\p{Lu}]/u.test(c) && !SENTENCE_END.test(c) && !/\d/.test(c);
    if (crumbs.length >= 2 && crumbs.length <= 5 && sectionLabel(crumbs[0]) && crumbs.every(label)) return crumbs[crumbs.length - 1];
    return null;
  }
  if (data().sections.has(s.toLowerCase())) return s;
  // ALL-CAPS short label: "INTERVIEWS", "WORLD", "MIDDLE EAST".
  if (s.split(/\s+/).length <= 3 && s.length <= 30 && /^[\p{Lu}][\p{Lu}\p{M}&'’ -]*[\p{Lu}]$/u.test(s)) return s;
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Names and bylines

const PARTICLES = new Set(['de', 'da', 'del', 'della', 'der', 'den', 'van', 'von', 'al', 'el', 'bin', 'ibn', 'ben', 'la', 'le', 'du', 'dos', 'di', 'ter', 'zu', 'y', 'e']);
const NAME_TOKEN = /^(?:[\p{Lu}][\p{L}\p{M}'’.-]*|(?:al|el)-[\p{Lu}][\p{L}\p{M}'’-]*|[\p{Lu}]\.(?:[\p{Lu}]\.)*)$/u;
const ROLE = /\b(?:staff|writer|reporter|correspondent|editor|contributor|columnist|bureau|desk|team|analyst|journalist|photographer|special to|senior|chief|news service)\b/i;

/** A person's name: 2-5 capitalised tokens (particles allowed inside), no digits. */
function isPersonName(s: string, minTokens = 2, maxTokens = 5): boolean {
  if (s.length > 60 || /\d/.test(s)) return false;
  const t = s.split(/\s+/).filter(Boolean);
  if (t.length < minTokens || t.length > maxTokens) return false;
  if (!NAME_TOKEN.test(t[0]) || !NAME_TOKEN.test(t[t.length - 1])) return false;
  if (!t.every((w) => NAME_TOKEN.test(w) || PARTICLES.has(w.toLowerCase()))) return false;
  // An all-caps multi-word line is a section or a shouted headline, not a name.
  if (t.length > 1 && t.every((w) => /^[\p{Lu}\p{M}'’.-]+$/u.test(w) && w.length > 2)) return false;
  return !ROLE.test(s);
}

function wireName(s: string): string | null {
  const key = s.trim().replace(/^the\s+/i, '').toLowerCase();
  const known = data().wires.get(key) ?? data().wires.get(s.trim().toLowerCase());
  return known ?? null;
}

interface Byline {
  byline: string;
  authors: string[];
  wire: string | null;
  outlet: string | null;
}

/** Parse the names part of a byline: "Jane Doe and John Roe", "Jane Doe, Tidewire", "JNS". */
function parseNames(rest: string, explicit: boolean): Byline | null {
  let names = rest.trim().replace(/[.,;]+$/, '');
  let outlet: string | null = null;
  const bar = /^(.+?)\s*[|]\s*(.{2,60})$/.exec(names);
  if (bar) {
    names = bar[1];
    outlet = bar[2].trim();
  }
  // "By Jane Roe for The Harbour Gazette": the author writes for an outlet (a byline credit, not a wire).
  const forOutlet = explicit && !outlet ? new RegExp(String.raw`^(.+?)\s+for\s+(${OUTLET_NAME})$`, 'u').exec(names) : null;
  if (forOutlet && isPersonName(forOutlet[1].trim())) {
    names = forOutlet[1];
    outlet = forOutlet[2].trim();
  }
  if (!names || names.length > 120) return null;
  const parts = names.split(/\s*(?:,|;|&|\band\b|\s\/\s)\s*/i).map((p) => p.trim()).filter(Boolean);
  if (!parts.length) return null;
  const authors: string[] = [];
  let wire: string | null = null;
  for (const p of parts) {
    const w = wireName(p);
    if (w) {
      wire ??= w;
      continue;
    }
    if (isPersonName(p)) {
      authors.push(p);
      continue;
    }
    if (ROLE.test(p) && authors.length) continue;
    // "By JNS", "By Tidewire": one capitalised token (or an acronym) after "By" is an organisation, and a
    // byline that names an organisation instead of a person is a wire credit.
    if (explicit && parts.length <= 2 && /^(?:[\p{Lu}][\p{L}\p{M}'’.&-]*)(?:\s[\p{Lu}][\p{L}\p{M}'’.&-]*){0,2}$/u.test(p) && !authors.length) {
      if (/^[\p{Lu}\p{N}&.-]{2,8}$/u.test(p) || p.split(/\s+/).length === 1 || /\b(?:news|press|agency|service|wire)\b/i.test(p)) {
        wire ??= p;
        continue;
      }
    }
    return null;
  }
  if (!authors.length && !wire) return null;
  return { byline: names.trim(), authors, wire, outlet };
}

/** An outlet's name as bylines and credit lines write it: "The Harbour Gazette", "the Marsh Ledger", "Caliber.Az". */
const OUTLET_NAME = String.raw`(?:[Tt]he\s+)?[\p{Lu}\d][\p{L}\p{M}\d.'’&!-]*(?:\s+(?:of|on|and|&|[\p{Lu}\d][\p{L}\p{M}\d.'’&!-]*)){0,4}`;
/** "Special to The Harbour Gazette", "Exclusive for Caliber.Az", "Written for the Marsh Ledger": the outlet credits itself. */
const OUTLET_CREDIT = new RegExp(String.raw`^(?:[Ss]pecial|[Ee]xclusive(?:ly)?|[Ww]ritten|[Oo]nly|[Pp]roduced)\s+(?:to|for)\s+(${OUTLET_NAME})\.?$`, 'u');

const BY = /^(?:by|written by|words by|author|authors|reporter|reported by|text)\s*[:\-–]?\s+(.+)$/iu;

function parseByline(line: string): Byline | null {
  const m = BY.exec(line);
  if (m) return parseNames(m[1], true);
  // "Jane Doe | Outlet"
  const bar = /^(.+?)\s*\|\s*(.{2,60})$/.exec(line);
  if (bar && isPersonName(bar[1].trim())) return { byline: bar[1].trim(), authors: [bar[1].trim()], wire: null, outlet: bar[2].trim() };
  return null;
}

// "BEIRUT (Tidewire) -", "Kyiv, Ukraine (AFP) —": a dateline names the wire that filed the story.
const DATELINE = /^[\p{Lu}][\p{L}\p{M} .'’-]{1,40}(?:,\s*[\p{L}\p{M}\d .'’-]{2,40})?\s*\(([^()]{2,40})\)\s*[-–—:]\s/u;

// ---------------------------------------------------------------------------------------------------
// Similarity of title wordings

function tokens(s: string): Set<string> {
  return new Set((s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []));
}

function similar(a: string, b: string): boolean {
  const ta = tokens(a);
  const tb = tokens(b);
  if (!ta.size || !tb.size) return false;
  let inter = 0;
  for (const t of ta) if (tb.has(t)) inter++;
  const jaccard = inter / (ta.size + tb.size - inter);
  const contain = inter / Math.min(ta.size, tb.size);
  return jaccard >= 0.5 || (contain >= 0.8 && Math.min(ta.size, tb.size) >= 3);
}

function sameText(a: string, b: string): boolean {
  const k = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return k(a) === k(b);
}

/**
 * May the container's title (`hints.title`) remove this line as a repeat of the headline? Only when the line is a
 * headline itself: an exact repeat of the hint (same words in the same order, at most headline length; a
 * two-sentence headline included), or a title-shaped line (short, no final period) of about the hint's length
 * with similar words. A lede that restates the headline is a paragraph and stays, however many words it shares.
 */
export function repeatsTitleHint(line: string, hint: string): boolean {
  if (!hint.trim() || line.length > HEADLINE_MAX) return false;
  if (sameText(line, hint)) return true;
  const ratio = line.length / Math.max(1, hint.trim().length);
  return isTitleLike(line) && ratio >= 0.5 && ratio <= 2 && similar(line, hint);
}

// ---------------------------------------------------------------------------------------------------
// The cleaner

interface Line {
  text: string;
  /** Removed lines keep their slot (null) until the text is rebuilt. */
  removed: boolean;
}

class Result {
  title: string | null = null;
  titleVariants: string[] = [];
  subtitle: string | null = null;
  byline: string | null = null;
  authors: string[] = [];
  wireByline: string | null = null;
  published: NormalizedDate | null = null;
  updated: NormalizedDate | null = null;
  section: string | null = null;
  license: string | null = null;
  outletHint: string | null = null;
  url: string | null = null;
  header: RemovedBoilerplate[] = [];
  inline: RemovedBoilerplate[] = [];
  trailer: RemovedBoilerplate[] = [];
  footerTitle: string | null = null;

  setOutlet(name: string | null | undefined): void {
    // "for the Marsh Ledger": a lower-case "the" is the sentence's, not the name's.
    const n = name?.trim().replace(/[.,;:]+$/, '').replace(/^the\s+(?=\p{Lu})/u, '');
    if (n && !this.outletHint && n.length <= 80) this.outletHint = n;
  }

  setByline(b: Byline): void {
    if (this.byline) return;
    this.byline = b.byline;
    this.authors = b.authors;
    if (b.wire) this.wireByline = b.wire;
    if (b.outlet) this.setOutlet(b.outlet);
  }
}

function cutTitleOutlet(title: string, outlet: string | undefined, r: Result): string {
  if (!outlet) return title;
  const m = new RegExp(`^(.{8,}?)\\s+[|–—-]\\s+${outlet.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'iu').exec(title);
  if (!m) return title;
  r.setOutlet(outlet);
  return m[1];
}

/** Footer lines at the end of the page: feed footer, licence, copyright, tags, source, credits. */
function footerMatch(line: string): { kind: string; groups: Record<string, string | undefined> } | null {
  for (const f of data().footers) {
    const m = f.re.exec(line);
    if (m) return { kind: f.kind, groups: m.groups ?? {} };
  }
  return null;
}

function gluedFooter(line: string): { kind: string; groups: Record<string, string | undefined>; index: number } | null {
  for (const f of data().footers) {
    if (!f.glued) continue;
    const m = f.glued.exec(line);
    if (m && m.index > 0) return { kind: f.kind, groups: m.groups ?? {}, index: m.index };
  }
  return null;
}

function takeFooter(kind: string, g: Record<string, string | undefined>, r: Result): void {
  if (kind === 'feed-footer') {
    if (g.title) r.footerTitle ??= g.title.trim();
    if (g.outlet) r.setOutlet(g.outlet);
  } else if (kind === 'licence') {
    if (g.licence && !r.license) r.license = g.licence.trim().replace(/[.\s]+$/, '');
    if (g.outlet) r.setOutlet(g.outlet);
  } else if (kind === 'copyright') {
    if (g.outlet && /\p{L}/u.test(g.outlet) && !/^all rights reserved/i.test(g.outlet)) r.setOutlet(g.outlet);
  }
}

/** Strip the trailer: repeatedly peel boilerplate off the end of the text until a body line is reached. */
function peelTrailer(lines: Line[], r: Result): void {
  const live = () => lines.map((l, i) => (l.removed || !l.text ? -1 : i)).filter((i) => i >= 0);
  const removeRange = (idx: number[], kind: string) => {
    const text = idx.map((i) => lines[i].text).join('\n');
    for (const i of idx) lines[i].removed = true;
    r.trailer.unshift({ kind, text });
  };
  // Each pass walks up the same trailing lines again: classify each line once (listItem is a function of the text).
  const items = new Map<string, ListItem | null>();
  const itemOf = (line: string): ListItem | null => {
    let item = items.get(line);
    if (item === undefined) items.set(line, (item = listItem(line)));
    return item;
  };
  for (let guard = 0; guard < 500; guard++) {
    const idx = live();
    if (!idx.length) return;
    const last = idx[idx.length - 1];
    const line = lines[last].text;

    // 1. A whole footer/prompt/terminator line.
    const f = footerMatch(line);
    if (f) {
      takeFooter(f.kind, f.groups, r);
      removeRange([last], f.kind);
      continue;
    }
    const pk = promptKind(line);
    if (pk) {
      removeRange([last], pk);
      continue;
    }
    if (isTerminator(line)) {
      removeRange([last], 'navigation');
      continue;
    }

    // 2. A footer glued to the last sentence.
    const g = gluedFooter(line);
    if (g) {
      takeFooter(g.kind, g.groups, r);
      r.trailer.unshift({ kind: g.kind, text: line.slice(g.index).trim() });
      lines[last].text = line.slice(0, g.index).trimEnd();
      continue;
    }

    // 3. A list block: a run of list-ish lines at the end, under a heading or dense with timestamps.
    const block = listBlock(lines, idx, itemOf);
    if (block) {
      removeRange(block.lines, block.kind);
      continue;
    }
    return;
  }
}

type ListItem = 'headline' | 'timestamp' | 'heading' | 'terminator' | 'prompt' | 'teaser';

function listItem(line: string): ListItem | null {
  if (listHeadingKind(line)) return 'heading';
  if (isTerminator(line)) return 'terminator';
  if (promptKind(line)) return 'prompt';
  if (isTimestampLine(line)) return 'timestamp';
  if (isHeadlineLike(line)) return 'headline';
  // Author/date lines under list items ("by Jane Doe") count as headlines; teasers are short sentences.
  if (line.length <= 200) return 'teaser';
  return null;
}

function listBlock(lines: Line[], idx: number[], itemOf: (line: string) => ListItem | null): { lines: number[]; kind: string } | null {
  // Walk up over list-ish lines.
  const run: { i: number; item: ListItem }[] = [];
  for (let k = idx.length - 1; k >= 0; k--) {
    const item = itemOf(lines[idx[k]].text);
    if (!item) break;
    run.unshift({ i: idx[k], item });
  }
  if (run.length < 2) return null;

  // (a) Under a heading: peel the lowest heading whose block holds more headlines than teasers (the loop
  // in peelTrailer then takes the next block up, so "Read also" and "Latest news" stay separate). A
  // heading with mostly prose under it is a subheading of the article.
  for (let h = run.length - 1; h >= 0; h--) {
    if (run[h].item !== 'heading') continue;
    const below = run.slice(h + 1);
    const heads = below.filter((x) => x.item === 'headline' || x.item === 'timestamp').length;
    const teasers = below.filter((x) => x.item === 'teaser').length;
    if (below.length === 0 || (heads >= 1 && teasers <= heads)) {
      return { lines: run.slice(h).map((x) => x.i), kind: listHeadingKind(lines[run[h].i].text)! };
    }
  }

  // (b) No heading: a run of headlines alternating with timestamps ("latest news" feeds), taken from
  // the end up to the first line that is not a headline or a timestamp.
  let top = run.length;
  while (top > 0 && (run[top - 1].item === 'headline' || run[top - 1].item === 'timestamp')) top--;
  const tail = run.slice(top);
  if (tail.filter((x) => x.item === 'timestamp').length >= 2 && tail.filter((x) => x.item === 'headline').length >= 2) {
    // Start at the first line that belongs to an item: a timestamp, or a headline with a timestamp right
    // below it (or below its kicker line). A body's last short line just above stays unless it is one.
    let start = 0;
    while (start < tail.length) {
      const x = tail[start];
      if (x.item === 'timestamp') break;
      if (tail[start + 1]?.item === 'timestamp' || (tail[start + 1]?.item === 'headline' && tail[start + 2]?.item === 'timestamp')) break;
      start++;
    }
    const items = tail.slice(start);
    if (items.filter((x) => x.item === 'timestamp').length >= 2 && items.length >= 4) {
      return { lines: items.map((x) => x.i), kind: 'latest-news' };
    }
  }
  return null;
}

type HeaderClass =
  | { k: 'prompt'; kind: string }
  | { k: 'masthead' }
  | { k: 'credit'; outlet: string }
  | { k: 'date'; dates: FoundDate[]; section: string | null; byline: Byline | null }
  | { k: 'byline'; byline: Byline }
  | { k: 'section'; section: string }
  | { k: 'title' }
  | { k: 'sentence' };

function classifyHeader(line: string, prev: HeaderClass | null, hints: PlainTextHints): HeaderClass {
  const pk = promptKind(line);
  if (pk) return { k: 'prompt', kind: pk };
  if (hints.outlet && sameText(line, hints.outlet)) return { k: 'masthead' };
  const d = dateLine(line, hints.reference);
  if (d) {
    if (d.residual === '') return { k: 'date', dates: d.dates, section: null, byline: null };
    const sec = sectionLabel(d.residual);
    if (sec) return { k: 'date', dates: d.dates, section: sec, byline: null };
    const b = parseByline(d.residual);
    if (b) return { k: 'date', dates: d.dates, section: null, byline: b };
    const seg = metaSegments(line);
    if (seg) return { k: 'date', dates: d.dates, section: seg.section, byline: seg.byline };
  }
  if (PAGE_META_LINE.test(line)) return { k: 'prompt', kind: 'page-meta' };
  const credit = OUTLET_CREDIT.exec(line);
  if (credit) return { k: 'credit', outlet: credit[1] };
  const b = parseByline(line);
  if (b) return { k: 'byline', byline: b };
  const sec = sectionLabel(line);
  if (sec) return { k: 'section', section: sec };
  // "Vadim Mansurov" alone right after the dateline is the author.
  if (prev && (prev.k === 'date' || prev.k === 'section') && isPersonName(line, 2, 4)) {
    return { k: 'byline', byline: { byline: line, authors: [line], wire: null, outlet: null } };
  }
  if (isTitleLike(line)) return { k: 'title' };
  return { k: 'sentence' };
}

/**
 * A template meta line "March 12, 2024 | Harbour Desk | 3 Comments": separated segments, one of them a
 * date, the others each a date, section, byline, counter or short label. Null when a segment is prose.
 */
function metaSegments(line: string): { section: string | null; byline: Byline | null } | null {
  const segs = line.split(/\s+[|·•]\s+|\s+[–—-]\s+(?=\p{Lu})/u).map((x) => x.trim()).filter(Boolean);
  if (segs.length < 2) return null;
  let section: string | null = null;
  let byline: Byline | null = null;
  for (const seg of segs) {
    const d = dateLine(seg);
    if (d && d.residual === '') continue;
    if (PAGE_META_LINE.test(seg)) continue;
    const sec = sectionLabel(seg);
    if (sec) {
      section ??= sec;
      continue;
    }
    const b = parseByline(seg);
    if (b) {
      byline ??= b;
      continue;
    }
    // Any other short label (a desk, a column name): up to four capitalised words, no sentence end.
    if (seg.length <= 40 && wordCount(seg) <= 4 && /^[\p{Lu}\d]/u.test(seg) && !SENTENCE_END.test(seg)) continue;
    return null;
  }
  return { section, byline };
}

function parseHeader(lines: Line[], r: Result, hints: PlainTextHints): void {
  const idx = lines.map((l, i) => (l.removed || !l.text ? -1 : i)).filter((i) => i >= 0);
  const scanned: { i: number; c: HeaderClass }[] = [];
  let lastMarker = -1;
  let sentences = 0;
  let prev: HeaderClass | null = null;
  for (let k = 0; k < Math.min(idx.length, HEADER_SCAN); k++) {
    const text = lines[idx[k]].text;
    const c = classifyHeader(text, prev, hints);
    if (c.k === 'sentence') {
      // One dek sentence may sit above the byline; a sentence after a dateline or a second one is the body.
      if (lastMarker >= 0 || sentences >= 1 || text.length > DEK_MAX) break;
      sentences++;
    }
    scanned.push({ i: idx[k], c });
    if (c.k === 'date' || c.k === 'byline' || c.k === 'section' || c.k === 'credit') lastMarker = scanned.length - 1;
    prev = c;
  }
  // Something must be left for the body: a text that is all header-shaped stays text.
  let header: { i: number; c: HeaderClass }[];
  if (lastMarker >= 0 && idx.length > lastMarker + 1) {
    let end = lastMarker + 1;
    // Prompts and counters right below the byline ("Share", "5 min read") belong to the header too.
    while (scanned[end]?.c.k === 'prompt' && idx.length > end + 1) end++;
    header = scanned.slice(0, end);
    lastMarker = end - 1;
    // "12 March 2024" above the headline: the title comes right after the header's markers.
    const next = scanned[lastMarker + 1];
    if (!header.some((h) => h.c.k === 'title' || h.c.k === 'sentence') && next?.c.k === 'title' && idx.length > lastMarker + 2) {
      header.push(next);
    }
  } else if (lastMarker >= 0) {
    return;
  } else {
    header = titleOnlyHeader(lines, idx, scanned, hints);
  }
  if (!header.length) return;

  const dates: FoundDate[] = [];
  const texts: { text: string; k: 'title' | 'sentence'; entry: RemovedBoilerplate }[] = [];
  for (const { i, c } of header) {
    const text = lines[i].text;
    lines[i].removed = true;
    switch (c.k) {
      case 'prompt':
        r.header.push({ kind: c.kind, text });
        break;
      case 'masthead':
        r.setOutlet(hints.outlet);
        r.header.push({ kind: 'masthead', text });
        break;
      case 'date':
        dates.push(...c.dates);
        if (c.section) r.section ??= c.section;
        if (c.byline) r.setByline(c.byline);
        r.header.push({ kind: 'timestamp', text });
        break;
      case 'credit':
        r.setOutlet(c.outlet);
        r.header.push({ kind: 'outlet-credit', text });
        break;
      case 'byline':
        r.setByline(c.byline);
        r.header.push({ kind: 'byline', text });
        break;
      case 'section':
        r.section ??= c.section;
        r.header.push({ kind: 'section-label', text });
        break;
      default: {
        const entry = { kind: 'title', text }; // kind refined below
        texts.push({ text, k: c.k, entry });
        r.header.push(entry);
      }
    }
  }

  // Title, its variants and the dek.
  const titleEntry =
    (hints.title ? texts.find((t) => similar(t.text, hints.title!) || sameText(t.text, hints.title!)) : undefined) ??
    texts.find((t) => t.k === 'title');
  if (titleEntry) r.title = cutTitleOutlet(titleEntry.text, hints.outlet, r);
  for (const t of texts) {
    if (t === titleEntry) continue;
    const e = t.entry;
    if (r.title && sameText(t.text, r.title)) e.kind = 'title-repeat';
    else if (r.title && t.k === 'title' && similar(t.text, r.title)) {
      e.kind = 'title-repeat';
      if (!r.titleVariants.some((v) => sameText(v, t.text))) r.titleVariants.push(t.text);
    } else {
      e.kind = 'subtitle';
      r.subtitle ??= t.text;
    }
  }
  if (r.subtitle) {
    // "Israeli experts for Outlet.az", "An interview to example.com": a dek that credits the outlet.
    const m = /\b(?:for|to|on|with|by)\s+((?:[\p{L}\d-]+\.)+[\p{L}]{2,})$/u.exec(r.subtitle) ??
      /\bfor\s+((?:The\s+)?[\p{Lu}][\p{L}\p{M}'’&-]*(?:\s[\p{Lu}][\p{L}\p{M}'’&-]*){0,3})$/u.exec(r.subtitle);
    if (m && r.subtitle.length <= 100) r.setOutlet(m[1]);
  }

  // First date published, a later one updated; labels win over order.
  const labelled = (role: FoundDate['role']) => dates.find((d) => d.role === role)?.date ?? null;
  r.published = labelled('published');
  r.updated = labelled('updated');
  const plain = dates.filter((d) => d.role === null).map((d) => d.date);
  for (const d of plain) {
    if (!r.published) r.published = d;
    else if (!r.updated && d.iso !== r.published.iso) {
      if (d.iso < r.published.iso && !labelled('published')) {
        r.updated = r.published;
        r.published = d;
      } else if (d.iso > r.published.iso) r.updated = d;
    }
  }
}

/** No dateline, byline or section: a header is at most a title line (plus its variants and a dek). */
/** Lowercase words a headline does not end on but a hard-wrapped line often does. */
const WRAP_TAIL = /(?:^|\s)(?:the|a|an|of|in|on|to|for|and|or|but|with|by|at|from|that|as|into|than|which|who)$/u;

/**
 * Whether non-blank line idx[k] runs on into the next line as one hard-wrapped paragraph: the next line follows
 * with no blank line between and starts in lower case, or this line ends on a comma, hyphen or a word a heading
 * does not end on. Such a line is the start of a paragraph, never a title or a dek to remove.
 */
function continuesOnNextLine(lines: Line[], idx: number[], k: number): boolean {
  if (k + 1 >= idx.length || idx[k + 1] !== idx[k] + 1) return false;
  const line = lines[idx[k]].text.trimEnd();
  const next = lines[idx[k + 1]].text.trimStart();
  return /^\p{Ll}/u.test(next) || /[,\-–]$/u.test(line) || WRAP_TAIL.test(line);
}

function titleOnlyHeader(lines: Line[], idx: number[], scanned: { i: number; c: HeaderClass }[], hints: PlainTextHints): { i: number; c: HeaderClass }[] {
  if (idx.length < 2) return [];
  const out: { i: number; c: HeaderClass }[] = [];
  let k = 0;
  // Leading prompts and mastheads go with the header.
  while (k < scanned.length && (scanned[k].c.k === 'prompt' || scanned[k].c.k === 'masthead')) out.push(scanned[k++]);
  const first = lines[idx[k]]?.text;
  if (!first) return out;
  const byHint = !!hints.title && repeatsTitleHint(first, hints.title);
  if (!byHint && (!isTitleLike(first) || continuesOnNextLine(lines, idx, k))) return out;
  if (k + 1 >= idx.length) return out;
  out.push({ i: idx[k], c: { k: 'title' } });
  k++;
  // Repeats and variants of the title.
  while (k < idx.length - 1 && isTitleLike(lines[idx[k]].text) && similar(lines[idx[k]].text, first) && !continuesOnNextLine(lines, idx, k)) {
    out.push({ i: idx[k], c: { k: 'title' } });
    k++;
  }
  // A short dek between the title and a prose paragraph.
  const next = lines[idx[k]]?.text;
  const after = lines[idx[k + 1]]?.text;
  if (next && after && isTitleLike(next) && !isTitleLike(after) && !listHeadingKind(next) && wordCount(next) >= 3 && !continuesOnNextLine(lines, idx, k)) {
    out.push({ i: idx[k], c: { k: 'sentence' } });
  }
  return out;
}

/** Prompts, ads and "READ MORE: ..." lines anywhere in the body. */
function dropInline(lines: Line[], r: Result): void {
  for (const l of lines) {
    if (l.removed || !l.text) continue;
    const pk = promptKind(l.text);
    if (pk) {
      l.removed = true;
      r.inline.push({ kind: pk, text: l.text });
    }
  }
}

function findDatelineWire(lines: Line[], r: Result): void {
  if (r.wireByline) return;
  const first = lines.find((l) => !l.removed && l.text);
  const m = first && DATELINE.exec(first.text);
  if (!m) return;
  const inner = m[1].trim();
  // "(Reuters)", "(AFP)", "(Tidewire)"; not "(pictured)" or "(2024)".
  if (wireName(inner) || /^[\p{Lu}][\p{L}\p{M}&.' -]{1,30}$/u.test(inner)) r.wireByline = wireName(inner) ?? inner;
}

/** A line that is only the article's address, as scrapers and copy-paste leave it ("https://…", "URL: https://…"). */
const URL_LINE = /^(?:(?:url|link|permalink|original\s+url|article\s+url|canonical(?:\s+url)?|web\s+address)\s*:\s*)?<?(https?:\/\/[^\s<>"]+?)>?$/i;

/**
 * The article's URL when the text carries it on a line of its own: the first line, or a labelled line ("URL: …")
 * among the first or last five lines. "Source: <url>" is not taken: it credits where the text
 * came from, not where it was published. The line is removed (boilerplate kind "url").
 */
const SOCIAL_HOSTS = /(?:^|\.)(?:t\.me|telegram\.me|twitter\.com|x\.com|facebook\.com|fb\.com|instagram\.com|youtube\.com|youtu\.be|tiktok\.com|linkedin\.com|vk\.com|ok\.ru|whatsapp\.com|wa\.me|aparat\.com|rumble\.com|bit\.ly|t\.co)$/;

function findUrlLine(lines: Line[], r: Result): void {
  const live = lines.filter((l) => !l.removed && l.text.trim());
  if (live.length < 2) return;
  // Only the first line may be a bare address (scrapers put the source URL first); at the end a bare link is as
  // often a shop, a short link or a related page, so there it needs a label.
  const edge = new Set([live[0]]);
  const near = new Set([...live.slice(0, 5), ...live.slice(-5)]);
  for (const l of live) {
    if (!near.has(l)) continue;
    const t = l.text.trim();
    const m = URL_LINE.exec(t);
    if (!m || (!edge.has(l) && !/^[^:]+:\s/.test(t))) continue;
    let host: string;
    try {
      host = new URL(m[1]).hostname.toLowerCase().replace(/^www\./, '');
    } catch {
      continue;
    }
    // A link to a social or video page is shared content, not the article's address.
    if (SOCIAL_HOSTS.test(host)) continue;
    r.url ??= m[1].replace(/[.,;]+$/, '');
    l.removed = true;
    r.header.push({ kind: 'url', text: t });
  }
}

/** Clean one scraped plain-text article. Pure: the same input always gives the same result. */
export function cleanPlainText(body: string, hints: PlainTextHints = {}): PlainTextResult {
  const r = new Result();
  const lines: Line[] = normalizeText(body ?? '')
    .split('\n')
    .map((text) => ({ text, removed: false }));

  findUrlLine(lines, r);
  peelTrailer(lines, r);
  parseHeader(lines, r, hints);
  dropInline(lines, r);
  findDatelineWire(lines, r);

  if (r.footerTitle) {
    const ft = r.footerTitle;
    if (!r.title) r.title = ft;
    else if (!sameText(ft, r.title)) {
      if (similar(ft, r.title)) {
        if (!r.titleVariants.some((v) => sameText(v, ft))) r.titleVariants.push(ft);
      } else {
        // The feed names the title for certain; what the header offered is then a kicker or dek.
        r.subtitle ??= r.title;
        r.title = ft;
      }
    }
  }
  const text = normalizeText(lines.filter((l) => !l.removed).map((l) => l.text).join('\n'));
  return {
    text,
    title: r.title,
    titleVariants: r.titleVariants,
    subtitle: r.subtitle,
    byline: r.byline,
    authors: r.authors,
    wireByline: r.wireByline,
    published: r.published,
    updated: r.updated,
    section: r.section,
    license: r.license,
    outletHint: r.outletHint,
    url: r.url,
    boilerplate: [...r.header, ...r.inline, ...r.trailer],
  };
}
