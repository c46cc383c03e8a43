/**
 * What makes two statements about "the same proposition" (src/compare/claims-align.ts): the measured quantity of a
 * figure (what the counted things did or underwent: "guards killed" is not "guards wounded"), the time a statement
 * is about, and a readable phrase for a relation. Pure helpers.
 */

/**
 * What happened to the counted people or things, from the words of the figure's clause. Casualty and detention
 * counts are the figures news most often disputes, and a count of the dead next to a count of the wounded for the
 * same nouns ("three guards died" / "she treated four guards") is the commonest false "different figures".
 */
const OUTCOME_WORDS: ReadonlyArray<[string, RegExp]> = [
  ['killed', /^(?:killed|kill|kills|killing|dead|died|die|dies|death|deaths|fatalities|slain|perished|lost)$/],
  ['wounded', /^(?:wounded|wounding|injured|injuring|injury|injuries|hurt|treated|hospitalised|hospitalized)$/],
  ['detained', /^(?:arrested|arrest|arrests|detained|detention|detainees|held|captured|jailed|imprisoned)$/],
  ['displaced', /^(?:displaced|fled|evacuated|refugees|homeless)$/],
  ['missing', /^(?:missing|disappeared)$/],
];

/** Clause bounds: commas, semicolons, dashes and contrastive conjunctions end the clause a figure is read in. */
const CLAUSE_BREAK = /[,;—–(]|\s(?:while|whereas|but|although|though)\s/g;

/**
 * The outcome of a counted figure: the outcome word nearest the figure within its clause ("Two guards were
 * killed and six people injured" → killed for "two guards", wounded for "six people"), or null.
 */
export function outcomeOf(sentence: string, figStart: number, figEnd: number): string | null {
  let lo = 0;
  let hi = sentence.length;
  for (const m of sentence.matchAll(CLAUSE_BREAK)) {
    const at = m.index ?? 0;
    if (at + m[0].length <= figStart) lo = at + m[0].length;
    else if (at >= figEnd) {
      hi = at;
      break;
    }
  }
  let best: { cls: string; d: number } | null = null;
  for (const m of sentence.slice(lo, hi).matchAll(/[\p{L}]+/gu)) {
    const w = m[0].toLowerCase();
    const at = lo + (m.index ?? 0);
    const cls = OUTCOME_WORDS.find(([, re]) => re.test(w))?.[0];
    if (!cls) continue;
    // "lost" counts only as "lost their lives".
    if (w === 'lost' && !/^lost\s+(?:their|his|her)\s+lives/i.test(sentence.slice(at))) continue;
    const d = at >= figEnd ? at - figEnd : at < figStart ? figStart - (at + w.length) : 0;
    if (!best || d < best.d) best = { cls, d };
  }
  return best?.cls ?? null;
}

export interface Interval {
  lo: number;
  hi: number;
}

const DAY = 86_400_000;

/** An ISO date, partial date ("2020", "2022-11") or range ("a..b", either end open) as an interval of epoch ms. */
export function intervalOf(value: string | null | undefined): Interval | null {
  if (!value) return null;
  const [a, b] = value.includes('..') ? value.split('..') : [value, value];
  const lo = a ? bound(a, false) : -Infinity;
  const hi = b ? bound(b, true) : Infinity;
  if (lo === null || hi === null || !(lo <= hi)) return null;
  return { lo, hi };
}

function bound(s: string, end: boolean): number | null {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(s.trim());
  if (!m) return null;
  const y = +m[1];
  if (!m[2]) return end ? Date.UTC(y, 11, 31, 23, 59, 59) : Date.UTC(y, 0, 1);
  const mo = +m[2] - 1;
  if (!m[3]) return end ? Date.UTC(y, mo + 1, 0, 23, 59, 59) : Date.UTC(y, mo, 1);
  return end ? Date.UTC(y, mo, +m[3], 23, 59, 59) : Date.UTC(y, mo, +m[3]);
}

/** Whether two intervals overlap once each is widened by `slackDays` (unknown times are compatible with any). */
export function overlaps(a: Interval | null, b: Interval | null, slackDays = 0): boolean {
  if (!a || !b) return true;
  const s = slackDays * DAY;
  return a.lo - s <= b.hi && b.lo - s <= a.hi;
}

const RELATION_PHRASES: Record<string, [string, string]> = {
  allies: ['and', 'are allies'],
  'supplies-arms': ['supplies arms to', ''],
  'supplies-energy': ['supplies energy to', ''],
  'trades-with': ['trades with', ''],
  threatens: ['threatens', ''],
  attacks: ['attacks', ''],
  condemns: ['condemns', ''],
  supports: ['supports', ''],
  opposes: ['opposes', ''],
  negotiates: ['and', 'negotiate'],
  meets: ['and', 'meet'],
  visits: ['visits', ''],
  mediates: ['mediates with', ''],
  relations: ['–', 'relations'],
};

/** A relation as a proposition a reader can read: "Israel supplies arms to Azerbaijan", "Azerbaijan and Israel are allies". */
export function relationPhrase(source: string, target: string, type: string): string {
  const p = RELATION_PHRASES[type];
  if (!p) return `${source} – ${target}: ${type.replace(/-/g, ' ')}`;
  return `${source} ${p[0]} ${target}${p[1] ? ` ${p[1]}` : ''}`;
}
