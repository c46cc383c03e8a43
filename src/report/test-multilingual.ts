import type { Analysis, Finding } from '../core/finding.js';
import { isRtl } from '../core/lang/index.js';
import type { Store } from '../storage/store.js';

/**
 * Test support for the browser tests of the report and the web UI on examples/multilingual: makes sure the stored
 * corpus has at least one label in a right-to-left language, with its English gloss, so that the tests can check
 * how such a label is rendered whether or not the language-aware label analyzer has produced one yet.
 *
 * When the stored analyses already hold a label whose `data.language` (or article language) is right to left,
 * nothing is changed and that label is what the tests see. Otherwise the Persian article's analysis gets two label
 * findings for "رژیم میراول" ('the Miravel regime', Vessany), shaped as the labels analyzer writes them, with the
 * same versions and text hash, so the analysis stays current.
 */
export const RTL_LABEL = { words: 'رژیم میراول', gloss: 'the Miravel regime', language: 'fa', actorId: 'state:x-vessany', canonical: 'Vessany' };

export async function ensureRtlLabel(store: Store): Promise<{ injected: boolean; articleId: string }> {
  const articles = await store.listArticles();
  let persian: string | null = null;
  for (const a of articles) {
    const stored = await store.getAnalysis(a.id);
    const analysis = stored?.analysis as Analysis | undefined;
    if (!analysis) continue;
    if (a.language === RTL_LABEL.language) persian = a.id;
    const rtl = analysis.findings.some((f) => f.kind === 'label' && isRtl(typeof f.data?.language === 'string' ? f.data.language : a.language));
    if (rtl) return { injected: false, articleId: a.id };
  }
  if (!persian) throw new Error('examples/multilingual: no analysed Persian article to put a label on');
  const article = await store.getArticle(persian);
  const stored = await store.getAnalysis(persian);
  if (!article || !stored) throw new Error(`article ${persian} vanished`);
  const analysis = stored.analysis as Analysis;
  const label = (start: number, n: number): Finding =>
    ({
      id: `labels:rtl-test:${n}`,
      analyzer: 'labels',
      kind: 'label',
      messageId: 'label',
      span: { start, end: start + RTL_LABEL.words.length },
      evidence: RTL_LABEL.words,
      voice: 'outlet',
      actorId: RTL_LABEL.actorId,
      actorKind: 'state',
      canonical: RTL_LABEL.canonical,
      label: RTL_LABEL.words,
      labelNormalized: RTL_LABEL.words,
      labelType: 'epithet',
      connotation: 'pejorative',
      cue: 'رژیم',
      data: { language: RTL_LABEL.language, gloss: RTL_LABEL.gloss },
    }) as unknown as Finding;
  const added: Finding[] = [];
  for (let at = article.text.indexOf(RTL_LABEL.words); at >= 0 && added.length < 2; at = article.text.indexOf(RTL_LABEL.words, at + 1)) added.push(label(at, added.length));
  if (!added.length) throw new Error(`"${RTL_LABEL.words}" is not in article ${persian}`);
  const next: Analysis = { ...analysis, findings: [...analysis.findings, ...added].sort((x, y) => x.span.start - y.span.start) };
  await store.putAnalysis({ ...stored, analysisJson: undefined, analysis: next });
  return { injected: true, articleId: persian };
}
