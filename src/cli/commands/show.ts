import { articleJson, outletColumn } from '../../core/article.js';
import { ParallaxError } from '../../core/errors.js';
import type { Command } from '../command.js';
import { withStore, writeJson } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { escapeControls, escapeControlsInText, style, useColor } from '../io.js';

/** The article object of the JSON contract (docs/schema.md); it lives in core so the server need not import the CLI. */
export { articleJson };

export const showCommand: Command = {
  name: 'show',
  summary: 'Show one article: metadata, flags, republication, repeated paragraphs and the clean text.',
  usage: 'parallax show <id|id-prefix> [options]',
  options: {
    raw: { type: 'boolean', description: 'print the stored raw input instead of the clean text' },
  },
  async run(args, io) {
    const id = args.positionals[0];
    if (!id) throw new ParallaxError('E_USAGE', 'show needs an article id (see "parallax list")');
    return withStore(args, io, async (store) => {
      const a = await store.getArticle(id);
      if (!a) throw new ParallaxError('E_NOT_FOUND', `no article with id "${id}"`, { input: id });
      if (args.values.raw) {
        const raw = await store.getRaw(a.id);
        if (args.values.json) writeJson(io, raw ? { ...raw, body: Buffer.from(raw.body).toString('utf8') } : null);
        else if (!raw) io.stdout.write('(no raw input stored)\n');
        else {
          // The stored bytes as they are when piped (like cat); on a terminal, control characters are escaped.
          const body = Buffer.from(raw.body).toString('utf8');
          io.stdout.write(io.stdout.isTTY ? escapeControlsInText(body) : body);
        }
        return EXIT.OK;
      }
      if (args.values.json) {
        writeJson(io, articleJson(a));
        return EXIT.OK;
      }
      const s = style(useColor(io));
      const field = (k: string, v: unknown) => {
        if (v === null || v === undefined || (Array.isArray(v) && !v.length) || v === '') return;
        io.stdout.write(`${s.bold(k.padEnd(16))}${escapeControls(Array.isArray(v) ? v.join(', ') : String(v))}\n`);
      };
      field('id', a.id);
      field('title', a.title);
      field('outlet', a.outlet ? `${a.outlet}${a.outletCountry ? ` (${a.outletCountry})` : ''}` : outletColumn(a));
      field(
        'cites',
        (a.citedSources ?? []).map((c) => `${c.name}${c.mention && c.mention !== c.name ? ` ("${c.mention}")` : ''} — ${c.via === 'title' ? 'in the title' : c.span ? `at [${c.span.start}, ${c.span.end})` : c.via}`),
      );
      field('group', a.group);
      field('byline', a.byline);
      field('published', a.published && `${a.published} (${a.publishedPrecision})`);
      field('updated', a.updated && `${a.updated} (${a.updatedPrecision})`);
      field('language', a.language && `${a.language}${a.languageConfidence !== null ? ` (${a.languageConfidence})` : ''}`);
      field('licence', a.license);
      field('section', a.section);
      field('url', a.url);
      field('source', a.source);
      field('words', a.wordCount);
      field('flags', a.flags);
      if (a.republication) {
        const r = a.republication;
        field('republished', `${r.from ? `from ${r.from} (similarity ${r.similarity})` : 'yes'}; signals: ${r.signals.join(', ')}`);
      }
      for (const p of a.repeatedParagraphs) {
        field('repeated para', `[${p.span.start}, ${p.span.end}) repeats [${p.repeatOf.start}, ${p.repeatOf.end}) (similarity ${p.similarity})`);
      }
      if (a.boilerplate.length) field('removed', a.boilerplate.map((b) => b.kind).filter((k, i, all) => all.indexOf(k) === i));
      io.stdout.write(`\n${escapeControlsInText(a.text)}\n`);
      return EXIT.OK;
    });
  },
};
