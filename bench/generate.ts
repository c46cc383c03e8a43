/**
 * Deterministic synthetic corpus for benchmarks: N scraped-looking news articles about invented states, written
 * into one directory as `.txt` (header + trailing boilerplate) and `.html` (nav, cookie notice, footer, JSON-LD or
 * OpenGraph) files.
 *
 *   node dist/bench/generate.js <dir> [--count 10000] [--html 0.3] [--seed 42] [--manifest <file>]
 *
 * Same seed and options → byte-identical files. Bodies are assembled from original sentence templates whose slots
 * (actors, labels, people, numbers, dates) are drawn from a seeded PRNG, so two ordinary articles share little
 * beyond function words and near-duplicate detection has real work to do. About 2% of the files are republications
 * (an earlier wire story, trimmed, retitled, "By <Wire>") and about 1% are exact duplicates of an earlier file.
 * See bench/README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface GenerateOptions {
  /** Number of files to write. */
  count: number;
  /** Fraction of files written as HTML pages (0..1); the rest are scraped plain text. */
  html: number;
  /** PRNG seed; default 42. */
  seed?: number;
  /** Fraction of files that republish an earlier wire story (default 0.02). */
  republications?: number;
  /** Fraction of files that exactly duplicate an earlier file (default 0.01). */
  duplicates?: number;
  /**
   * Only this many outlets publish (see `selectOutlets`: whole countries' state agency, daily and independent site
   * in order, plus one wire per ten outlets, at least one, at most three). Default: all 39.
   */
  outlets?: number;
  /** Publication dates fall within this many days from 1 January 2023 (default: about 30 months, to mid-2025). */
  days?: number;
  /** Each body stops at the first sentence that reaches a target drawn from [min, max] words (default [300, 760]). */
  words?: [number, number];
}

export interface GeneratedFile {
  file: string;
  kind: 'original' | 'republication' | 'duplicate';
  /** For republications and duplicates: the file they copy. */
  of?: string;
}

export interface GenerateResult {
  files: number;
  txt: number;
  html: number;
  republications: number;
  duplicates: number;
  /** Ground truth for dedup/republication checks, one entry per file in write order. */
  manifest: GeneratedFile[];
}

// ---------------------------------------------------------------------------------------------------------------
// PRNG: sfc32 seeded through splitmix32, so nearby seeds give unrelated streams.

export type Rng = () => number;

export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(), b = split(), c = split(), d = split();
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];

// ---------------------------------------------------------------------------------------------------------------
// The invented world. Every name here is made up for the benchmark.

interface Country {
  short: string;
  official: string;
  capital: string;
  demonym: string;
  cities: string[];
}

const COUNTRIES: Country[] = [
  { short: 'Brascony', official: 'the Republic of Brascony', capital: 'Tessel', demonym: 'Brasconian', cities: ['Orvale', 'Kimmerton', 'Lathe'] },
  { short: 'Celmora', official: 'the Kingdom of Celmora', capital: 'Aubrin', demonym: 'Celmoran', cities: ['Pasqueth', 'Dunlow', 'Serrat'] },
  { short: 'Dunvaria', official: 'the Federal Republic of Dunvaria', capital: 'Halveth', demonym: 'Dunvarian', cities: ['Morrin', 'Eskeby', 'Tarnwick'] },
  { short: 'Estovar', official: 'the Republic of Estovar', capital: 'Mirosa', demonym: 'Estovarian', cities: ['Calvo Alto', 'Renza', 'Piedrun'] },
  { short: 'Falkreth', official: 'the Falkreth Union', capital: 'Ostrel', demonym: 'Falkrethi', cities: ['Grenholm', 'Vassby', 'Lunde'] },
  { short: 'Gorvania', official: "the People's Republic of Gorvania", capital: 'Vardun', demonym: 'Gorvanian', cities: ['Pelsk', 'Kravo', 'Zemlin'] },
  { short: 'Hesperin', official: 'the Commonwealth of Hesperin', capital: 'Lisk', demonym: 'Hesperine', cities: ['Coldharbour', 'Wyndale', 'Ashby Cross'] },
  { short: 'Istrava', official: 'the Republic of Istrava', capital: 'Pelmar', demonym: 'Istravan', cities: ['Dorna', 'Selvik', 'Ubrin'] },
  { short: 'Nerevia', official: 'the Republic of Nerevia', capital: 'Sollen', demonym: 'Nerevian', cities: ['Arkos', 'Meliti', 'Thessa Nova'] },
  { short: 'Orvassa', official: 'the Emirate of Orvassa', capital: 'Hamrah', demonym: 'Orvassan', cities: ['Qasr Lumi', 'Dhalit', 'Saffah'] },
  { short: 'Ruvena', official: 'the Republic of Ruvena', capital: 'Dastow', demonym: 'Ruvenan', cities: ['Kelbrook', 'Ulm Marsh', 'Ferring'] },
  { short: 'Tarsenia', official: 'the State of Tarsenia', capital: 'Welm', demonym: 'Tarsenian', cities: ['Brodny', 'Hask', 'Oronsay Point'] },
];

