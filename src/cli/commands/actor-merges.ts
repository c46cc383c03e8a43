import type { ParsedArgs } from '../command.js';
import { str } from '../command.js';
import { writeJson } from '../context.js';
import { EXIT } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { renderTable } from '../table.js';
import { ParallaxError } from '../../core/errors.js';
import { loadCorpusIndex, matchIndexActor } from '../../services/corpus-index.js';
import { mergeTable, type CorpusActorView } from '../../services/corpus.js';
import type { Store } from '../../storage/store.js';

/** `parallax actors --merge A B`, `--unmerge A`, `--merges`: the user's merge table (docs/storage.md#actor-merges). */
export async function runActorMerges(args: ParsedArgs, io: CliIO, store: Store): Promise<number> {
  if (args.values.merges) return listMerges(args, io, store);
  const unmerge = str(args.values.unmerge);
  if (unmerge !== undefined) return removeMerge(io, store, unmerge);
  const from = str(args.values.merge)!;
  const into = args.positionals[0];
  if (!into || args.positionals.length > 1) throw new ParallaxError('E_USAGE', 'usage: parallax actors --merge <actor> <into-actor> (two actors: names or ids, see "parallax actors")');
  const index = await loadCorpusIndex(store);
  const a = await oneActor(store, index, from, 'the actor to merge');
  const b = await oneActor(store, index, into, 'the actor to merge into');
  if (a.id === b.id) throw new ParallaxError('E_USAGE', `"${from}" and "${into}" are already one actor (${a.id})`);
  // b's own chain may lead back to a (a merge made the other way round): adding a -> b would make a cycle
  const table = await mergeTable(store);
  for (let cur: string | undefined = b.id, steps = 0; cur !== undefined && steps <= table.size; cur = table.get(cur), steps++) {
    if (cur === a.id) throw new ParallaxError('E_USAGE', `${b.id} is already merged into ${a.id}; merging ${a.id} into it would make a cycle (undo with "parallax actors --unmerge ${b.id}")`);
  }
  await store.putActorMerge({ from: a.id, to: b.id, note: str(args.values.note) ?? null });
  const kinds = a.kind === b.kind ? '' : ` (note: a ${a.kind} merged into a ${b.kind})`;
  io.stdout.write(`merged “${a.canonical}” (${a.id}, ${a.mentionCount} mentions) into “${b.canonical}” (${b.id})${kinds}; every view now counts them as one.\nundo: parallax actors --unmerge ${a.id}\n`);
  return EXIT.OK;
}

async function oneActor(store: Store, index: Awaited<ReturnType<typeof loadCorpusIndex>>, query: string, what: string): Promise<CorpusActorView> {
  const found = await matchIndexActor(store, index, query);
  if (!found.length) throw new ParallaxError('E_NOT_FOUND', `${what}: no actor matches "${query}" (see "parallax actors")`, { input: query });
  if (found.length > 1) {
    const list = found.slice(0, 8).map((x) => `${x.canonical} (${x.id})`).join(', ');
    throw new ParallaxError('E_USAGE', `${what}: "${query}" matches ${found.length} actors: ${list}${found.length > 8 ? ', …' : ''}; give an id`, { input: query });
  }
  return found[0];
}

async function removeMerge(io: CliIO, store: Store, query: string): Promise<number> {
  const merges = await store.listActorMerges();
  const q = query.trim().toLowerCase();
  const hit = merges.find((m) => m.from.toLowerCase() === q);
  if (!hit) {
    const known = merges.length ? `; merged ids: ${merges.map((m) => m.from).join(', ')}` : '; the merge table is empty';
    throw new ParallaxError('E_NOT_FOUND', `no merge of "${query}"${known}`, { input: query });
  }
  await store.deleteActorMerge(hit.from);
  io.stdout.write(`${hit.from} is its own actor again (was merged into ${hit.to}).\n`);
  return EXIT.OK;
}

async function listMerges(args: ParsedArgs, io: CliIO, store: Store): Promise<number> {
  const merges = await store.listActorMerges();
  if (args.values.json) {
    writeJson(io, { merges });
    return EXIT.OK;
  }
  if (!merges.length) {
    io.stdout.write('No actor merges. Add one with: parallax actors --merge <actor> <into-actor>\n');
    return EXIT.OK;
  }
  io.stdout.write(
    renderTable(
      [{ header: 'actor', max: 40 }, { header: 'counted as', max: 40 }, { header: 'since', max: 20 }, { header: 'note', max: 60 }],
      merges.map((m) => [m.from, m.to, m.createdAt.slice(0, 16).replace('T', ' '), m.note ?? '']),
      180,
    ),
  );
  return EXIT.OK;
}
