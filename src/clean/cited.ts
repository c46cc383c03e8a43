import type { CitedSource } from '../core/article.js';
import type { OutletEntry, OutletRegistry } from './outlets.js';

/**
 * The outlets an article cites as the source of what it reports — "IRNA: …" as a title, "…, IRNA reported",
 * "according to the Tasnim news agency", "Kayhan said in a commentary", "the Fars news agency quoted …", "told
 * Reuters". A cited source is not the article's outlet (the article was published by someone else, often unknown)
 * and not a republication (the text is the citing outlet's own, not the cited one's copy; a wire byline such as
 * "By JNS" is republication and handled by wireFromByline).
 *
 * Conservative by design: a name counts when the registry knows it (config outlets included), or, unknown, only
 * when the text itself calls it a news agency, newspaper, daily, broadcaster or news website ("the Kazinform news
 * agency reported"). Short all-lowercase or mixed-case matches of short aliases ("Ap", "Kan") do not count, so
 * people called Dawn or Petra are not read as outlets unless the sentence says they reported.
 */

/** Words that say the name before them is an outlet ("Tasnim news agency", "Kayhan daily"). */
const OUTLET_WORD = String.raw`(?:news\s+agency|press\s+agency|agency|newspaper|daily|weekly|news\s+website|website|news\s+site|news\s+outlet|outlet|broadcaster|television|TV(?:\s+channel)?|channel|radio|news)`;
/** Descriptors before a name: "the semi-official Tasnim", "state-run IRNA", "Iran's official IRNA". */
const DESCRIPTOR = String.raw`(?:(?:[Tt]he|Iran's|Israel's|Russia's|Turkey's|China's|Azerbaijan's|its|a|an)\s+)?(?:(?:semi-official|official|state-run|state-owned|state|government-run|pro-government|hardline|conservative|reformist|independent|opposition|local|private|Israeli|Iranian|Russian|Turkish|Azerbaijani|Chinese|Arab|Persian-language|English-language|Arabic-language)\s+)*`;
/** A capitalised name of one to five words ("IRNA", "Mehr News Agency", "The Times of Israel", "Caliber.Az"). */
const NAME = String.raw`(?:The\s+)?[\p{Lu}\d][\p{L}\p{M}\d.&'’!-]*(?:\s+(?:of|de|al|el|the|for|and|&|[\p{Lu}\d][\p{L}\p{M}\d.&'’!-]*)){0,5}`;

const VERB = String.raw`(?:reported|reports|wrote|writes|quoted|quotes|cited|cites|published|carried|said|says|claimed|claims|added|announced|quoting|citing)`;

interface Rule {
  via: CitedSource['via'];
  re: RegExp;
  /** The sentence calls the name an outlet; an unknown name may count. */
  outletWord: (m: RegExpExecArray) => boolean;
  /** For "said"/"says": only with an outlet word or a following "in a commentary/report/editorial". */
  needsOutletContext?: boolean;
}

const RULES: Rule[] = [
  {
    // "IRNA reported", "the Tasnim news agency reported", "Kayhan daily wrote in a commentary".
    via: 'reported',
    re: new RegExp(String.raw`(?<![\p{L}\d])${DESCRIPTOR}(?<name>${NAME})(?<word>\s+${OUTLET_WORD})?(?:,\s+[^,]{1,60},)?\s+(?<verb>${VERB})\b(?<after>\s+in\s+(?:an?|its)\s+(?:commentary|editorial|report|article|analysis|op-ed|piece|statement))?`, 'gu'),
    outletWord: (m) => !!m.groups?.word,
    needsOutletContext: true,
  },
  {
    // "according to IRNA", "according to the semi-official Fars news agency".
    via: 'according-to',
    re: new RegExp(String.raw`\b(?:[Aa]ccording\s+to|[Aa]s\s+reported\s+by|reported\s+by|quoted\s+by|cited\s+by|[Ii]n\s+an?\s+(?:commentary|editorial|report|article|interview|analysis|op-ed)\s+(?:by|for|in|with|published\s+by))\s+${DESCRIPTOR}(?<name>${NAME})(?<word>\s+${OUTLET_WORD})?`, 'gu'),
    outletWord: (m) => !!m.groups?.word,
  },
  {
    // "told Reuters", "said in an interview with Al Jazeera".
    via: 'told',
    re: new RegExp(String.raw`\b(?:told|[Ii]n\s+an\s+interview\s+with|[Ss]peaking\s+to)\s+${DESCRIPTOR}(?<name>${NAME})(?<word>\s+${OUTLET_WORD})?`, 'gu'),
    outletWord: (m) => !!m.groups?.word,
  },
];

