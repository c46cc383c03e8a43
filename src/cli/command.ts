import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ParallaxError } from '../core/errors.js';
import type { CliIO } from './io.js';

type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & { description: string; valueName?: string };

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Longer help text after the options. */
  details?: string;
  options: Record<string, OptionSpec>;
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Options every command takes. */
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  db: { type: 'string', description: 'SQLite file or postgres:// URL (default ./parallax.db, or PARALLAX_DB)', valueName: 'path|url' },
  json: { type: 'boolean', description: 'machine-readable JSON on stdout' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
  debug: { type: 'boolean', description: 'show stack traces for internal errors' },
};

export function parseCommandArgs(cmd: Command, argv: string[]): ParsedArgs {
  const options = { ...COMMON_OPTIONS, ...cmd.options };
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [k, v] of Object.entries(options)) {
    config[k] = { type: v.type };
    if (v.short) config[k].short = v.short;
    if (v.multiple) config[k].multiple = true;
  }
  try {
    const { values, positionals } = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (e) {
    let msg = e instanceof Error ? e.message.replace(/\. To specify a positional.*$/s, '') : String(e);
    // "--offset -3": node's message spans three lines; one line says it (a value starting with "-" needs "=").
    const ambiguous = /^Option '([^']+)' argument is ambiguous/.exec(msg);
    if (ambiguous) msg = `${ambiguous[1].replace(/^-\w, /, '')} needs a value; one starting with "-" is written ${ambiguous[1].replace(/^-\w, /, '')}=VALUE`;
    throw new ParallaxError('E_USAGE', `${msg} (see "parallax ${cmd.name} --help")`);
  }
}

export function commandHelp(cmd: Command): string {
  const options = { ...cmd.options, ...COMMON_OPTIONS };
  const rows = Object.entries(options).map(([k, v]) => {
    const flag = `${v.short ? `-${v.short}, ` : '    '}--${k}${v.type === 'string' ? ` <${v.valueName ?? 'value'}>` : ''}`;
    return [flag, v.description];
  });
  const w = Math.max(...rows.map((r) => r[0].length));
  const lines = [`Usage: ${cmd.usage}`, '', cmd.summary, '', 'Options:'];
  for (const [f, d] of rows) lines.push(`  ${f.padEnd(w)}  ${d}`);
  if (cmd.details) lines.push('', cmd.details.trim());
  return `${lines.join('\n')}\n`;
}

export function str(v: ParsedArgs['values'][string]): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function intOption(args: ParsedArgs, name: string, fallback: number, min = 0): number {
  const v = str(args.values[name]);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new ParallaxError('E_USAGE', `--${name} expects an integer ≥ ${min}, got "${v}"`);
  return n;
}

/** `--by outlet|group` of the corpus views; outlet when not given. */
export function byOption(args: ParsedArgs): 'outlet' | 'group' {
  const by = str(args.values.by) ?? 'outlet';
  if (by !== 'outlet' && by !== 'group') throw new ParallaxError('E_USAGE', `--by must be outlet or group, got "${by}"`);
  return by;
}
