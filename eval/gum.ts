/**
 * Mention detection of the actors analyzer scored on GUM news documents (CoNLL-U, ../shared/data/gum-news).
 *
 * Gold: GUM marks every entity mention in the MISC column as `Entity=(id-type-infstat-salience-centering-minspan-
 * link-identity` ... `id)`. GUM annotates all nominal mentions ("the asylum seekers", "officials"), so only *named*
 * mentions count: those whose syntactic head (the token whose dependency head lies outside the mention) is a
 * PROPN. Types: GUM person -> person; GUM organization -> organisation; GUM place -> place/GPE, which our state
 * and place kinds both map to. Text is rebuilt from the tokens with SpaceAfter=No, one paragraph per line.
 *
 * Predicted: every actor mention. A prediction that overlaps only non-named gold mentions (e.g. our "Israeli"
 * in "Israeli officials" inside GUM's nominal mention) is neither right nor wrong and is ignored; one that
 * overlaps nothing, or only named mentions of another type, is a false positive for its type.
 * Exact: same start and end (a leading "the" is trimmed on both sides; GUM includes a person's title in the
 * mention, so for people our title span is added back before comparing). Overlap: the spans share a character.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPipeline } from '../src/core/pipeline.js';
import { nlpAnalyzer } from '../src/analyzers/nlp/index.js';
import { actorsAnalyzer } from '../src/analyzers/actors/index.js';
import type { ActorMentionFinding, Finding } from '../src/core/finding.js';

type Type = 'person' | 'organization' | 'place';
interface Mention { start: number; end: number; type: Type | string; named: boolean; text: string }

export function parseConllu(src: string): { text: string; mentions: Mention[] } {
  let text = '';
  const mentions: Mention[] = [];
  const open = new Map<string, Array<{ start: number; tok: number; type: string }>>();
  let sent: Array<{ start: number; end: number; head: number; pos: string; misc: string; id: number }> = [];
  const sentMentions: Array<{ startTok: number; endTok: number; type: string; start: number; end: number }> = [];
  const flushSentence = (): void => {
    for (const m of sentMentions) {
      const inside = (id: number): boolean => id >= sent[m.startTok].id && id <= sent[m.endTok].id;
      let named = false;
      for (let k = m.startTok; k <= m.endTok; k++) {
        const t = sent[k];
        if (!inside(t.head) && t.pos === 'PROPN') named = true;
      }
      mentions.push({ start: m.start, end: m.end, type: m.type, named, text: text.slice(m.start, m.end) });
    }
    sentMentions.length = 0;
    sent = [];
  };
  for (const line of src.split('\n')) {
    if (line.startsWith('# newpar')) {
      if (line.startsWith('# newpar') && !line.startsWith('# newpar_block') && text && !text.endsWith('\n')) text = text.trimEnd() + '\n';
      continue;
    }
    if (line.startsWith('#')) continue;
    if (!line.trim()) {
      if (sent.length) {
        flushSentence();
        if (!text.endsWith('\n') && !text.endsWith(' ')) text += ' ';
      }
      continue;
    }
    const c = line.split('\t');
    if (c[0].includes('-') || c[0].includes('.')) continue;
    const start = text.length;
    text += c[1];
    const end = text.length;
    const misc = c[9] ?? '_';
    if (!/SpaceAfter=No/.test(misc)) text += ' ';
    const tokIndex = sent.length;
    sent.push({ start, end, head: Number(c[6]), pos: c[3], misc, id: Number(c[0]) });
    const ent = /(?:^|\|)Entity=([^|]*)/.exec(misc)?.[1];
    if (!ent) continue;
    const re = /\((\d+)-([a-z]+)[^()]*(\))?|(\d+)\)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(ent))) {
      if (m[1]) {
        if (m[3]) sentMentions.push({ startTok: tokIndex, endTok: tokIndex, type: m[2], start, end });
        else {
          const list = open.get(m[1]) ?? [];
          list.push({ start, tok: tokIndex, type: m[2] });
          open.set(m[1], list);
        }
      } else if (m[4]) {
        const o = open.get(m[4])?.pop();
        if (o) sentMentions.push({ startTok: o.tok, endTok: tokIndex, type: o.type, start: o.start, end });
      }
    }
  }
  if (sent.length) flushSentence();
  return { text, mentions };
}

const TYPE_OF: Record<string, Type> = { person: 'person', organisation: 'organization', state: 'place', place: 'place' };

/** Leading "the" and a trailing possessive are trimmed on both sides (GUM includes "'s" in the mention). */
function trimThe(text: string, s: { start: number; end: number }): { start: number; end: number } {
  const str = text.slice(s.start, s.end);
  const m = /^(the|The)\s+/.exec(str);
  const p = /\s?['’]s$/.exec(str);
  return { start: s.start + (m ? m[0].length : 0), end: s.end - (p && str.length - p[0].length > 0 ? p[0].length : 0) };
}

export function main(): void {
  const dir = join('..', 'shared', 'data', 'gum-news');
  if (!existsSync(dir)) {
    console.log(`skip: ${dir} not found (GUM news data is read from ../shared/data)`);
    return;
  }
  const pipeline = createPipeline([nlpAnalyzer, actorsAnalyzer]);
  const types: Type[] = ['person', 'organization', 'place'];
  const score = Object.fromEntries(types.map((t) => [t, { gold: 0, pred: 0, tpExact: 0, tpOverlap: 0, goldHitExact: 0, goldHitOverlap: 0 }])) as Record<Type, { gold: number; pred: number; tpExact: number; tpOverlap: number; goldHitExact: number; goldHitOverlap: number }>;
  const misses: string[] = [];
  let anyPred = 0;
  let anyPredHit = 0;
  let anyGoldHit = 0;
  const fps: string[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.conllu')).sort()) {
    const { text, mentions } = parseConllu(readFileSync(join(dir, f), 'utf8'));
    const gold = mentions.filter((m) => m.named && (types as string[]).includes(m.type));
    const nonNamed = mentions.filter((m) => !m.named);
    const a = pipeline.run({ text });
    const preds = (a.findings as Finding[]).filter((x): x is ActorMentionFinding => x.kind === 'actor-mention').map((p) => {
      const title = p.related?.find((r) => r.role === 'title');
      const span = title ? { start: Math.min(title.span.start, p.span.start), end: p.span.end } : p.span;
      return { span: trimThe(text, span), name: trimThe(text, p.span), type: TYPE_OF[p.actorKind], label: p.label };
    });
    const ov = (x: { start: number; end: number }, y: { start: number; end: number }): boolean => x.start < y.end && y.start < x.end;
    const gs = gold.map((g0) => ({ ...g0, t: trimThe(text, g0) }));
    for (const p of preds) {
      const over = gs.some((x) => ov(x, p.span));
      if (!over && nonNamed.some((x) => ov(x, p.span))) continue;
      anyPred++;
      if (over) anyPredHit++;
    }
    for (const x of gs) if (preds.some((p) => ov(x, p.span))) anyGoldHit++;
    for (const t of types) {
      const G = gs.filter((x) => x.type === t);
      const P = preds.filter((x) => x.type === t);
      score[t].gold += G.length;
      for (const p of P) {
        const exact = G.some((x) => (x.t.start === p.span.start && x.t.end === p.span.end) || (x.t.start === p.name.start && x.t.end === p.name.end));
        const over = G.some((x) => ov(x, p.span));
        if (!over && !gs.some((x) => ov(x, p.span)) && nonNamed.some((x) => ov(x, p.span))) continue; // don't-care
        score[t].pred++;
        if (exact) score[t].tpExact++;
        if (over) score[t].tpOverlap++;
        else fps.push(`${t} FP ${f}: ${p.label}`);
      }
      for (const x of G) {
        if (P.some((p) => (x.t.start === p.span.start && x.t.end === p.span.end) || (x.t.start === p.name.start && x.t.end === p.name.end))) score[t].goldHitExact++;
        if (P.some((p) => ov(x, p.span))) {
          score[t].goldHitOverlap++;
          const p = P.find((q) => ov(x, q.span))!;
          if (!((x.t.start === p.span.start && x.t.end === p.span.end) || (x.t.start === p.name.start && x.t.end === p.name.end))) misses.push(`${t} PARTIAL ${f}: [${x.text}] vs [${p.label}]`);
        } else misses.push(`${t} FN ${f}: ${x.text}`);
      }
    }
  }
  const pct = (x: number): string => x.toFixed(3);
  console.log('GUM news (dev): named mentions (PROPN-headed), per type');
  console.log('type          gold  pred |  P exact  R exact  F1 exact |  P overlap  R overlap  F1 overlap');
  for (const t of types) {
    const s = score[t];
    const pe = s.pred ? s.tpExact / s.pred : 0;
    const re = s.gold ? s.goldHitExact / s.gold : 0;
    const po = s.pred ? s.tpOverlap / s.pred : 0;
    const ro = s.gold ? s.goldHitOverlap / s.gold : 0;
    const f1 = (p: number, r: number): number => (p + r ? (2 * p * r) / (p + r) : 0);
    console.log(`${t.padEnd(12)} ${String(s.gold).padStart(5)} ${String(s.pred).padStart(5)} |  ${pct(pe)}    ${pct(re)}    ${pct(f1(pe, re))}   |  ${pct(po)}      ${pct(ro)}      ${pct(f1(po, ro))}`);
  }
  // Type-agnostic detection: any named gold mention vs any prediction (sports teams written as country names are
  // organizations in GUM and states for us; this row shows detection apart from that typing).
  let ag = 0, ap = 0, agHit = 0, apHit = 0;
  for (const t of types) {
    ag += score[t].gold;
  }
  ap = anyPred;
  apHit = anyPredHit;
  agHit = anyGoldHit;
  const P = ap ? apHit / ap : 0;
  const R = ag ? agHit / ag : 0;
  console.log(`${'any type'.padEnd(12)} ${String(ag).padStart(5)} ${String(ap).padStart(5)} |     -        -         -      |  ${pct(P)}      ${pct(R)}      ${pct(P + R ? (2 * P * R) / (P + R) : 0)}`);
  if (process.argv.includes('--errors')) {
    console.log(['', ...misses, '', ...fps].join('\n'));
  }
}

if (process.argv[1] && /gum\.(ts|js)$/.test(process.argv[1])) main();