/** "IRNA: Israeli Defense Minister's …" — a title that opens with a known outlet's name and a colon. */
const TITLE_PREFIX = /^\s*(?<name>[^:\n]{2,40}?)\s*:\s+\S/u;

/** A name must start with a capital or digit; a short one (4 characters or fewer) must be spelt as the registry spells it ("AP", "Fars", not "Ap"). */
function plausibleSpelling(candidate: string, entry: OutletEntry | null): boolean {
  const c = candidate.replace(/^the\s+/i, '');
  if (!/^[\p{Lu}\d]/u.test(c)) return false;
  if (c.length <= 4 && entry) return [entry.name, ...entry.aliases].includes(c);
  return true;
}

function known(reg: OutletRegistry, name: string): OutletEntry | null {
  const e = reg.byName(name);
  return e && plausibleSpelling(name, e) ? e : null;
}

/** "German", "Israeli", "Turkish", "Chinese": a nationality word before an outlet's name is not part of it. */
const DEMONYM = /^[\p{Lu}][\p{Ll}]+(?:an|ish|ese|i|ic|ch)$/u;

/**
 * The registry entry for a capitalised run of words. Before a verb ("…, IRNA reported") the name is the end of the
 * run: "Iran's IRNA" -> IRNA. After a cue ("according to …", "told …") it is the start of the run, and must be
 * the whole run save a possessive ("MSNBC's Chuck Todd") — "the National Weather Service" is not The National —
 * or the whole run after nationality words ("the German Bild").
 */
