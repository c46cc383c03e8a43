import type { ActorKind, LabelType } from '../../core/finding.js';
import type { ActorMentionLike, LabelInput, QuoteRegionLike } from './types.js';
import { splitSentences } from './words.js';

/**
 * Stand-ins for the nlp and actors products so the label logic can be tested on its own: a tiny gazetteer matched
 * on whole words (longest first) and a quote finder for “…” and "…". Test support only.
 */
export interface GazetteerEntry {
  form: string;
  actorId: string;
  kind: ActorKind;
  canonical: string;
  labelType?: LabelType;
  stateId?: string;
}

export function findMentions(text: string, gazetteer: GazetteerEntry[], quotes: QuoteRegionLike[] = []): ActorMentionLike[] {
  const sorted = [...gazetteer].sort((a, b) => b.form.length - a.form.length);
  const out: ActorMentionLike[] = [];
  for (const g of sorted) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(g.form, from);
      if (at < 0) break;
      from = at + 1;
      const end = at + g.form.length;
      if (/[\p{L}\p{N}]/u.test(text[at - 1] ?? '') || /[\p{L}\p{N}]/u.test(text[end] ?? '')) continue;
      if (out.some((m) => m.span.start < end && at < m.span.end)) continue;
      out.push({
        span: { start: at, end },
        actorId: g.actorId,
        actorKind: g.kind,
        canonical: g.canonical,
        label: g.form,
        labelNormalized: g.form.toLowerCase().replace(/^the /, ''),
        labelType: g.labelType ?? 'name',
        ...(g.stateId ? { stateId: g.stateId } : {}),
        inQuote: quotes.some((q) => q.contentSpan.start <= at && end <= q.contentSpan.end),
      });
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

export function findQuotes(text: string): QuoteRegionLike[] {
  const out: QuoteRegionLike[] = [];
  for (const m of text.matchAll(/“([^”]*)”|"([^"]*)"/g)) {
    const start = m.index!;
    out.push({ span: { start, end: start + m[0].length }, contentSpan: { start: start + 1, end: start + m[0].length - 1 }, style: m[0][0] === '“' ? 'curly-double' : 'straight-double', depth: 0 });
  }
  return out;
}

export function inputFor(text: string, gazetteer: GazetteerEntry[]): LabelInput {
  const quoteRegions = findQuotes(text);
  return { text, sentences: splitSentences(text), quoteRegions, mentions: findMentions(text, gazetteer, quoteRegions) };
}

const S = (form: string, code: string, canonical: string, labelType: LabelType = 'name'): GazetteerEntry => ({ form, actorId: `state:${code}`, kind: 'state', canonical, labelType });

/** Real actors and invented ones (Velgrad, Karvenia, Ostrava, Lorinia: codes in the X? private-use range). */
export const GAZ: GazetteerEntry[] = [
  S('Israel', 'IL', 'Israel'), S('Israeli', 'IL', 'Israel', 'demonym'), S('Tel Aviv', 'IL', 'Israel', 'metonym'),
  S('Iran', 'IR', 'Iran'), S('Iranian', 'IR', 'Iran', 'demonym'), S('Tehran', 'IR', 'Iran', 'metonym'),
  S('Azerbaijan', 'AZ', 'Azerbaijan'), S('Azerbaijani', 'AZ', 'Azerbaijan', 'demonym'), S('Baku', 'AZ', 'Azerbaijan', 'metonym'),
  S('Armenia', 'AM', 'Armenia'), S('Russia', 'RU', 'Russia'), S('Moscow', 'RU', 'Russia', 'metonym'),
  S('Ukraine', 'UA', 'Ukraine'), S('Kyiv', 'UA', 'Ukraine', 'metonym'),
  S('Velgrad', 'XV', 'Velgrad'), S('Velgradian', 'XV', 'Velgrad', 'demonym'),
  S('Karvenia', 'XK', 'Karvenia'), S('Karvenian', 'XK', 'Karvenia', 'demonym'),
  S('Ostrava', 'XO', 'Ostrava'), S('Lorinia', 'XL', 'Lorinia'), S('Lorinian', 'XL', 'Lorinia', 'demonym'),
  { form: 'Donetsk', actorId: 'place:donetsk', kind: 'place', canonical: 'Donetsk' },
  { form: 'Syunik', actorId: 'place:syunik', kind: 'place', canonical: 'Syunik' },
  { form: 'Mira Dovan', actorId: 'person:mira-dovan', kind: 'person', canonical: 'Mira Dovan', stateId: 'state:XV' },
];
