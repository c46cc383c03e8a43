import { ParallaxError } from '../core/errors.js';
import type { CorpusFilter } from '../services/views.js';

/** One query or path parameter: validated from this spec and documented in the OpenAPI document from it too. */
export interface ParamSpec {
  name: string;
  in: 'query' | 'path';
  type: 'string' | 'integer' | 'number' | 'boolean';
  description: string;
  required?: boolean;
  /** Repeatable (?outlet=A&outlet=B). */
  multi?: boolean;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  default?: string | number | boolean;
}

export type ParamValues = Record<string, string | string[] | number | boolean | undefined>;

/** Reads and validates parameters; a bad value is E_USAGE (400) naming the parameter. */
export function readParams(specs: readonly ParamSpec[], query: (name: string) => string[] | undefined, path: Record<string, string>): ParamValues {
  const out: ParamValues = {};
  for (const p of specs) {
    const raw = p.in === 'path' ? (path[p.name] !== undefined ? [path[p.name]] : undefined) : query(p.name)?.filter((v) => v !== '');
    if (!raw || !raw.length) {
      if (p.required) throw new ParallaxError('E_USAGE', `parameter "${p.name}" is required`, { input: p.name });
      if (p.default !== undefined) out[p.name] = p.default;
      continue;
    }
    if (p.multi) {
      const vals = raw.map((v) => v.trim()).filter(Boolean);
      for (const v of vals) checkEnum(p, v);
      out[p.name] = vals;
      continue;
    }
    const v = raw[raw.length - 1].trim();
    if (v.length > 1000) throw new ParallaxError('E_USAGE', `parameter "${p.name}" is too long`, { input: p.name });
    switch (p.type) {
      case 'boolean':
        if (!['true', 'false', '1', '0', ''].includes(v)) throw new ParallaxError('E_USAGE', `parameter "${p.name}" must be true or false, got "${v}"`, { input: p.name });
        out[p.name] = v === 'true' || v === '1';
        break;
      case 'integer':
      case 'number': {
        const n = Number(v);
        if (!Number.isFinite(n) || (p.type === 'integer' && !Number.isInteger(n))) throw new ParallaxError('E_USAGE', `parameter "${p.name}" must be ${p.type === 'integer' ? 'an integer' : 'a number'}, got "${v}"`, { input: p.name });
        if ((p.minimum !== undefined && n < p.minimum) || (p.maximum !== undefined && n > p.maximum)) {
          throw new ParallaxError('E_USAGE', `parameter "${p.name}" must be between ${p.minimum ?? '-∞'} and ${p.maximum ?? '∞'}, got ${n}`, { input: p.name });
        }
        out[p.name] = n;
        break;
      }
      default:
        checkEnum(p, v);
        out[p.name] = v;
    }
  }
  return out;
}

function checkEnum(p: ParamSpec, v: string): void {
  if (p.enum && !p.enum.includes(v)) throw new ParallaxError('E_USAGE', `parameter "${p.name}" must be one of ${p.enum.join(', ')}, got "${v}"`, { input: p.name });
}

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** The filters every corpus view takes. */
export const FILTER_PARAMS: ParamSpec[] = [
  { name: 'outlet', in: 'query', type: 'string', multi: true, description: 'only these outlets (repeat the parameter for several)' },
  { name: 'group', in: 'query', type: 'string', multi: true, description: 'only these perspective groups (repeatable)' },
  { name: 'actor', in: 'query', type: 'string', description: 'only this actor: a corpus actor id, canonical name or a label used for it' },
  { name: 'story', in: 'query', type: 'string', description: 'only the articles of this story (an id from GET /api/facets)' },
  { name: 'from', in: 'query', type: 'string', description: 'only articles published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)' },
  { name: 'to', in: 'query', type: 'string', description: 'only articles published on or before this date (YYYY, YYYY-MM or YYYY-MM-DD, inclusive)' },
  { name: 'language', in: 'query', type: 'string', description: 'only articles in this language (ISO 639-1)' },
];

export const BY_PARAM = (fallback: 'outlet' | 'group' | 'auto'): ParamSpec => ({
  name: 'by',
  in: 'query',
  type: 'string',
  enum: ['outlet', 'group'],
  description: fallback === 'auto' ? 'columns: outlet or group (default: group when any article has one)' : `columns: outlet or group (default ${fallback})`,
  ...(fallback === 'auto' ? {} : { default: fallback }),
});

export const QUOTES_PARAM: ParamSpec = {
  name: 'includeQuotes',
  in: 'query',
  type: 'boolean',
  default: false,
  description: "count findings inside quotations too (default: the outlet's own voice only)",
};

/** The corpus filter of a request, without the actor (views apply the actor themselves, as the CLI does). */
export function corpusFilter(v: ParamValues, withActor = false): CorpusFilter {
  const f: CorpusFilter = {};
  if (Array.isArray(v.outlet) && v.outlet.length) f.outlet = v.outlet;
  if (Array.isArray(v.group) && v.group.length) f.group = v.group;
  for (const k of ['from', 'to'] as const) {
    const d = v[k];
    if (typeof d === 'string') {
      if (!DATE.test(d)) throw new ParallaxError('E_USAGE', `parameter "${k}" must be a date YYYY, YYYY-MM or YYYY-MM-DD, got "${d}"`, { input: k });
      f[k] = d;
    }
  }
  if (typeof v.story === 'string') f.story = v.story;
  if (typeof v.language === 'string') f.language = v.language;
  if (withActor && typeof v.actor === 'string') f.actor = v.actor;
  return f;
}
