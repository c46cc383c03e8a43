import currencyData from './data/currencies.json' with { type: 'json' };
import unitData from './data/units.json' with { type: 'json' };
import speechData from './data/speech-verbs.json' with { type: 'json' };

/** Word lists are data with a note per entry, validated here when the module loads (a bad edit fails loudly). */
interface FormsEntry {
  forms: string[];
  note: string;
}

function validate<T extends FormsEntry>(name: string, data: { entries: unknown[] }, extra: (e: T) => boolean): T[] {
  if (!data || !Array.isArray(data.entries)) throw new Error(`claims/data/${name}: "entries" must be an array`);
  return data.entries.map((raw, i) => {
    const e = raw as T;
    if (!Array.isArray(e.forms) || !e.forms.length || e.forms.some((f) => typeof f !== 'string' || !f)) {
      throw new Error(`claims/data/${name}: entry ${i} needs non-empty "forms"`);
    }
    if (typeof e.note !== 'string' || !e.note) throw new Error(`claims/data/${name}: entry ${i} needs a "note"`);
    if (!extra(e)) throw new Error(`claims/data/${name}: entry ${i} is malformed`);
    return e;
  });
}

export const CURRENCIES = validate<FormsEntry & { code: string }>('currencies.json', currencyData, (e) => typeof e.code === 'string' && /^[A-Z]{3}(?:-[a-z]+)?$/.test(e.code));
export const UNITS = validate<FormsEntry & { unit: string }>('units.json', unitData, (e) => typeof e.unit === 'string' && !!e.unit);
export const SPEECH_VERBS = validate<FormsEntry>('speech-verbs.json', speechData, () => true);

export const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Alternation of forms, longest first so "cubic metres" wins over "m". */
export function alternation(forms: string[]): string {
  return [...new Set(forms)].sort((a, b) => b.length - a.length).map(escapeRe).join('|');
}