const ORGS = [
  { name: 'the Council of Northern Waters', short: 'CNW' },
  { name: 'the Regional Security Forum', short: 'RSF' },
  { name: 'the Union of Coastal States', short: 'UCS' },
  { name: 'the Continental Energy Agency', short: 'CEA' },
  { name: 'the Inland Trade Organisation', short: 'ITO' },
  { name: 'the Commission for Border Cooperation', short: 'CBC' },
];

const INSTITUTES = [
  'the Tarrow Institute for Peace Studies',
  'the Danmore Centre for Strategic Studies',
  'the Ashgrove Energy Observatory',
  'the Helling School of Public Policy',
  'the Kestwick Foundation',
  'the Institute for Basin Hydrology in Lisk',
];

const FIRST = [
  'Adela', 'Bruno', 'Cato', 'Dagny', 'Emre', 'Fenna', 'Goran', 'Hedvig', 'Ilan', 'Jorun', 'Kasimir', 'Lidia', 'Marek', 'Nadia',
  'Oskar', 'Petra', 'Quentin', 'Rasa', 'Soren', 'Talia', 'Ulrich', 'Vesna', 'Wim', 'Xenia', 'Yusuf', 'Zora', 'Amara', 'Bastian',
  'Clio', 'Dmitar', 'Elif', 'Farid', 'Greta', 'Hamid', 'Ines', 'Jonah', 'Katya', 'Lorenz', 'Mirela', 'Nils',
];
const LAST = [
  'Ambrel', 'Brakken', 'Castrow', 'Dellin', 'Ebbesen', 'Falco', 'Gristow', 'Haldane', 'Iversby', 'Jarnell', 'Kovander', 'Lusk',
  'Marrow', 'Neuhart', 'Okonkwo-Reyes', 'Pallister', 'Quarry', 'Ravik', 'Stellan', 'Tamsin', 'Ulvaeus-Grant', 'Varnholt',
  'Wessel', 'Yardley', 'Zelenko', 'Arbery', 'Bonacci', 'Corvin', 'Drummond', 'Esterhaz', 'Fairlie', 'Grosz', 'Hollis', 'Imrie',
];

const ROLES = [
  'President', 'Prime Minister', 'Foreign Minister', 'Defence Minister', 'Energy Minister', 'Interior Minister',
  'Deputy Foreign Minister', 'Economy Minister', 'Water Minister', 'government spokesperson',
];

interface Topic {
  thing: (rng: Rng, a: Country, b: Country) => string;
  noun: string;
  section: string;
}

const TOPICS: Topic[] = [
  { thing: (r, a) => `the ${pick(r, ['Upper', 'Lower', 'Great', 'North'])} ${pick(r, a.cities)} Dam`, noun: 'dam', section: 'Environment' },
  { thing: (r) => `the ${pick(r, ['Amber', 'Silver', 'Blue', 'Iron', 'Westward'])} ${pick(r, ['Line', 'Reach', 'Stream', 'Link'])} pipeline`, noun: 'pipeline', section: 'Energy' },
  { thing: (r, a, b) => `the ${pick(r, [a.cities[0], b.cities[1], b.cities[2]])} transit corridor`, noun: 'corridor', section: 'Politics' },
  { thing: (r, a, b) => `the ${pick(r, b.cities)} border crossing`, noun: 'border', section: 'Security' },
  { thing: (r) => `the ${pick(r, ['Hawk', 'Lance', 'Shield', 'Sentinel', 'Falcon'])}-${int(r, 2, 9)} missile contract`, noun: 'arms deal', section: 'Defence' },
  { thing: (r, a) => `the port of ${pick(r, a.cities)}`, noun: 'port', section: 'Economy' },
  { thing: (r, a, b) => `the ${pick(r, ['disputed', 'contested'])} ${pick(r, ['Marl', 'Oster', 'Venn', 'Harrow', 'Sable'])} ${pick(r, ['Valley', 'Plateau', 'Islands', 'Strip'])}`, noun: 'territory', section: 'World' },
];

