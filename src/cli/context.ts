import { resolve } from 'node:path';
import { writeIndentedJson } from '../core/json-chunks.js';
import { openStore } from '../storage/index.js';
import type { Store } from '../storage/store.js';
import { str, type ParsedArgs } from './command.js';
import type { CliIO } from './io.js';

export function dbPath(args: ParsedArgs, io: CliIO): string {
  const p = str(args.values.db) ?? io.env.PARALLAX_DB ?? 'parallax.db';
  if (p === ':memory:' || /^[a-z]+:\/\//i.test(p)) return p;
  return resolve(io.cwd, p);
}

export async function withStore<T>(args: ParsedArgs, io: CliIO, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(dbPath(args, io));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** `--json` output: JSON.stringify(value, null, 2) written in pieces, so no answer is too large for one string. */
export function writeJson(io: CliIO, value: unknown): void {
  writeIndentedJson((s) => io.stdout.write(s), value);
}

/** The corpus views' reminder that some stored articles are not analysed yet (stderr, so --json stays clean). */
export function noteUnanalysed(io: CliIO, view: { unanalysed: number }): void {
  if (view.unanalysed) io.stderr.write(`note: ${view.unanalysed} article(s) have no current analysis; run "parallax analyze"\n`);
}

/**
 * The common head of the corpus view commands. With --json it writes `json`. Otherwise it notes the
 * articles without a current analysis and, when there is nothing to show, says why: nothing found, or nothing
 * analysed yet. True when the command has nothing more to print.
 */
export function viewHead(io: CliIO, args: ParsedArgs, view: { unanalysed: number; items: readonly unknown[] }, json: unknown, empty: boolean, noneFound: string): boolean {
  if (args.values.json) {
    writeJson(io, json);
    return true;
  }
  noteUnanalysed(io, view);
  if (!empty) return false;
  io.stdout.write(view.items.length ? `${noneFound}\n` : 'No analysed articles. Run "parallax analyze" first.\n');
  return true;
}

/**
 * The one line a view grouped by perspective group prints when no article has a group (the config defines none):
 * where to get a suggestion. stderr, human mode only, never with --json.
 */
export function noGroupsHint(io: CliIO, args: ParsedArgs, by: 'outlet' | 'group', articles: Iterable<{ group: string | null }>): void {
  if (by !== 'group' || args.values.json) return;
  let any = false;
  for (const a of articles) {
    if (a.group) return;
    any = true;
  }
  if (!any) return;
  io.stderr.write('hint: no perspective groups are defined, so every article is in "(no group)"; "parallax groups --suggest" proposes groups from the outlets\' countries\n');
}
