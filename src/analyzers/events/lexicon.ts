import triggerData from './data/triggers.json' with { type: 'json' };

export interface TriggerEntry {
  lemma: string;
  type: string;
  pos: 'verb' | 'noun';
  forms: string[];
  note: string;
  near?: string[];
}

export const EVENT_TYPES = new Set([
  'visit', 'meeting', 'phone-call', 'agreement', 'sale', 'purchase', 'supply', 'attack', 'statement', 'vote', 'appointment', 'embassy-opening', 'election', 'other',
]);

/** Validated when the module loads: a malformed entry fails loudly instead of silently matching nothing. */
export const TRIGGERS: TriggerEntry[] = (triggerData as { entries: unknown[] }).entries.map((raw, i) => {
  const e = raw as TriggerEntry;
  const bad = (why: string): never => {
    throw new Error(`events/data/triggers.json entry ${i}: ${why}`);
  };
  if (typeof e.lemma !== 'string' || !e.lemma) bad('needs a lemma');
  if (!EVENT_TYPES.has(e.type)) bad(`unknown type ${String(e.type)}`);
  if (e.pos !== 'verb' && e.pos !== 'noun') bad('pos must be verb or noun');
  if (!Array.isArray(e.forms) || !e.forms.length || e.forms.some((f) => typeof f !== 'string' || f !== f.toLowerCase() || !f.trim())) bad('forms must be lower-case strings');
  if (typeof e.note !== 'string' || !e.note) bad('needs a note');
  if (e.near !== undefined && (!Array.isArray(e.near) || e.near.some((w) => typeof w !== 'string'))) bad('near must be a list of words');
  return e;
});

export interface TriggerForm {
  words: string[];
  entry: TriggerEntry;
}

/** First word -> forms starting with it, longest first (so "struck a deal" wins over "struck"). */
export function triggerIndex(): Map<string, TriggerForm[]> {
  const idx = new Map<string, TriggerForm[]>();
  for (const e of TRIGGERS) {
    for (const f of e.forms) {
      const words = f.split(/\s+/);
      const list = idx.get(words[0]) ?? [];
      list.push({ words, entry: e });
      idx.set(words[0], list);
    }
  }
  for (const list of idx.values()) list.sort((a, b) => b.words.length - a.words.length);
  return idx;
}
