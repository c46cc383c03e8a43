import type { Analysis } from '../core/finding.js';
import { isRtl } from '../core/lang/index.js';
import type { Store } from '../storage/store.js';

/**
 * Test support for the browser tests of the report and the web UI on examples/multilingual: the stored corpus must
 * hold at least one label in a right-to-left language, made by the labels analyzer from its term files (with the
 * English gloss), so the tests check how the analyzers' own output is rendered. Throws when there is none: the
 * multilingual labels are then broken, and a browser test on an injected label would hide that.
 */
export const RTL_LABEL = { words: 'رژیم میراول', gloss: 'the Miravel regime', language: 'fa' };

export async function ensureRtlLabel(store: Store): Promise<{ articleId: string; label: string }> {
  for (const a of await store.listArticles()) {
    const stored = await store.getAnalysis(a.id);
    const analysis = stored?.analysis as Analysis | undefined;
    if (!analysis) continue;
    const rtl = analysis.findings.find((f) => f.kind === 'label' && isRtl(typeof f.data?.language === 'string' ? f.data.language : a.language));
    if (rtl?.kind === 'label') return { articleId: a.id, label: String(rtl.label) };
  }
  throw new Error('examples/multilingual: no right-to-left label in any stored analysis (the labels analyzer read no fa/ar/he term)');
}