const SPEECH_VERBS = ['said', 'said', 'said', 'told reporters', 'claimed', 'insisted', 'warned', 'stressed', 'revealed', 'admitted', 'argued', 'alleged', 'noted', 'conceded'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MON3 = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

// ---------------------------------------------------------------------------------------------------------------
// Outlets: one state agency, one daily and one independent site per country, plus international wires.

interface Outlet {
  name: string;
  domain: string;
  country: Country | null;
  kind: 'state' | 'daily' | 'independent' | 'wire';
  /** Closing line style for scraped text. */
  footer: 'licence' | 'feed' | 'rights';
}

const slugify = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function buildOutlets(): Outlet[] {
  const out: Outlet[] = [];
  const dailyNames = ['Herald', 'Tribune', 'Courier', 'Post', 'Sentinel', 'Gazette', 'Chronicle', 'Observer', 'Ledger', 'Dispatch', 'Record', 'Mirror'];
  COUNTRIES.forEach((c, i) => {
    out.push({ name: `${c.short} News Agency`, domain: `www.${slugify(c.short)}-news-agency.example`, country: c, kind: 'state', footer: 'licence' });
    out.push({ name: `The ${c.capital} ${dailyNames[i]}`, domain: `www.${slugify(c.capital)}${dailyNames[i].toLowerCase()}.example`, country: c, kind: 'daily', footer: 'feed' });
    out.push({ name: `${c.capital} Independent`, domain: `${slugify(c.capital)}-independent.example`, country: c, kind: 'independent', footer: 'rights' });
  });
  for (const w of ['Northwire', 'Continental Press Agency', 'Atlas Wire Service']) {
    out.push({ name: w, domain: `www.${slugify(w)}.example`, country: null, kind: 'wire', footer: 'rights' });
  }
  return out;
}

const OUTLETS = buildOutlets();
const WIRES = OUTLETS.filter((o) => o.kind === 'wire');

/** A publishing outlet as the generator writes it (name, domain, kind, home state), for configs built around a corpus. */
export interface GeneratedOutlet {
  name: string;
  domain: string;
  kind: Outlet['kind'];
  /** Short name of the outlet's state; null for the international wires. */
  country: string | null;
}

/** A state of the invented world, for a config's `actors`. */
export interface GeneratedState {
  name: string;
  official: string;
  capital: string;
  demonym: string;
}

/**
 * The outlets that publish when `GenerateOptions.outlets` is `n`: one wire per ten outlets (at least one, at most
 * three) and, for the rest, the state agency, daily and independent site of one state after another.
 */
function pickOutlets(n: number | undefined): { all: Outlet[]; wires: Outlet[] } {
  if (n === undefined || n >= OUTLETS.length) return { all: OUTLETS, wires: WIRES };
  if (!Number.isInteger(n) || n < 2) throw new Error(`outlets must be an integer of at least 2, got ${n}`);
  const wires = WIRES.slice(0, Math.min(3, Math.max(1, Math.round(n / 10))));
  const others = OUTLETS.filter((o) => o.kind !== 'wire').slice(0, n - wires.length);
  return { all: others.concat(wires), wires };
}

export function selectOutlets(n?: number): GeneratedOutlet[] {
  return pickOutlets(n).all.map((o) => ({ name: o.name, domain: o.domain, kind: o.kind, country: o.country?.short ?? null }));
}

/** Every state of the invented world (articles about any outlet's state also name the others). */
export function worldStates(): GeneratedState[] {
  return COUNTRIES.map((c) => ({ name: c.short, official: c.official.replace(/^the /, ''), capital: c.capital, demonym: c.demonym }));
}

// ---------------------------------------------------------------------------------------------------------------
// Story context and slot filling.

interface Person {
  name: string;
  role: string;
  country: Country;
}

interface Story {
  a: Country;
  b: Country;
  t: Country;
  org: (typeof ORGS)[number];
  topic: Topic;
  thing: string;
  people: Person[];
  analyst: string;
  outlet: Outlet;
  published: Date;
}

function person(rng: Rng, country: Country, role: string): Person {
  return { name: `${pick(rng, FIRST)} ${pick(rng, LAST)}`, role, country };
}

interface Labels {
  neutral: string[];
  epithets: string[];
}

const LABELS = new Map<Country, Labels>(
  COUNTRIES.map((c) => [c, {
    neutral: [c.short, c.short, c.short, c.official, c.capital, `${c.demonym} authorities`, `the ${c.demonym} government`],
    epithets: [
      `the ${c.capital} regime`,
      `the ${c.demonym} junta`,
      `${c.capital}'s extremist leadership`,
      `the so-called ${c.official.replace(/^the /, '')}`,
      `the occupying regime in ${c.capital}`,
      `the ${c.demonym} aggressor`,
      `the clique in ${c.capital}`,
    ],
  }]),
);

/** How `voice` (an outlet's country, or null for neutral) names country `c`: neutral forms, capital metonyms, epithets. */
function label(rng: Rng, c: Country, voice: Country | null, hostile: boolean): string {
  const l = LABELS.get(c) as Labels;
  if (!hostile || voice === null || voice === c || rng() < 0.55) return pick(rng, l.neutral);
  return pick(rng, l.epithets);
}

function countWords(s: string): number {
  let n = 1;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 32) n++;
  return n;
}