function lookup(reg: OutletRegistry, run: string, side: 'end' | 'start'): { entry: OutletEntry; text: string; offset: number } | null {
  const tokens: Array<{ text: string; offset: number }> = [];
  let off = 0;
  for (const w of run.split(/(\s+)/)) {
    if (w && !/^\s+$/.test(w)) tokens.push({ text: w, offset: off });
    off += w.length;
  }
  const tryRange = (i: number, j: number) => {
    const start = tokens[i].offset;
    const end = tokens[j].offset + tokens[j].text.length;
    const text = run.slice(start, end).replace(/[.,;:!'’]+$/u, '').replace(/['’]s$/u, '');
    const entry = text ? known(reg, text) : null;
    return entry ? { entry, text, offset: start } : null;
  };
  const n = tokens.length;
  if (side === 'end') {
    // Words dropped from the front must be a possessive or a nationality ("Iran's IRNA", "Turkish Anadolu"), so
    // "The Washington Times reported" is not The Times.
    for (let i = 0; i < n; i++) {
      if (i > 0 && !/['’]s$/u.test(tokens[i - 1].text) && !DEMONYM.test(tokens[i - 1].text)) break;
      const hit = tryRange(i, n - 1);
      if (hit) return hit;
    }
    return null;
  }
  for (let j = n - 1; j >= 0; j--) {
    if (j < n - 1 && !/['’]s$/u.test(tokens[j].text)) continue;
    const hit = tryRange(0, j);
    if (hit) return hit;
  }
  for (let i = 1; i < n && DEMONYM.test(tokens[i - 1].text); i++) {
    const hit = tryRange(i, n - 1);
    if (hit) return hit;
  }
  return null;
}

/** The part of a run inside one sentence: after the last sentence end (a name before a verb) or before the first. */
function inSentence(run: string, side: 'end' | 'start'): { text: string; offset: number } {
  const parts = run.split(/(?<=\p{Ll}{2,}[.!?]["”’]?)\s+|\n+/u);
  if (parts.length === 1) return { text: run, offset: 0 };
  if (side === 'start') return { text: parts[0], offset: 0 };
  const last = parts[parts.length - 1];
  return { text: last, offset: run.lastIndexOf(last) };
}

/** An unknown name the sentence calls an outlet: kept only when it looks like a proper name of 1–4 words. */
function unknownOutletName(run: string): string | null {
  const name = run.trim().replace(/^the\s+/i, '').replace(/['’]s$/u, '');
  const words = name.split(/\s+/);
  if (words.length > 4 || !words.every((w) => /^[\p{Lu}\d]/u.test(w) || /^(?:of|al|el|de)$/.test(w))) return null;
  if (name.length < 3 || /^(?:The|A|An|This|That|It|Its|He|His|She|Her|They|Their|We|Our|State|Official)$/i.test(name)) return null;
  // "the German Catholic newspaper Die Tagespost": adjectives are not the name; an official body's site is no outlet.
  if (words.every((w) => DEMONYM.test(w))) return null;
  if (words.some((w) => /^(?:Government|Ministry|Office|Department|Council|Party|Embassy|Police|Army)$/i.test(w))) return null;
  return name;
}

export interface CitedSourceInput {
  title: string | null;
  text: string;
  /** The article's own outlet: citing yourself ("Mehr reported" in a Mehr article) is not a cited source. */
  outletId?: string | null;
  outletName?: string | null;
}

/** The outlets an article cites, title first and then in text order, each outlet once (its first mention). */
export function findCitedSources(reg: OutletRegistry, input: CitedSourceInput): CitedSource[] {
  const out: CitedSource[] = [];
  const seen = new Set<string>();
  const own = new Set([input.outletId, input.outletName].filter((x): x is string => !!x).map((x) => x.toLowerCase()));
  // "told the Observer" in The Sarn Observer is the article's own outlet, not the registry's Observer.
  const ownWords = ` ${(input.outletName ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
  const partOfOwn = (mention: string | undefined): boolean => {
    const m = (mention ?? '').toLowerCase().replace(/^the\s+/, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    return !!m && ownWords.includes(` ${m} `);
  };
  const add = (c: CitedSource): void => {
    const key = (c.id ?? c.name).toLowerCase();
    if (seen.has(key) || own.has(key) || own.has(c.name.toLowerCase()) || partOfOwn(c.mention)) return;
    seen.add(key);
    out.push(c);
  };

  const t = input.title ? TITLE_PREFIX.exec(input.title) : null;
  if (t?.groups) {
    const name = t.groups.name.trim();
    const e = known(reg, name);
    if (e) add({ name: e.name, id: e.id, via: 'title', mention: name });
  }

  const text = input.text;
  const hits: Array<{ at: number; c: CitedSource }> = [];
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      const g = m.groups ?? {};
      const side = rule.via === 'reported' ? 'end' : 'start';
      const whole = g.name ?? '';
      const cut = inSentence(whole, side);
      const run = cut.text;
      const runStart = m.index + m[0].indexOf(whole) + cut.offset;
      // A name cut at a sentence end no longer stands next to its cue or verb.
      if (side === 'end' ? cut.offset + run.length < whole.length : false) continue;
      const hit = lookup(reg, run, side);
      const isSaid = /^(?:said|says|claimed|claims|added|announced)$/.test(g.verb ?? '');
      if (rule.needsOutletContext && isSaid && !rule.outletWord(m) && !g.after && !hit) continue;
      if (hit) {
        // "said" needs context even for a known name: "Dawn said" is more often a person.
        if (isSaid && !rule.outletWord(m) && !g.after && hit.text.length <= 5 && !/^[\p{Lu}\d.]+$/u.test(hit.text)) continue;
        const start = runStart + hit.offset;
        hits.push({ at: start, c: { name: hit.entry.name, id: hit.entry.id, via: rule.via, mention: hit.text, span: { start, end: start + hit.text.length } } });
      } else if (rule.outletWord(m) && run === whole) {
        const name = unknownOutletName(run);
        if (!name) continue;
        const start = runStart + run.indexOf(name);
        hits.push({ at: start, c: { name, id: null, via: rule.via, mention: name, span: { start, end: start + name.length } } });
      }
      if (m[0].length === 0) rule.re.lastIndex++;
    }
  }
  hits.sort((a, b) => a.at - b.at);
  for (const h of hits) add(h.c);
  return out;
}
