/**
 * Names no lexicon holds, per script:
 * - Russian, Turkish, Azerbaijani (cased scripts): runs of capitalised words. A sentence's first word counts only
 *   when it is a known given name, the run goes on to another capitalised word, or it is all capitals. The kind
 *   comes from the run's own evidence: an organisation head (Partisi, Bakanlığı; Russian компания/банк before it,
 *   «…» after such a head), all capitals (an acronym), a place head (Caddesi, город) or a locative (Turkish 'da,
 *   Russian в/на), a given name, a title before it, a surname or patronymic ending; else a run of two or more words
 *   is a person and a single word a place (ru) or a person (tr, az).
 * - Persian, Arabic, Hebrew (no capitals): names introduced by a title or role (آقای، وزیر، الرئيس، السيد، ראש
 *   הממשלה، השר), by a common given name, and organisations and places introduced by their head noun (دانشگاه،
 *   شركة، משרד، شهر، مدينة، העיר). A name runs over at most three words and stops at a function word, punctuation,
 *   another title or head, or a lexicon name.
 * A later mention of a discovered person by the last word of their name is the same person.
 */
import type { ActorMention } from '../detect.js';
import { ruCaseStem, ruStem, type MlLang, type MlLexicon } from './lexicon.js';
import { discoveredId, joined, readings, type MlCand, type MlWord } from './detect.js';

type Kind = ActorMention['actorKind'];

const RU_PERSON = /(?:ов|ев|ёв|ин|ын|ский|цкий|ская|цкая|ова|ева|ина|ына|ович|евич|овна|евна|ична|ян|дзе|швили|енко|ук|юк)(?:а|у|ым|ом|е|ой|ого|ому|им|ую|ы|ых|ыми)?$/u;
const TURKIC_PERSON = /(?:oğlu|oğlu|yev|yeva|ov|ova|zade|zadə|yan|ev|eva)$/u;
const MAX_NAME_WORDS = 3;
const TURKIC_INFLECTED = /^\p{L}{3,}(?:ları|leri|ların|lerin|larını|lerini|larına|lerine|lardan|lerden|larda|lerde|ından|inden|undan|ünden|ında|inde|unda|ünde|ının|inin|unun|ünün|ıyor|iyor|uyor|üyor|mış|miş|muş|müş|ması|mesi|lık|lik|luk|lük|ıda|ıdan|ına|ını|ıyla)$/u;

function isStop(w: MlWord, lex: MlLexicon): boolean {
  return lex.stop.has(w.key) || (lex.lang === 'ru' && w.key.length <= 2 && w.cap === 1 && w.text.length <= 2);
}

/** The longest title (role) starting at word i: its end word index, or -1. Hebrew/Arabic titles may carry a prefix. */
function titleAt(text: string, words: readonly MlWord[], i: number, lex: MlLexicon): number {
  for (const r of readings(words[i], lex, true, false)) {
    const list = lex.titleKeys.get(r.key);
    if (!list) continue;
    for (const t of list) {
      let ok = i + t.length <= words.length;
      for (let k = 1; ok && k < t.length; k++) ok = words[i + k].key === t[k] && joined(text, words[i + k - 1], words[i + k]);
      if (ok) return i + t.length;
    }
  }
  return -1;
}

function headKey(w: MlWord, lex: MlLexicon, set: Set<string>): boolean {
  return readings(w, lex, true, false).some((r) => set.has(r.key));
}

interface Ctx {
  text: string;
  words: readonly MlWord[];
  lex: MlLexicon;
  covered: Int8Array;
  out: MlCand[];
  /** Discovered names typed only by the fallback (see kindOfRun); the document may type them (propagate). */
  weak: Set<MlCand>;
  /** Cased scripts: words written in lower case somewhere in the text outside a sentence start (not names). */
  lower: Set<string>;
}