function fmtDate(d: Date): string {
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const capFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Fills `{slot}` placeholders; every slot draws fresh values, which is what keeps articles apart. */
function fill(rng: Rng, tpl: string, s: Story): string {
  const voice = s.outlet.country;
  const hostile = s.outlet.kind !== 'wire' && s.outlet.kind !== 'independent';
  return tpl.replace(/\{(\w+)\}/g, (_m, k: string) => {
    switch (k) {
      case 'A': return label(rng, s.a, voice, hostile && voice !== s.a);
      case 'B': return label(rng, s.b, voice, hostile && voice !== s.b);
      case 'T': return label(rng, s.t, voice, false);
      case 'An': return rng() < 0.7 ? s.a.short : s.a.capital;
      case 'Bn': return rng() < 0.7 ? s.b.short : s.b.capital;
      case 'Tn': return s.t.short;
      case 'Adem': return s.a.demonym;
      case 'Bdem': return s.b.demonym;
      case 'Acap': return s.a.capital;
      case 'Bcap': return s.b.capital;
      case 'city': return pick(rng, rng() < 0.5 ? s.a.cities : s.b.cities);
      case 'org': return s.org.name;
      case 'orgShort': return s.org.short;
      case 'inst': return pick(rng, INSTITUTES);
      case 'thing': return s.thing;
      case 'noun': return s.topic.noun;
      case 'P': {
        const p = pick(rng, s.people);
        return `${p.country.demonym} ${p.role} ${p.name}`;
      }
      case 'Pname': return pick(rng, s.people).name.split(' ')[1];
      case 'analyst': return s.analyst;
      case 'sv': return pick(rng, SPEECH_VERBS);
      case 'pct': return `${int(rng, 2, 89)}${rng() < 0.5 ? '%' : ' per cent'}`;
      case 'money': return rng() < 0.5 ? `$${int(rng, 1, 9)}.${int(rng, 0, 9)} billion` : `$${int(rng, 12, 950)} million`;
      case 'count': return thousands(int(rng, 3, 48000));
      case 'vfor': return String(int(rng, 90, 200));
      case 'vagainst': return String(int(rng, 5, 89));
      case 'month': return pick(rng, MONTHS);
      case 'small': return pick(rng, ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'twelve', 'fifteen']);
      case 'year': return String(s.published.getUTCFullYear() - int(rng, 1, 12));
      case 'period': {
        const y2 = s.published.getUTCFullYear() - int(rng, 1, 3);
        return `between ${y2 - int(rng, 2, 6)} and ${y2}`;
      }
      case 'date': return fmtDate(new Date(s.published.getTime() - int(rng, 1, 400) * 86400000));
      case 'rel': return pick(rng, ['last week', 'two weeks ago', 'earlier this month', `on ${WEEKDAYS[(s.published.getUTCDay() + 6) % 7]}`, `last ${pick(rng, MONTHS)}`, 'in the spring', 'three days ago', 'last year', 'in recent months']);
      case 'when': return pick(rng, ['next month', 'next week', 'after the summer', `in ${pick(rng, MONTHS)}`, 'before the end of the year', 'within days']);
      case 'clause': return fill(rng, pick(rng, CLAUSES), s);
      case 'loaded': return pick(rng, LOADED);
      default: return k;
    }
  });
}

// Original sentence material. Clauses nest into the speech and quote templates below.
const CLAUSES = [
  '{A} had no intention of giving up {thing}',
  'the talks on {thing} would resume {when}',
  '{B} was preparing new measures against {A}',
  'the dispute over {thing} could only be settled by negotiation',
  'nobody in {Acap} would accept a settlement imposed from outside',
  '{org} should send observers to {city} without delay',
  'the figures published by {B} were deliberately misleading',
  '{A} would take its case to {org} {when}',
  'the government had received written guarantees from {T}',
  'the {noun} posed no threat to any neighbour',
  'a further {pct} cut would hit {count} households',
  '{B} had broken at least {small} commitments made in {year}',
  'the economy of {city} depended on {thing} more than on anything else',
  'both sides had exchanged proposals through {org}',
  'the crisis had cost the region {money} so far',
  '{T} would keep supplying both parties regardless of the outcome',
  'the latest incident near {city} had been a provocation',
  'the next round of talks would take place in {Bcap} {when}',
  'a joint technical commission would meet for the first time {when}',
  'the people of {city} deserved better than empty promises',
];

const LOADED = [
  'a reckless gamble with the lives of ordinary people',
  'the most shameless act of blackmail in the history of the region',
  'a cynical provocation dressed up as diplomacy',
  'an insult to every family that has lost a son',
  'a betrayal that history will not forgive',
  'a desperate attempt to hide a catastrophic failure',
];

