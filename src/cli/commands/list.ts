import { intOption, str, type Command } from '../command.js';
import { withStore, writeJson } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { renderTable } from '../table.js';
import { citedLabel, UNKNOWN_OUTLET } from '../../core/article.js';

export const listCommand: Command = {
  name: 'list',
  summary: 'The corpus table: id, outlet, cited source, group, date, language, words, title, republished-from.',
  usage: 'parallax list [options]',
  options: {
    outlet: { type: 'string', description: 'only this outlet', valueName: 'name' },
    group: { type: 'string', description: 'only this perspective group', valueName: 'name' },
    language: { type: 'string', description: 'only this language (ISO 639-1)', valueName: 'code' },
    limit: { type: 'string', description: 'at most n rows (default: all)', valueName: 'n' },
  },
  async run(args, io) {
    const limit = intOption(args, 'limit', 0, 0) || undefined;
    return withStore(args, io, async (store) => {
      const rows = await store.listArticles({
        outlet: str(args.values.outlet),
        group: str(args.values.group),
        language: str(args.values.language),
        limit,
      });
      if (args.values.json) {
        writeJson(io, rows);
        return EXIT.OK;
      }
      if (!rows.length) {
        io.stdout.write('No articles. Add some with "parallax ingest <path>".\n');
        return EXIT.OK;
      }
      const width = (io.stdout as { columns?: number }).columns ?? 160;
      // The cited-source column appears when some article reports another outlet's piece ("IRNA: …").
      const cites = rows.some((r) => r.citedSources?.length);
      const keep = <T,>(cells: T[]): T[] => (cites ? cells : cells.filter((_, i) => i !== 2));
      io.stdout.write(
        renderTable(
          keep([
            { header: 'id', max: 16 },
            { header: 'outlet', max: 24 },
            { header: 'cites', max: 16 },
            { header: 'group', max: 22 },
            { header: 'date', max: 16 },
            { header: 'lang', max: 4 },
            { header: 'words', align: 'right', max: 6 },
            { header: 'title', max: 50 },
            { header: 'republished-from', max: 16 },
          ]),
          rows.map((r) => keep([
            r.id,
            r.outlet ?? UNKNOWN_OUTLET,
            citedLabel(r.citedSources) ?? '',
            r.group ?? '',
            (r.published ?? '').slice(0, 16).replace('T', ' '),
            r.language ?? '',
            String(r.wordCount),
            r.title ?? '',
            r.republishedFrom ?? '',
          ])),
          Math.max(100, width),
        ),
      );
      io.stdout.write(`${rows.length} article${rows.length === 1 ? '' : 's'}\n`);
      return EXIT.OK;
    });
  },
};
