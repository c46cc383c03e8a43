import { ParallaxError } from '../../core/errors.js';
import { intOption, type Command } from '../command.js';
import { withStore, writeJson } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { escapeControls } from '../io.js';

export const searchCommand: Command = {
  name: 'search',
  summary: 'Full-text search over titles and texts (words, "quoted phrases"; ranked).',
  usage: 'parallax search <query> [options]',
  options: {
    limit: { type: 'string', description: 'at most n hits (default 20)', valueName: 'n' },
  },
  async run(args, io) {
    const query = args.positionals.join(' ').trim();
    if (!query) throw new ParallaxError('E_USAGE', 'search needs a query');
    const limit = intOption(args, 'limit', 20, 1);
    return withStore(args, io, async (store) => {
      const hits = await store.search(query, limit);
      if (args.values.json) {
        writeJson(io, hits);
        return EXIT.OK;
      }
      if (!hits.length) io.stdout.write(`No matches for "${escapeControls(query)}".\n`);
      for (const h of hits) {
        io.stdout.write(`${h.id}  ${escapeControls(h.outlet ?? '-')}  ${escapeControls(h.title ?? '(untitled)')}\n    ${escapeControls(h.snippet.replace(/\s+/g, ' '))}\n`);
      }
      return EXIT.OK;
    });
  },
};