const SENTENCES = [
  '{P} {sv} that {clause}.',
  '{P} {sv} on {date} that {clause}.',
  '"{Cclause}," {P} {sv}.',
  '“{Cclause}. {Cclause2},” {P} {sv}.',
  'According to {P}, {clause}.',
  'According to figures from {inst}, {pct} of {Adem} {noun} revenue came from {B} {period}.',
  '{A} spent {money} on {thing} {period}, {inst} estimated.',
  'The number of {Bdem} workers employed at {thing} rose from {count} to {count2} {period}.',
  'On {date}, delegations from {A} and {B} met in {city} to discuss {thing}.',
  '{rel}, {P} travelled to {Bcap} for talks that ended without a joint statement.',
  'The agreement on {thing} was signed in {Acap} on {date} and ratified {rel}.',
  '{org} voted {small} to {small2} {rel} in favour of a resolution on {thing}.',
  '{T} opened a consulate in {city} on {date}, a move welcomed in {Acap} and criticised in {Bcap}.',
  'Officials in {Bcap} described the decision as {loaded}.',
  'Critics of the government called the plan {loaded}.',
  '{A} has accused {B} of turning {thing} into a weapon.',
  '{B} denies the accusation and says {clause}.',
  'Independent analysts say the truth lies somewhere between the two accounts.',
  '{analyst} said the two governments had been counting different things.',
  'The {orgShort} secretariat has published {small} reports on {thing} since {year}.',
  'Trade across the border fell by {pct} {period}, customs data show.',
  'At least {small} people were injured in {city} {rel}, local officials said, while {Bdem} media put the number at {count}.',
  'The {Adem} side says {pct} of the work on {thing} is complete; {Bdem} officials say the real figure is closer to {pct2}.',
  'Residents of {city} said they had not been consulted about {thing}.',
  'Every true {Adem} knows that {thing} is a matter of national survival, the editorial said.',
  'If {B} is allowed to continue, the whole region will pay the price, {P} {sv}.',
  '{A} and {B} have held {small} rounds of talks on {thing} since {year}.',
  'A spokesperson for {org} {sv} that the organisation was "monitoring the situation closely".',
  'The {noun} has been a source of tension between {Acap} and {Bcap} since {year}.',
  'Neither government responded to requests for comment on {thing}.',
  '{P} is due to visit {city} {when} to inspect {thing}.',
  'Satellite images reviewed by {inst} show new construction near {city} since {date}.',
  'Fuel prices in {city} have risen by {pct} since {date}, according to the local chamber of commerce.',
  '{A} recalled its ambassador from {Bcap} on {date} and has not yet sent a replacement.',
  'Lawmakers in {Acap} approved {money} for {thing} by {vfor} votes to {vagainst}.',
  'A poll by {inst} found that {pct} of {Adem} voters support the government line on {thing}.',
  '{B} says it holds evidence that {clause}, but it has not published any.',
  'The {Bdem} embassy in {Acap} issued a statement rejecting what it called {loaded}.',
  'In {year}, {A} and {B} came close to a comprehensive agreement on {thing}, diplomats recall.',
  'Engineers at {thing} have been working in shifts since {date}.',
  'Some {count} people marched through {city} on {date} to protest against {thing}.',
  '"We have been patient for {small} years," {P} {sv}. "That patience has limits."',
  'Officials from {T} said they had offered to mediate between {Acap} and {Bcap}.',
  '{org} estimates that the dispute has displaced {count} people {period}.',
  'Analysts expect {A} to raise the issue at the {orgShort} summit {when}.',
  'For many families in {city}, the {noun} dispute is measured in lost wages rather than in percentages.',
  'Only foreign agents still doubt that {A} is right about {thing}, the commentary said.',
  '{A} will never kneel before {B}, {P} {sv} at a rally in {city}.',
  'Freight volumes through {city} dropped to {count} containers in {month}, down {pct} on a year earlier.',
  'The {Adem} central bank put the cost of the dispute at {money}, or {pct} of annual output.',
];

/** Draws templates without replacement and reshuffles when the deck runs out, so an article rarely repeats one. */
function deck<T>(rng: Rng, xs: readonly T[]): () => T {
  let cards: T[] = [];
  return () => {
    if (!cards.length) {
      cards = xs.slice();
      for (let i = cards.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [cards[i], cards[j]] = [cards[j], cards[i]];
      }
    }
    return cards.pop() as T;
  };
}

function sentence(rng: Rng, s: Story, next: () => string): string {
  const tpl = next();
  const out = fill(rng, tpl
    .replace('{Cclause}', capFirst(fill(rng, pick(rng, CLAUSES), s)))
    .replace('{Cclause2}', capFirst(fill(rng, pick(rng, CLAUSES), s)))
    .replace('{count2}', thousands(int(rng, 50000, 200000)))
    .replace('{small2}', String(int(rng, 1, 6)))
    .replace('{pct2}', `${int(rng, 2, 89)}%`), s);
  return capFirst(out);
}

interface Draft {
  title: string;
  titleVariant: string;
  byline: string;
  paragraphs: string[];
  story: Story;
  file?: string;
}

const TITLES = [
  '{An} and {Bn} trade accusations over {thing}',
  '{Pname}: {Bn} will answer for {thing}',
  'Talks on {thing} stall as {org} calls for restraint',
  '{An} signs {money} deal amid row over {thing}',
  '{Bn} rejects {Adem} claims on {thing}',
  '{Adem} minister warns {Bcap} over {thing}',
  'Thousands protest in {city} over {thing}',
  '{Tn} offers to mediate in {noun} dispute',
  'What is really at stake in {thing}',
  '{org} to send observers as {noun} dispute deepens',
  '{Acap} and {Bcap} agree to new round of talks on {thing}',
];

