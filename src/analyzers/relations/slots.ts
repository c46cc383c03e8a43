// Slots: the actors of one article (mentions, labels no mention covers, parts of hyphenated compounds) mapped to
// token ranges, and the state a place stands for.
import { overlapsAny, type Span } from '../../core/span.js';
import type { ActorRef, MentionLike, RelationInput, TokenLike } from './extract.js';
import type { Slot } from './reading.js';

/** Whether xs is sorted by span start. */
export const sortedByStart = (xs: ReadonlyArray<{ span: Span }>): boolean => {
  for (let i = 1; i < xs.length; i++) if (xs[i].span.start < xs[i - 1].span.start) return false;
  return true;
};

/** The slot s standing for its state `stateId` (a place in a compound, a possessor or a target). */
export function stateSlot(s: Slot, stateId: string, input: RelationInput): Slot {
  const name = input.stateName?.(stateId) ?? input.mentions.find((m) => m.actorId === stateId)?.canonical ?? stateId.replace(/^state:/, '');
  return { ...s, ref: { actorId: stateId, actorKind: 'state', canonical: name, stateId }, isPlace: false, modifier: false };
}

/** Actor mentions plus linked labels that are not mentions, hyphenated compounds split ("Baku-Tel Aviv"), mapped to token ranges. */
export function buildSlots(input: RelationInput, tokens: TokenLike[], starts: Int32Array, ends: Int32Array, sent: Int32Array, hyphens: number[]): Slot[] {
  const n = tokens.length;
  const raw: Array<{ m: MentionLike; via: string }> = input.mentions.map((m) => ({ m, via: 'mention' }));
  const sortedMentions = sortedByStart(input.mentions) ? input.mentions : [...input.mentions].sort((a, b) => a.span.start - b.span.start);
  const overlaps = (s: Span): boolean => overlapsAny(sortedMentions, s);
  for (const l of input.labels ?? []) {
    if (l.actorKind === 'place' && !l.stateId) continue;
    if (!overlaps(l.span)) raw.push({ m: l, via: 'label' });
  }
  // Mentions and labels with hyphenated compounds split; the list is copied only when something splits.
  let expanded: Array<{ m: MentionLike; via: string }> = raw;
  if (input.lookupName) {
    for (let k = 0; k < raw.length; k++) {
      const r = raw[k];
      const label = r.m.label;
      const parts = label.indexOf('-') >= 0 || label.indexOf('–') >= 0 ? splitCompound(r.m, input.lookupName) : null;
      if (parts) {
        if (expanded === raw) expanded = raw.slice(0, k);
        for (const m of parts) expanded.push({ m, via: 'compound' });
      } else if (expanded !== raw) expanded.push(r);
    }
  }
  if (input.lookupName && hyphens.length) {
    // Hyphenated compounds of known names that no mention covers ("Tehran-Baku relations", "Israel-Azerbaijan ties").
    let covered: Span[] | null = null;
    let c = 0;
    let next = 0;
    for (const h of hyphens) {
      const i = h - 1;
      if (i < next || i < 0 || i + 2 >= n || !/^\p{Lu}/u.test(tokens[i].text)) continue;
      let j = i;
      let hyphen = false;
      while (j + 2 < n && (tokens[j + 1].text === '-' || tokens[j + 1].text === '–') && starts[j + 1] === ends[j] && starts[j + 2] === ends[j + 1]) {
        j += 2;
        hyphen = true;
        while (j + 1 < n && starts[j + 1] === ends[j] + 1 && /^\p{Lu}/u.test(tokens[j + 1].text) && tokens[j].text !== '-') j++;
      }
      if (!hyphen) continue;
      const span = { start: starts[i], end: ends[j] };
      covered ??= expanded.map((e) => e.m.span).sort((a, b) => a.start - b.start);
      while (c < covered.length && covered[c].end <= span.start) c++;
      if (!(c < covered.length && covered[c].start < span.end)) {
        const label = input.text.slice(span.start, span.end);
        const parts = splitCompound({ span, label, labelType: 'name', actorId: '', actorKind: 'place', canonical: label }, input.lookupName);
        if (parts) {
          if (expanded === raw) expanded = raw.slice();
          expanded.push(...parts.map((m) => ({ m, via: 'compound' })));
        }
      }
      next = j + 1;
    }
  }
  const cmp = (a: { m: MentionLike }, b: { m: MentionLike }): number => a.m.span.start - b.m.span.start || b.m.span.end - a.m.span.end;
  let sorted = true;
  for (let k = 1; k < expanded.length && sorted; k++) if (cmp(expanded[k - 1], expanded[k]) > 0) sorted = false;
  if (!sorted) {
    if (expanded === raw) expanded = raw.slice();
    expanded.sort(cmp);
  }
  const out: Slot[] = [];
  let t = 0;
  let lastEnd = -1;
  for (const { m, via } of expanded) {
    if (m.span.start < lastEnd) continue; // nested or overlapping: the earlier, longer one wins
    while (t < n && ends[t] <= m.span.start) t++;
    let t1 = t;
    while (t1 < n && starts[t1] < m.span.end) t1++;
    if (t1 === t) continue;
    const next = tokens[t1];
    const oneWord = t1 - t === 1;
    const modifier =
      (m.labelType === 'demonym' || (via === 'label' && oneWord)) && !!next && (next.pos === 'NOUN' || next.pos === 'ADJ' || next.pos === 'PROPN') && starts[t1] - m.span.end <= 1;
    out.push({
      start: m.span.start,
      end: m.span.end,
      t0: t,
      t1,
      sentence: sent[t],
      ref: m.stateId
        ? { actorId: m.actorId, actorKind: m.actorKind, canonical: m.canonical, stateId: m.stateId }
        : { actorId: m.actorId, actorKind: m.actorKind, canonical: m.canonical },
      label: m.label,
      via,
      isPlace: m.actorKind === 'place',
      modifier,
    });
    lastEnd = m.span.end;
  }
  return out;
}

/** The parts of a hyphenated mention ("Baku-Tel Aviv") as mentions of known actors, or null when one part is unknown or a person. */
function splitCompound(m: MentionLike, lookup: (name: string) => ActorRef | null): MentionLike[] | null {
  const re = /\s*[-–]\s*/g;
  const parts: Array<{ s: number; e: number }> = [];
  let last = 0;
  let mm: RegExpExecArray | null;
  while ((mm = re.exec(m.label))) {
    parts.push({ s: last, e: mm.index });
    last = mm.index + mm[0].length;
  }
  parts.push({ s: last, e: m.label.length });
  if (parts.length < 2) return null;
  const out: MentionLike[] = [];
  for (const p of parts) {
    const name = m.label.slice(p.s, p.e);
    const ref = name ? lookup(name) : null;
    if (!ref || ref.actorKind === 'person') return null;
    out.push({ span: { start: m.span.start + p.s, end: m.span.start + p.e }, label: name, labelType: 'name', ...ref });
  }
  return out;
}