function push(ctx: Ctx, a: number, b: number, kind: Kind, via: string, titleA?: number): void {
  const { words, lex } = ctx;
  const span = { start: words[a].start, end: words[b - 1].end };
  // Turkish/Azerbaijani: the suffix after an apostrophe is not part of the name
  const last = words[b - 1];
  if (last.apostrophe) span.end = last.start + last.text.search(/['’]/u);
  const label = ctx.text.slice(span.start, span.end);
  const c: MlCand = { a, b, span, kind, actorId: discoveredId(kind, words, a, b, lex.lang), canonical: label, labelType: 'name', via };
  if (titleA !== undefined && titleA < a) c.titleSpan = { start: words[titleA].start, end: words[a - 1].end };
  ctx.out.push(c);
  for (let k = a; k < b; k++) ctx.covered[k] = 1;
}

/** Name words after position j in an uncased script: up to MAX_NAME_WORDS, stopping at what cannot be in a name. */
/**
 * An Arabic word with a preposition or conjunction fused to the article (للصحفيين 'to the journalists', بالقول,
 * والوزير 'and the minister') is the rest of the clause, never a later word of a name: a family name takes the bare
 * article (عمر حسن البشير).
 */
function clauseWord(w: MlWord, lex: MlLexicon): boolean {
  return lex.lang === 'ar' && /^(?:لل|بال|كال|وال|فال)/u.test(w.key);
}

function nameRun(ctx: Ctx, j: number, max = MAX_NAME_WORDS): number {
  const { words, lex, text, covered } = ctx;
  let b = j;
  while (b < words.length && b - j < max && !covered[b] && !isStop(words[b], lex) && /\p{L}/u.test(words[b].key)) {
    if (b > j && (!joined(text, words[b - 1], words[b]) || clauseWord(words[b], lex))) break;
    if (b > j && (titleAt(text, words, b, lex) >= 0 || headKey(words[b], lex, lex.orgHeads) || headKey(words[b], lex, lex.placeHeads))) break;
    b++;
  }
  return b;
}

/**
 * Where the name starts after the title words[i..t) (j: first word after the title's state or demonym): right away
 * after an honorific (آقای, السيد, מר); after a role (وزیر, رئيس, שר) at a given name within the next three words,
 * or in Hebrew after the role's definite complement (שר הביטחון X); -1 when no name follows.
 */
function nameStart(ctx: Ctx, i: number, t: number, j: number): number {
  const { words, lex, text, covered } = ctx;
  const title = words.slice(i, t).map((w, k) => (k === 0 ? readings(w, lex, true, false).map((r) => r.key) : [w.key]));
  const honorific = title[0].some((k0) => lex.honorifics.has([k0, ...title.slice(1).map((x) => x[0])].join(' ')));
  if (honorific) return j;
  for (let k = j; k < words.length && k - j < 3 && !covered[k] && !isStop(words[k], lex); k++) {
    if (k > j && !joined(text, words[k - 1], words[k])) break;
    if (headKey(words[k], lex, lex.firstNames)) return k;
    if (lex.lang === 'he' && !words[k].key.startsWith('ה')) return k === j ? -1 : k;
  }
  return -1;
}

/**
 * Arabic and Hebrew put the subject after a reporting verb (وقال بوش إن، אמר אתמול לוי): a word there that is not
 * definite (ال, ה), not a function word and not a common subject noun (مصدر، مسؤول، דובר) starts a person's name; a
 * known given name may be followed by definite words (عمر حسن البشير). Returns the name's word range, or null.
 */
function subjectAfterVerb(ctx: Ctx, i: number): [number, number] | null {
  const { words, lex, text, covered } = ctx;
  // a verb takes only the conjunctions and the relative (و ف, ו ש כש) before it, not a preposition (מטען is not טען)
  const verb = words[i].key.replace(lex.lang === 'ar' ? /^[وف](?=\p{L}{3})/u : /^(?:ו|ש|וש|כש|וכש)(?=\p{L}{3})/u, '');
  if (!lex.reportingVerbs.size || !(lex.reportingVerbs.has(words[i].key) || lex.reportingVerbs.has(verb))) return null;
  let j = i + 1;
  // one time word between verb and subject: وقال أمس، אמר אתמול
  if (j < words.length && lex.notSubjects.has(words[j].key) && lex.stop.has(words[j].key)) j++;
  if (j >= words.length || covered[j] || !joined(text, words[j - 1], words[j])) return null;
  const definite = (w: MlWord): boolean => (lex.lang === 'ar' ? /^(?:ال|لل)/u.test(w.key) : w.key.startsWith('ה'));
  const plain = (w: MlWord): boolean => !isStop(w, lex) && !lex.notSubjects.has(w.key) && /^\p{L}{2,}$/u.test(w.key) && titleAt(text, words, words.indexOf(w), lex) < 0 && !headKey(w, lex, lex.orgHeads) && !headKey(w, lex, lex.placeHeads);
  const given = headKey(words[j], lex, lex.firstNames);
  if (!plain(words[j]) || (!given && definite(words[j]))) return null;
  // a given name starts a full name (up to three words); any other word is a surname said alone
  let b = j + 1;
  while (given && b < words.length && b - j < MAX_NAME_WORDS && !covered[b] && joined(text, words[b - 1], words[b]) && plain(words[b]) && !clauseWord(words[b], lex)) b++;
  return [j, b];
}

function uncased(ctx: Ctx): void {
  const { words, lex, text, covered } = ctx;
  for (let i = 0; i < words.length; i++) {
    if (covered[i]) continue;
    const subject = subjectAfterVerb(ctx, i);
    if (subject) {
      push(ctx, subject[0], subject[1], 'person', 'ml-reporting-verb');
      i = subject[1] - 1;
      continue;
    }
    const t = titleAt(text, words, i, lex);
    if (t > 0 && t < words.length && joined(text, words[t - 1], words[t])) {
      let j = t;
      // "رئیس‌جمهور ایران حسن روحانی", "الرئيس الإيراني ...": the title's state or demonym, then the name
      while (j < words.length && covered[j] && j - t < 3 && !ctx.out.some((c) => c.a === j && c.kind === 'person')) j++;
      // an Arabic relative adjective no lexicon holds (الرئيس السوداني، وزير الخارجية الياباني) belongs to the title
      while (lex.lang === 'ar' && j < words.length && j - t < 3 && !covered[j] && /^ال\p{L}{3,}ي$/u.test(words[j].key) && !headKey(words[j], lex, lex.firstNames)) j++;
      if (j < words.length && covered[j]) continue; // the title is followed by a known person
      if (j > t && !(j < words.length && joined(text, words[j - 1], words[j]))) continue;
      if (j >= words.length || titleAt(text, words, j, lex) >= 0 || headKey(words[j], lex, lex.orgHeads) || headKey(words[j], lex, lex.placeHeads)) continue;
      const start = nameStart(ctx, i, t, j);
      if (start < 0) continue;
      j = start;
      const given = headKey(words[j], lex, lex.firstNames);
      const b = nameRun(ctx, j, given ? (j + 1 < words.length && headKey(words[j + 1], lex, lex.firstNames) ? 3 : 2) : 1);
      if (b > j) push(ctx, j, b, 'person', 'ml-title', i);
      i = Math.max(i, b - 1);
      continue;
    }
    if (headKey(words[i], lex, lex.firstNames) && i + 1 < words.length && joined(text, words[i], words[i + 1]) && !covered[i + 1] && !isStop(words[i + 1], lex)) {
      const second = headKey(words[i + 1], lex, lex.firstNames);
      const b = nameRun(ctx, i, second ? 3 : 2);
      if (b - i >= 2) {
        push(ctx, i, b, 'person', 'ml-given-name');
        i = b - 1;
      }
      continue;
    }
    const org = headKey(words[i], lex, lex.orgHeads);
    const place = !org && headKey(words[i], lex, lex.placeHeads);
    if ((org || place) && i + 1 < words.length && joined(text, words[i], words[i + 1])) {
      if (covered[i + 1]) {
        // "دانشگاه تهران": a head before a known place names an organisation; the place inside it is not reported
        const inner = ctx.out.find((c) => c.a === i + 1);
        if (org && inner && (inner.kind === 'place' || inner.kind === 'state')) {
          ctx.out.splice(ctx.out.indexOf(inner), 1);
          push(ctx, i, inner.b, 'organisation', 'ml-org-head');
          i = inner.b - 1;
        }
        continue;
      }
      // Persian institution names run longer after their head (شورای عالی امنیت کشور); two words elsewhere
      let b = nameRun(ctx, i + 1, org ? (lex.lang === 'fa' ? MAX_NAME_WORDS : 2) : 1);
      // "شرکت ملی نفت ایران", "شركة نفط الكويت": a known state or place right after the name ends it
      const inner = org && b > i + 1 && b < words.length && joined(text, words[b - 1], words[b]) ? ctx.out.find((c) => c.a === b && (c.kind === 'state' || c.kind === 'place')) : undefined;
      if (inner) {
        ctx.out.splice(ctx.out.indexOf(inner), 1);
        b = inner.b;
      }
      if (b > i + 1) {
        if (org) push(ctx, i, b, 'organisation', 'ml-org-head');
        else push(ctx, i + 1, b, 'place', 'ml-place-head');
        i = b - 1;
      }
    }
  }
}

function capRunEnd(ctx: Ctx, i: number): number {
  const { words, text, covered, lex } = ctx;
  let b = i;
  while (b < words.length && !covered[b] && words[b].cap > 0 && !lex.notNames.has(words[b].key) && (b === i || (joined(text, words[b - 1], words[b]) && !words[b - 1].apostrophe && words[b].sentence === words[i].sentence))) b++;
  return b;
}

/** The kind of a capitalised run and whether its own evidence says so (weak: only the fallback by length). */
function kindOfRun(ctx: Ctx, a: number, b: number): { kind: Kind; weak: boolean } {
  const k = kindEvidence(ctx, a, b);
  if (k) return { kind: k, weak: false };
  if (ctx.lex.lang === 'tr' && ctx.words[b - 1].apostrophe && ctx.words[b - 1].cap === 2) return { kind: 'organisation', weak: true };
  if (b - a >= 2) return { kind: 'person', weak: true };
  return { kind: ctx.lex.lang === 'ru' ? 'place' : 'person', weak: true };
}

function kindEvidence(ctx: Ctx, a: number, b: number): Kind | null {
  const { words, lex, text } = ctx;
  const prev = a > 0 && joined(text, words[a - 1], words[a]) ? words[a - 1] : undefined;
  const prevQuoted = a > 1 && /^\s*«$/u.test(text.slice(words[a - 1].end, words[a].start)) ? words[a - 1] : undefined;
  const last = words[b - 1];
  const keys = (w: MlWord): string[] => (lex.lang === 'ru' || lex.lang === 'az' ? readings(w, lex, false, true).map((r) => r.key) : [w.key]);
  for (let k = a; k < b; k++) if (keys(words[k]).some((x) => lex.orgHeads.has(x))) return 'organisation';
  // "ВКонтакте", "iPhone": a capital inside a word is a brand's
  if (b - a === 1 && /\p{Ll}\p{Lu}|^\p{Lu}\p{Lu}\p{Ll}{2}/u.test(words[a].text) && !words[a].text.includes('-')) return 'organisation';
  // Turkish and Azerbaijani sports clubs: Bursaspor, Kocaelispor, Gençlerbirliği Spor
  if ((lex.lang === 'tr' || lex.lang === 'az') && /spor$/u.test(last.key)) return 'organisation';
  for (const p of [prev, prevQuoted]) if (p && readings(p, lex, true, true).some((r) => lex.orgHeads.has(r.key) || lex.orgHeads.has(ruStem(r.key)))) return 'organisation';
  // Russian sets the names of companies, outlets, ships and works in guillemets: «Газпром», «Академик Рябинин»
  if (lex.lang === 'ru' && /[«"„“]\s*$/u.test(text.slice(Math.max(0, words[a].start - 2), words[a].start)) && /^\s*[»"“”]/u.test(text.slice(last.end, last.end + 2))) return 'organisation';
  if (b - a === 1 && words[a].cap === 2) return 'organisation';
  if (keys(last).some((x) => lex.placeHeads.has(x))) return 'place';
  if (prev && readings(prev, lex, true, true).some((r) => lex.placeHeads.has(r.key) || lex.placeHeads.has(ruStem(r.key)))) return 'place';
  if (lex.firstNames.has(words[a].key) || (lex.lang === 'ru' && lex.firstNames.has(ruStem(words[a].key)))) return 'person';
  if (a > 0 && titleAt(text, words, Math.max(0, a - 1), lex) === a) return 'person';
  const surname = lex.lang === 'ru' ? RU_PERSON : TURKIC_PERSON;
  if (surname.test(last.key)) return 'person';
  if (lex.lang !== 'ru' && (lex.locatives.has(last.apostrophe) || (b - a === 1 && lex.locatives.has(last.apostrophe)))) return 'place';
  if (lex.lang === 'ru' && prev && lex.locatives.has(prev.key)) return 'place';
  return null;
}

/** The run is a whole quotation («Газпром», “Zeki Triko”): a name set in quote marks, not a capitalised first word. */
function enclosed(text: string, first: MlWord, last: MlWord): boolean {
  return /[«“„"]\s*$/u.test(text.slice(Math.max(0, first.start - 2), first.start)) && /^\s*[»”“"]/u.test(text.slice(last.end, last.end + 2));
}

/**
 * Russian: the noun that says what an organisation is, written just before its name, is part of the mention
 * (компании Microsoft, агентства Regnum, банка «Россия»), as Russian news and factRuEval draw it; the actor stays the
 * organisation named.
 */
function ruDescriptors(ctx: Ctx): void {
  const { words, text, covered } = ctx;
  for (const c of ctx.out) {
    if (c.kind !== 'organisation' || c.a === 0 || covered[c.a - 1]) continue;
    const p = words[c.a - 1];
    if (p.cap !== 0 || !isOrgHead(ctx, p) || !/^[\s«"„“]*$/u.test(text.slice(p.end, words[c.a].start))) continue;
    covered[c.a - 1] = 1;
    c.a--;
    c.span = { start: p.start, end: c.span.end };
  }
}

/**
 * Russian: after "компания «Северсталь»" the same document's later "компании", "компанию" alone is that company
 * (the descriptor used as its name), unless a plural or quantifying word before it makes it generic (многие
 * компании). Only the last organisation named with that head is meant.
 */
function ruAnaphora(ctx: Ctx): void {
  const { words, lex, covered } = ctx;
  const named = ctx.out.filter((c) => c.kind === 'organisation' && c.b - c.a >= 2 && words[c.a].cap !== 2 && isOrgHead(ctx, words[c.a])).sort((x, y) => x.a - y.a);
  if (!named.length) return;
  const stemOf = (w: MlWord): string => ruCaseStem(w.key);
  for (let k = named[0].b; k < words.length; k++) {
    const w = words[k];
    if (covered[k] || w.cap !== 0) continue;
    const prev = words[k - 1];
    if (prev && prev.sentence === w.sentence && (GENERIC_BEFORE.test(prev.key) || (!lex.stop.has(prev.key) && /(?:ие|ые|их|ых|ими|ыми)$/u.test(prev.key)))) continue;
    let antecedent: MlCand | undefined;
    for (const c of named) if (c.b <= k && stemOf(words[c.a]) === stemOf(w)) antecedent = c;
    if (!antecedent) continue;
    push(ctx, k, k + 1, 'organisation', 'ml-descriptor');
    const c = ctx.out[ctx.out.length - 1];
    c.actorId = antecedent.actorId;
    c.canonical = antecedent.canonical;
    c.labelType = 'short-name';
  }
}
const GENERIC_BEFORE = /^(?:многие|многих|некоторые|некоторых|другие|других|все|всех|эти|этих|такие|таких|разные|разных|несколько|ряд|ряда|одна|одной|одну|один|одного|любая|любой|каждая|каждой|какая|какой|чья|новая|новой|новую)$/u;

/** Russian: a head noun before «Name» is part of the organisation's name (газеты «Культура», ОАО «Газпром»). */
function ruQuotedOrgs(ctx: Ctx): void {
  const { words, lex, text, covered } = ctx;
  for (let i = 1; i < words.length; i++) {
    if (covered[i] || covered[i - 1] || words[i].cap === 0 || !/«\s*$/u.test(text.slice(words[i - 1].end, words[i].start))) continue;
    if (!readings(words[i - 1], lex, false, true).some((r) => lex.orgHeads.has(r.key))) continue;
    let b = i + 1;
    while (b < words.length && b - i < 5 && /^\s*$/u.test(text.slice(words[b - 1].end, words[b].start))) b++;
    const close = text.indexOf('»', words[b - 1].end);
    if (close < 0 || close - words[b - 1].end > 1) continue;
    push(ctx, i - 1, b, 'organisation', 'ml-org-head');
    const c = ctx.out[ctx.out.length - 1];
    c.span = { start: words[i - 1].start, end: close + 1 };
    c.canonical = text.slice(c.span.start, c.span.end);
  }
}

/** Russian: a capitalised adjective before an organisation head (Большой театр, Первого канала) names it. */
function ruHeadAfter(ctx: Ctx, b: number): number {
  const { words, lex, text, covered } = ctx;
  const w = words[b];
  if (lex.lang !== 'ru' || !w || covered[b] || w.cap !== 0 || !joined(text, words[b - 1], w)) return b;
  // a title is no name to put before the head (Представитель компании)
  if (titleAt(text, words, b - 1, lex) >= 0 || GENERIC_BEFORE.test(words[b - 1].key)) return b;
  return readings(w, lex, false, true).some((r) => lex.orgHeads.has(r.key)) ? b + 1 : b;
}

/** Words a..k-1 before a title in a capitalised run name the title's organisation: an acronym or a run with an organisation head. */
function ownerBeforeTitle(ctx: Ctx, a: number, k: number): boolean {
  const { words, lex } = ctx;
  if (words.slice(a, k).every((w) => w.cap === 2 && w.key.length <= 5)) return true;
  return readings(words[k - 1], lex, false, true).some((r) => lex.orgHeads.has(r.key)) && !lex.orgHeads.has(words[a].key);
}

const isOrgHead = (ctx: Ctx, w: MlWord): boolean => readings(w, ctx.lex, false, true).some((r) => ctx.lex.orgHeads.has(r.key));

/**
 * Turkish, Azerbaijani: where a capitalised run that names an organisation ends. It ends after an organisation head
 * followed by an acronym (Muhafazakar Partisi | CDU); it goes on over "ve" to a later head (Endüstri ve Ticaret
 * Bankası).
 */
function turkicOrgEnd(ctx: Ctx, i: number, b: number): number {
  const { words, lex, text } = ctx;
  if (lex.lang !== 'tr' && lex.lang !== 'az') return b;
  for (let k = i; k < b - 1; k++) if (words[k + 1].cap === 2 && isOrgHead(ctx, words[k]) && !words[k].apostrophe) return k + 1;
  const and = words[b];
  if (b > i && and && and.key === 've' && b + 1 < words.length && joined(text, words[b - 1], and) && joined(text, and, words[b + 1]) && words[b + 1].cap === 1) {
    const e = capRunEnd(ctx, b + 1);
    if (e > b + 1 && isOrgHead(ctx, words[e - 1])) return e;
  }
  return b;
}

/**
 * Turkish, Azerbaijani: an organisation named after a place or a nation starts with it (İstanbul Borsası, ABD Merkez
 * Bankası, Türk Dil Kurumu): the place found by the lexicon just before the run joins the organisation's name.
 */
function turkicOrgStart(ctx: Ctx, a: number, b: number): number {
  const { words, lex, text, covered } = ctx;
  if ((lex.lang !== 'tr' && lex.lang !== 'az') || a === 0 || !isOrgHead(ctx, words[b - 1]) || !joined(text, words[a - 1], words[a]) || words[a - 1].apostrophe) return a;
  const p = words[a - 1];
  if (!covered[a - 1] && p.cap === 1 && lex.notNames.has(p.key)) return a - 1;
  const inner = ctx.out.find((c) => c.b === a && c.entry && (c.kind === 'place' || c.kind === 'state'));
  if (!inner) return a;
  ctx.out.splice(ctx.out.indexOf(inner), 1);
  for (let k = inner.a; k < a; k++) covered[k] = 0;
  return inner.a;
}

function cased(ctx: Ctx): void {
  const { words, lex, covered } = ctx;
  for (let i = 0; i < words.length; i++) {
    if (covered[i] || words[i].cap === 0) continue;
    if (lex.notNames.has(words[i].key)) continue;
    let a = i;
    const b = turkicOrgEnd(ctx, i, ruHeadAfter(ctx, capRunEnd(ctx, i)));
    // capitals for emphasis (headlines, "ARANAN"): an acronym is short and stands alone
    if (words[a].cap === 2 && (words[a].key.length > 5 || (b - a > 1 && words[b - 1].cap === 2))) {
      i = b - 1;
      continue;
    }
    if (words[a].initial && words[a].cap !== 2 && !enclosed(ctx.text, words[a], words[b - 1])) {
      const known = lex.firstNames.has(words[a].key) || (lex.lang === 'ru' && lex.firstNames.has(ruStem(words[a].key)));
      // Turkish and Azerbaijani set a suffix off with an apostrophe only after a proper name (Kohl'ün, Beşiktaş'ın)
      const turkic = lex.lang === 'tr' || lex.lang === 'az';
      const proper = (words[a].apostrophe !== '' || (turkic && /\p{L}{2}spor$/u.test(words[a].key))) && b - a === 1;
      // "Toplantıda Kemal Bey": a first word with a case ending and no apostrophe is a common word before the name
      const inflected = turkic && !known && b - a > 1 && !words[a].apostrophe && TURKIC_INFLECTED.test(words[a].key) && titleAt(ctx.text, words, a, lex) < 0 && !lex.titleHeads.has(words[a + 1].key);
      if (isStop(words[a], lex) || inflected || ctx.lower.has(words[a].key.toLocaleLowerCase(lex.lang)) || (!known && !proper && b - a === 1)) a++;
    }
    if (titleAt(ctx.text, words, a, lex) === b) {
      i = b - 1; // a title alone ("Cumhurbaşkanı" before a known name) is not a name
      continue;
    }
    // a title inside the run ("Dışişleri Bakanı Hakan Fidan", "Adalet Bakanı") is not part of the name
    let titleA: number | undefined;
    for (let k = a; k < b; k++) {
      const t = titleAt(ctx.text, words, k, lex);
      const end = t > k ? t : lex.titleHeads.has(words[k].key) ? k + 1 : -1;
      if (end > k && end <= b) {
        if (k > a && ownerBeforeTitle(ctx, a, k)) push(ctx, a, k, 'organisation', words[a].cap === 2 && k - a === 1 ? 'ml-acronym' : 'ml-org-head');
        titleA = a;
        a = end;
        k = end - 1;
      }
    }
    // a lone word of origin (Batılı, Ankaralı) is an adjective, not a name
    if (b - a === 1 && (lex.lang === 'tr' || lex.lang === 'az') && /(?:lı|li|lu|lü)$/u.test(words[a].key) && !/oğlu$/u.test(words[a].key)) a = b;
    if (a < b && b - a === 1 && words[a].key.replace(/[^\p{L}]/gu, '').length < 2) a = b;
    if (a < b && !/^\p{N}/u.test(words[a].key)) {
      while (a < b && isStop(words[a], lex)) a++;
      if (a < b) {
        a = turkicOrgStart(ctx, a, b);
        // "Mesut Bey": an honorific after the name makes it a person's and is not part of it
        const honorific = b - a >= 2 && lex.personAfter.has(words[b - 1].key) ? 1 : 0;
        const { kind, weak } = honorific ? { kind: 'person' as const, weak: false } : kindOfRun(ctx, a, b);
        // a run typed by nothing but its length whose words carry Turkish case or derivation endings (Komandoları,
        // Ölümün Toplumsal Anatomisi) is a title or a phrase: names take their suffixes after an apostrophe
        if (weak && (lex.lang === 'tr' || lex.lang === 'az') && words.slice(a, b).some((w) => !w.apostrophe && w.cap === 1 && TURKIC_INFLECTED.test(w.key))) {
          i = b - 1;
          continue;
        }
        push(ctx, a, b - honorific, kind, words[a].cap === 2 && b - a === 1 ? 'ml-acronym' : 'ml-capitalised', titleA);
        if (weak) ctx.weak.add(ctx.out[ctx.out.length - 1]);
      }
    }
    i = b - 1;
  }
}

/** Persian, Arabic, Hebrew: the last word of a discovered full name, used alone elsewhere, is that person. */
function bareSurnames(ctx: Ctx): void {
  const { words, lex, covered } = ctx;
  const byLast = new Map<string, MlCand>();
  for (const c of ctx.out) if (c.kind === 'person' && c.b - c.a >= 2 && !lex.firstNames.has(words[c.b - 1].key)) byLast.set(words[c.b - 1].key, c);
  if (!byLast.size) return;
  for (let k = 0; k < words.length; k++) {
    if (covered[k]) continue;
    const f = readings(words[k], lex, true, true).map((r) => byLast.get(r.key)).find(Boolean);
    if (!f) continue;
    push(ctx, k, k + 1, 'person', 'ml-surname');
    const c = ctx.out[ctx.out.length - 1];
    c.actorId = f.actorId;
    c.canonical = f.canonical;
    c.stateId = f.stateId;
  }
}

/** One person: a discovered single word that is the last word of a discovered full name is that person. */
function linkSurnames(ctx: Ctx, lang: MlLang): void {
  const stem = (w: MlWord): string => (lang === 'ru' ? ruCaseStem(w.key) : w.key);
  const byLast = new Map<string, MlCand>();
  for (const c of ctx.out) if (c.kind === 'person' && c.b - c.a >= 2 && !c.entry) byLast.set(stem(ctx.words[c.b - 1]), c);
  for (const c of ctx.out) {
    if (c.entry || c.b - c.a !== 1) continue;
    const f = byLast.get(stem(ctx.words[c.a]));
    if (f) {
      c.kind = 'person';
      c.actorId = f.actorId;
      c.canonical = f.canonical;
    }
  }
}

/**
 * One document, one reading of a name: a discovered name typed only by the fallback takes the kind that the same
 * name (Russian: the same stems) has where its own evidence types it (an organisation head, «quotes», a given name,
 * a title, a locative), the most frequent such kind when several.
 */
function propagate(ctx: Ctx): void {
  if (!ctx.weak.size) return;
  const key = (c: MlCand): string => discoveredId('place', ctx.words, c.a, c.b, ctx.lex.lang);
  const votes = new Map<string, Map<Kind, number>>();
  for (const c of ctx.out) {
    if (ctx.weak.has(c) || c.entry || c.via === 'ml-surname') continue;
    const k = key(c);
    const v = votes.get(k) ?? new Map<Kind, number>();
    v.set(c.kind, (v.get(c.kind) ?? 0) + 1);
    votes.set(k, v);
  }
  for (const c of ctx.weak) {
    const v = votes.get(key(c));
    if (!v) continue;
    const kind = [...v].sort((x, y) => y[1] - x[1])[0][0];
    if (kind === c.kind) continue;
    c.kind = kind;
    c.actorId = discoveredId(kind, ctx.words, c.a, c.b, ctx.lex.lang);
  }
}

const LATIN_NAME = /^[A-Z][\p{Script=Latin}\p{N}.&+-]*$/u;

/**
 * In Russian, Persian, Arabic and Hebrew text a run of capitalised Latin-script words is a brand, company, outlet
 * or institution written in its own script (Facebook, Microsoft, CNN): people's names are transliterated.
 */
function latinRuns(ctx: Ctx): void {
  const { words, text, covered } = ctx;
  for (let i = 0; i < words.length; i++) {
    if (covered[i] || words[i].text.length < 2 || !LATIN_NAME.test(words[i].text)) continue;
    let b = i + 1;
    while (b < words.length && !covered[b] && /^[\p{Script=Latin}\p{N}.&+-]+$/u.test(words[b].text) && joined(text, words[b - 1], words[b])) b++;
    while (b > i + 1 && !/^[A-Z0-9]/u.test(words[b - 1].text)) b--;
    push(ctx, i, b, 'organisation', 'ml-latin');
    i = b - 1;
  }
}

/** "Kuzey Irak": a compass word before a known place or state names a region (a place). */
function placeModifiers(ctx: Ctx): void {
  const { words, text, lex, covered } = ctx;
  if (!lex.placeModifiers.size) return;
  for (const c of ctx.out) {
    if ((c.kind !== 'place' && c.kind !== 'state') || c.a === 0) continue;
    const p = words[c.a - 1];
    if (covered[c.a - 1] || p.cap === 0 || !lex.placeModifiers.has(p.key) || !joined(text, p, words[c.a])) continue;
    c.a--;
    covered[c.a] = 1;
    c.span = { start: p.start, end: c.span.end };
    c.kind = 'place';
    c.actorId = discoveredId('place', words, c.a, c.b, lex.lang);
    c.canonical = text.slice(c.span.start, c.span.end);
    c.labelType = 'name';
    c.entry = undefined;
  }
}

/**
 * "Selin Aydın", "Ahmet Kars": a city name right after a given name, or after another capitalised word inside a
 * sentence, is a person's surname (cased scripts): the place match is dropped and the capitalised run reads the name.
 */
function namesOverPlaces(ctx: Ctx): void {
  const { words, text, lex, covered } = ctx;
  for (let n = ctx.out.length - 1; n >= 0; n--) {
    const c = ctx.out[n];
    if (c.kind !== 'place' || !c.entry || c.a === 0 || covered[c.a - 1] || c.b - c.a !== 1) continue;
    const p = words[c.a - 1];
    if (p.cap !== 1 || p.apostrophe || !joined(text, p, words[c.a])) continue;
    const given = lex.firstNames.has(p.key) || (lex.lang === 'ru' && lex.firstNames.has(ruStem(p.key)));
    const other = !p.initial && !lex.notNames.has(p.key) && !isStop(p, lex) && !headKey(p, lex, lex.orgHeads) && !headKey(p, lex, lex.placeHeads) && titleAt(text, words, c.a - 1, lex) < 0 && !lex.placeModifiers.has(p.key);
    if (!given && !other) continue;
    ctx.out.splice(n, 1);
    covered[c.a] = 0;
  }
}

/** "Tayyip Erdoğan": given names written before a known surname belong to the name (cased scripts). */
function extendPeopleLeft(ctx: Ctx): void {
  const { words, text, lex, covered } = ctx;
  for (const c of ctx.out) {
    if (c.kind !== 'person' || !c.entry) continue;
    let a = c.a;
    while (a > 0 && c.a - a < 2) {
      const p = words[a - 1];
      if (covered[a - 1] || p.cap !== 1 || p.apostrophe || !joined(text, p, words[a]) || lex.notNames.has(p.key) || isStop(p, lex) || titleAt(text, words, a - 1, lex) >= 0) break;
      if (p.initial && !lex.firstNames.has(p.key)) break;
      a--;
    }
    if (a === c.a) continue;
    for (let k = a; k < c.a; k++) covered[k] = 1;
    c.span = { start: words[a].start, end: c.span.end };
    c.a = a;
  }
}

/** Lexicon matches plus discovered names, sorted by position. */
export function discoverNames(text: string, words: readonly MlWord[], lexCands: MlCand[], lex: MlLexicon, blocked: ReadonlySet<number>): MlCand[] {
  const covered = new Int8Array(words.length);
  for (const c of lexCands) for (let k = c.a; k < c.b; k++) covered[k] = 1;
  for (const k of blocked) covered[k] = 2;
  const lower = new Set<string>();
  if (lex.lang === 'ru' || lex.lang === 'tr' || lex.lang === 'az') for (const w of words) if (w.cap === 0 && !w.initial) lower.add(w.key);
  const ctx: Ctx = { text, words, lex, covered, out: [...lexCands], weak: new Set(), lower };
  if (lex.lang !== 'tr' && lex.lang !== 'az') latinRuns(ctx);
  if (lex.lang === 'ru') ruQuotedOrgs(ctx);
  if (lex.lang === 'ru' || lex.lang === 'tr' || lex.lang === 'az') {
    placeModifiers(ctx);
    namesOverPlaces(ctx);
    extendPeopleLeft(ctx);
    cased(ctx);
  } else {
    uncased(ctx);
    bareSurnames(ctx);
  }
  linkSurnames(ctx, lex.lang);
  propagate(ctx);
  if (lex.lang === 'ru') {
    ruDescriptors(ctx);
    ruAnaphora(ctx);
  }
  return ctx.out.sort((x, y) => x.span.start - y.span.start || x.span.end - y.span.end);
}