function draft(rng: Rng, outlet: Outlet, published: Date, range: [number, number]): Draft {
  const a = outlet.country ?? pick(rng, COUNTRIES);
  let b = pick(rng, COUNTRIES);
  while (b === a) b = pick(rng, COUNTRIES);
  let t = pick(rng, COUNTRIES);
  while (t === a || t === b) t = pick(rng, COUNTRIES);
  const topic = pick(rng, TOPICS);
  const people = [
    person(rng, a, pick(rng, ROLES)), person(rng, a, pick(rng, ROLES)),
    person(rng, b, pick(rng, ROLES)), person(rng, b, pick(rng, ROLES)),
  ];
  const story: Story = {
    a, b, t, topic, people, outlet, published,
    org: pick(rng, ORGS),
    thing: topic.thing(rng, a, b),
    analyst: `${pick(rng, FIRST)} ${pick(rng, LAST)} of ${pick(rng, INSTITUTES)}`,
  };
  // Stop at the first sentence that reaches the target; the longest sentence is under 40 words, so bodies stay
  // within 300-800 words by default (within [min, max + 40] in general).
  const target = int(rng, range[0], range[1]);
  const paragraphs: string[] = [];
  const next = deck(rng, SENTENCES);
  let words = 0;
  while (words < target) {
    const n = int(rng, 1, 4);
    const para: string[] = [];
    for (let i = 0; i < n && words < target; i++) {
      const s = sentence(rng, story, next);
      words += countWords(s);
      para.push(s);
    }
    paragraphs.push(para.join(' '));
  }
  return {
    title: capFirst(fill(rng, pick(rng, TITLES), story)),
    titleVariant: capFirst(fill(rng, pick(rng, TITLES), story)),
    byline: `${pick(rng, FIRST)} ${pick(rng, LAST)}`,
    paragraphs,
    story,
  };
}

