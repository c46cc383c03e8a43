import { intOption, str, type Command } from '../command.js';
import { withStore, viewHead, writeJson } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { renderTable } from '../table.js';
import { actorsFromStore, loadCorpusIndex } from '../../services/corpus-index.js';
import { page } from '../../services/views.js';
import { ParallaxError } from '../../core/errors.js';
import { runActorMerges } from './actor-merges.js';

export const actorsCommand: Command = {
  name: 'actors',
  summary: 'Actors in the corpus with kind, mention counts and the outlets that mention them.',
  usage: 'parallax actors [options]',
  options: {
    kind: { type: 'string', description: 'only person, state, organisation or place', valueName: 'kind' },
    actor: { type: 'string', description: 'only actors matching this name, id or label', valueName: 'name' },
    limit: { type: 'string', description: 'at most n rows (default 50; 0 for all)', valueName: 'n' },
    offset: { type: 'string', description: 'skip the first n rows (page through with --limit; --json gives the total)', valueName: 'n' },
    merge: { type: 'string', description: 'count this actor as another from now on: --merge <actor> <into-actor> (names or ids)', valueName: 'actor' },
    unmerge: { type: 'string', description: 'undo the merge of this actor id', valueName: 'id' },
    merges: { type: 'boolean', description: 'list the merge table' },
    note: { type: 'string', description: 'with --merge: why (kept in the merge table)', valueName: 'text' },
  },
  async run(args, io) {
    const kind = str(args.values.kind);
    if (kind && !['person', 'state', 'organisation', 'place'].includes(kind)) {
      throw new ParallaxError('E_USAGE', `--kind must be person, state, organisation or place, got "${kind}"`);
    }
    const limit = intOption(args, 'limit', 50, 0);
    const offset = intOption(args, 'offset', 0, 0);
    if (args.values.merge !== undefined || args.values.unmerge !== undefined || args.values.merges) {
      return withStore(args, io, (store) => runActorMerges(args, io, store));
    }
    return withStore(args, io, async (store) => {
      const index = await loadCorpusIndex(store);
      const view = { unanalysed: index.unanalysed, items: index.articles };
      if (args.values.json) {
        writeJson(io, await actorsFromStore(store, index, { kind, actor: str(args.values.actor), limit, offset }));
        return EXIT.OK;
      }
      // Text output counts all matching actors ("… and N more"), so it asks for the list without the limit.
      const { actors } = await actorsFromStore(store, index, { kind, actor: str(args.values.actor) });
      if (viewHead(io, args, view, null, !actors.length, 'No matching actors.')) return EXIT.OK;
      const shown = page(actors, { limit, offset });
      io.stdout.write(
        renderTable(
          [
            { header: 'actor', max: 30 },
            { header: 'kind', max: 12 },
            { header: 'id', max: 32 },
            { header: 'mentions', align: 'right', max: 8 },
            { header: 'articles', align: 'right', max: 8 },
            { header: 'outlets (mentions)', max: 90 },
          ],
          shown.map((a) => [
            a.canonical,
            a.kind,
            a.id,
            String(a.mentionCount),
            String(a.articleIds.length),
            Object.entries(a.outlets)
              .sort((x, y) => y[1] - x[1])
              .map(([o, n]) => `${o} ${n}`)
              .join(', '),
          ]),
          180,
        ),
      );
      if (offset + shown.length < actors.length) io.stdout.write(`… ${actors.length - offset - shown.length} more (use --limit 0, or --offset ${offset + shown.length})\n`);
      return EXIT.OK;
    });
  },
};