/** An earlier wire story as another outlet runs it: some paragraphs dropped, a new headline, the wire's byline. */
function republish(rng: Rng, original: Draft, outlet: Outlet, published: Date): Draft {
  const keep = original.paragraphs.filter((_p, i) => i === 0 || rng() > 0.2);
  const story = { ...original.story, outlet, published };
  return {
    title: capFirst(fill(rng, pick(rng, TITLES), story)),
    titleVariant: capFirst(fill(rng, pick(rng, TITLES), story)),
    byline: original.story.outlet.name,
    paragraphs: keep,
    story,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering.

const pad2 = (n: number) => String(n).padStart(2, '0');
const stamp = (d: Date) => `${pad2(d.getUTCDate())} ${MON3[d.getUTCMonth()]} ${d.getUTCFullYear()} - ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
const isoMinute = (d: Date) => d.toISOString().slice(0, 16) + ':00Z';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function otherHeadlines(rng: Rng, s: Story, n: number): Array<{ title: string; when: Date }> {
  const out: Array<{ title: string; when: Date }> = [];
  let when = s.published.getTime();
  for (let i = 0; i < n; i++) {
    when -= int(rng, 10, 600) * 60000;
    out.push({ title: capFirst(fill(rng, pick(rng, TITLES), s)), when: new Date(when) });
  }
  return out;
}

function renderTxt(rng: Rng, d: Draft): string {
  const s = d.story;
  const o = s.outlet;
  const wireCopy = d.byline === d.story.outlet.name ? false : WIRES.some((w) => w.name === d.byline);
  const lines: string[] = [d.title, ''];
  if (rng() < 0.6) lines.push(d.titleVariant, '');
  lines.push(stamp(s.published));
  if (rng() < 0.4) lines.push(stamp(new Date(s.published.getTime() + int(rng, 20, 900) * 60000)));
  lines.push('');
  if (rng() < 0.5) lines.push(d.title);
  lines.push('', s.topic.section.toUpperCase(), '', wireCopy ? `By ${d.byline}` : `By: ${d.byline}`, '');
  lines.push(d.paragraphs.join('\n\n'), '');
  const heads = otherHeadlines(rng, s, int(rng, 2, 6));
  lines.push(rng() < 0.5 ? 'Read also' : 'Latest news', '');
  for (const h of heads) lines.push(h.title, stamp(h.when), '');
  if (rng() < 0.7) lines.push(`Follow ${o.name} on Telegram and X for the latest news.`, '');
  if (o.footer === 'licence') lines.push(`All content by ${o.name} is licensed under a Creative Commons Attribution 4.0 International License.`);
  else if (o.footer === 'feed') lines.push(`The post ${d.title} appeared first on ${o.name}.`);
  else lines.push(`(c) ${s.published.getUTCFullYear()} ${o.name}. All rights reserved.`);
  return lines.join('\n') + '\n';
}

function renderHtml(rng: Rng, d: Draft, url: string): string {
  const s = d.story;
  const o = s.outlet;
  const iso = isoMinute(s.published);
  const jsonLd = rng() < 0.7;
  const head: string[] = [
    '<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">',
    `<title>${esc(d.title)} | ${esc(o.name)}</title>`,
    `<meta property="og:site_name" content="${esc(o.name)}">`,
    `<meta property="og:title" content="${esc(d.title)}">`,
    `<meta property="og:url" content="${url}">`,
    '<meta property="og:type" content="article">',
  ];
  if (jsonLd) {
    const ld = {
      '@context': 'https://schema.org', '@type': 'NewsArticle', headline: d.title, datePublished: iso,
      author: { '@type': WIRES.some((w) => w.name === d.byline) ? 'Organization' : 'Person', name: d.byline },
      publisher: { '@type': 'Organization', name: o.name }, mainEntityOfPage: url,
    };
    head.push(`<script type="application/ld+json">${JSON.stringify(ld).replace(/</g, '\\u003c')}</script>`);
  } else {
    head.push(`<meta property="article:published_time" content="${iso}">`, `<meta property="article:author" content="${esc(d.byline)}">`);
  }
  head.push('</head>');
  const sections = ['Home', 'Politics', 'World', 'Economy', 'Energy', 'Security', 'Culture', 'Sport', 'Opinion'];
  const heads = otherHeadlines(rng, s, int(rng, 3, 5));
  const body = [
    '<body>',
    '<div class="cookie-notice">We use cookies to improve your experience and to measure our audience. <button>Accept</button> <a href="/cookies">Settings</a></div>',
    `<header><a class="logo" href="/">${esc(o.name)}</a><form action="/search"><input name="q" placeholder="Search"></form></header>`,
    `<nav>${sections.map((x) => `<a href="/${x.toLowerCase()}">${x}</a>`).join(' ')}</nav>`,
    '<main><article>',
    `<p class="section">${s.topic.section}</p>`,
    `<h1>${esc(d.title)}</h1>`,
    `<p class="byline">By ${esc(d.byline)} · <time datetime="${iso}">${stamp(s.published)}</time></p>`,
    '<div class="article-body">',
    ...d.paragraphs.map((p) => `<p>${esc(p)}</p>`),
    '</div>',
    '<div class="share">Share: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Telegram</a></div>',
    '</article>',
    `<section class="related"><h2>Related</h2><ul>${heads.map((h) => `<li><a href="/${slugify(h.title)}">${esc(h.title)}</a></li>`).join('')}</ul></section>`,
    '</main>',
    `<aside class="sidebar"><h3>Most read</h3><ol>${heads.slice(0, 3).map((h) => `<li>${esc(h.title)}</li>`).join('')}</ol><p>Subscribe to our newsletter.</p></aside>`,
    `<footer><p>© ${s.published.getUTCFullYear()} ${esc(o.name)}. All rights reserved.</p><p><a href="/about">About</a> · <a href="/privacy">Privacy</a> · <a href="/contact">Contact</a></p></footer>`,
    '</body>', '</html>',
  ];
  return head.concat(body).join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------------

const EPOCH = Date.UTC(2023, 0, 1);
const SPAN_MINUTES = 30 * 30 * 24 * 60; // about 30 months: January 2023 to mid-2025

/** Writes `opts.count` files into `dir` (created if missing). Deterministic for a given seed and options. */
export async function generateCorpus(dir: string, opts: GenerateOptions): Promise<GenerateResult> {
  const count = Math.max(0, Math.floor(opts.count));
  const htmlFraction = Math.min(1, Math.max(0, opts.html));
  const repFraction = opts.republications ?? 0.02;
  const dupFraction = opts.duplicates ?? 0.01;
  const rng = createRng(opts.seed ?? 42);
  const { all: outlets, wires } = pickOutlets(opts.outlets);
  const spanMinutes = opts.days === undefined ? SPAN_MINUTES : Math.round(opts.days * 24 * 60);
  if (!(spanMinutes > 0)) throw new Error(`days must be positive, got ${opts.days}`);
  const words = opts.words ?? [300, 760];
  if (!(Number.isInteger(words[0]) && Number.isInteger(words[1]) && words[0] >= 1 && words[0] <= words[1])) {
    throw new Error(`words must be two integers 1 <= min <= max, got ${JSON.stringify(opts.words)}`);
  }
  mkdirSync(dir, { recursive: true });

  const result: GenerateResult = { files: 0, txt: 0, html: 0, republications: 0, duplicates: 0, manifest: [] };
  const recentWire: Draft[] = [];
  const recentFiles: Array<{ name: string; content: string; ext: string }> = [];
  const width = String(Math.max(count, 1)).length;

  for (let i = 0; i < count; i++) {
    const published = new Date(EPOCH + int(rng, 0, spanMinutes) * 60000);
    const roll = rng();
    const asHtml = rng() < htmlFraction;
    const ext = asHtml ? 'html' : 'txt';
    const idx = String(i + 1).padStart(width, '0');
    let name: string;
    let content: string;
    let entry: GeneratedFile;

    if (roll < dupFraction && recentFiles.length) {
      // Exact duplicate: the same bytes saved again under another name (a re-scrape).
      const src = pick(rng, recentFiles);
      name = `${idx}-dup.${src.ext}`;
      content = src.content;
      entry = { file: name, kind: 'duplicate', of: src.name };
      result.duplicates++;
      if (src.ext === 'html') result.html++; else result.txt++;
    } else {
      let d: Draft;
      let kind: GeneratedFile['kind'] = 'original';
      if (roll < dupFraction + repFraction && recentWire.length) {
        const orig = pick(rng, recentWire);
        let outlet = pick(rng, outlets);
        while (outlet.kind === 'wire') outlet = pick(rng, outlets);
        const later = new Date(orig.story.published.getTime() + int(rng, 30, 2880) * 60000);
        d = republish(rng, orig, outlet, later);
        kind = 'republication';
        result.republications++;
        entry = { file: '', kind, of: orig.file };
      } else {
        // Wires are over-represented so there is always something to republish.
        const outlet = rng() < 0.15 ? pick(rng, wires) : pick(rng, outlets);
        d = draft(rng, outlet, published, words);
        entry = { file: '', kind };
      }
      name = `${idx}-${slugify(d.story.outlet.name)}-${slugify(d.title).slice(0, 60)}.${ext}`;
      d.file = name;
      const url = `https://${d.story.outlet.domain}/${d.story.topic.section.toLowerCase()}/${d.story.published.toISOString().slice(0, 10).replace(/-/g, '/')}/${slugify(d.title).slice(0, 80)}`;
      content = asHtml ? renderHtml(rng, d, url) : renderTxt(rng, d);
      entry.file = name;
      if (asHtml) result.html++; else result.txt++;
      if (kind === 'original' && d.story.outlet.kind === 'wire') {
        recentWire.push(d);
        if (recentWire.length > 200) recentWire.shift();
      }
    }

    recentFiles.push({ name, content, ext });
    if (recentFiles.length > 100) recentFiles.shift();
    result.manifest.push(entry);
    // Synchronous writes: measured faster than thousands of small fs/promises writes, and a generator has
    // nothing else to do meanwhile.
    writeFileSync(join(dir, name), content);
    result.files++;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv: string[]): { dir: string; count: number; html: number; seed: number; manifest?: string; outlets?: number; days?: number; words?: [number, number] } | string {
  let dir: string | undefined;
  let count = 10000;
  let html = 0.3;
  let seed = 42;
  let manifest: string | undefined;
  let outlets: number | undefined;
  let days: number | undefined;
  let words: [number, number] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === '--count') count = Number(next());
      else if (a === '--html') html = Number(next());
      else if (a === '--seed') seed = Number(next());
      else if (a === '--manifest') manifest = next();
      else if (a === '--outlets') outlets = Number(next());
      else if (a === '--days') days = Number(next());
      else if (a === '--words') {
        const m = /^(\d+)-(\d+)$/.exec(next());
        if (!m) return '--words must be MIN-MAX, e.g. 640-760';
        words = [Number(m[1]), Number(m[2])];
      }
      else if (a === '--help' || a === '-h') return 'help';
      else if (a.startsWith('--')) return `unknown option ${a}`;
      else if (dir === undefined) dir = a;
      else return `unexpected argument ${a}`;
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (!dir) return 'missing <dir>';
  if (!Number.isInteger(count) || count < 0) return '--count must be a non-negative integer';
  if (!(html >= 0 && html <= 1)) return '--html must be a fraction between 0 and 1';
  if (!Number.isInteger(seed)) return '--seed must be an integer';
  if (outlets !== undefined && !(Number.isInteger(outlets) && outlets >= 2)) return '--outlets must be an integer of at least 2';
  if (days !== undefined && !(days > 0)) return '--days must be a positive number';
  if (words && !(words[0] >= 1 && words[0] <= words[1])) return '--words must be MIN-MAX with 1 <= MIN <= MAX';
  return { dir, count, html, seed, manifest, outlets, days, words };
}

const USAGE = 'usage: node dist/bench/generate.js <dir> [--count 10000] [--html 0.3] [--seed 42] [--manifest <file.json>] [--outlets K] [--days D] [--words MIN-MAX]';

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (typeof args === 'string') {
    console.error(`${args}\n${USAGE}`);
    return 2;
  }
  const started = performance.now();
  const r = await generateCorpus(args.dir, { count: args.count, html: args.html, seed: args.seed, outlets: args.outlets, days: args.days, words: args.words });
  const ms = Math.round(performance.now() - started);
  if (args.manifest) await writeFile(args.manifest, JSON.stringify(r.manifest, null, 1) + '\n');
  console.log(`wrote ${r.files} files (${r.txt} txt, ${r.html} html; ${r.republications} republications, ${r.duplicates} exact duplicates) to ${resolve(args.dir)} in ${ms} ms`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => { console.error(e instanceof Error ? e.message : String(e)); process.exitCode = 1; },
  );
}
