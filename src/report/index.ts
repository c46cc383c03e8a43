import type { CompareItem, Comparison, EvidenceRef } from '../compare/index.js';
import { reportContext, type ReportOptions } from './context.js';
import { actorsHtml, quotesHtml } from './languages.js';
import {
  articlesSection,
  claimsSection,
  contrastsSection,
  evidenceSection,
  graphSection,
  labelsSection,
  omissionsSection,
  overviewSection,
  pageShell,
  republicationsSection,
  stanceSection,
  techniquesSection,
  timelineSection,
} from './sections.js';

/**
 * The HTML report: one self-contained file that works offline. Sections: overview, label matrix, stance heatmap,
 * techniques by outlet, claims, contradictions, omissions, contrasts, republications, timeline, relation graph,
 * and every article with its findings highlighted. Every number links to the evidence behind it: a single span
 * links straight to the highlighted words; a count links to an evidence list whose entries link to the words.
 *
 * Everything from the corpus is escaped (src/report/html.ts); chart data travels as JSON in a
 * <script type="application/json"> block and is drawn on canvas by Chart.js and Cytoscape.js, whose browser
 * builds are inlined. A Content-Security-Policy with the hashes of our own inline scripts blocks any other script.
 */

export { reportSample, type ReportOptions } from './context.js';

export function buildReport(items: readonly CompareItem[], cmp: Comparison, opts: ReportOptions = {}): string {
  const ctx = reportContext(items, cmp, opts);
  const { ev, maxActors, byCol } = ctx;
  // The order matters: evidence lists are numbered (ev-1, ev-2, …) in the order the sections link to them.
  const overview = overviewSection(ctx);
  const labelsHtml = labelsSection(ctx);
  const stance = stanceSection(ctx);
  const techniques = techniquesSection(ctx);
  const claimsHtml = claimsSection(ctx);
  const omHtml = omissionsSection(ctx);
  const contrastHtml = contrastsSection(ctx);
  const repHtml = republicationsSection(ctx);
  const tlHtml = timelineSection(ctx);
  const graph = graphSection(ctx);
  const articles = articlesSection(ctx);
  // Actors by language and quotes (src/report/languages.ts)
  const evLink = (t: string | number, title: string, refs: readonly EvidenceRef[]): string => ev.link(t, title, refs);
  const actorsSectionHtml = actorsHtml(items, evLink, maxActors * 2);
  const quotesSectionHtml = quotesHtml(items, (a) => byCol(a), evLink, 300);
  // Evidence lists last: every section above registered its lists.
  const evHtml = evidenceSection(ctx);
  return pageShell(ctx, { overview, labelsHtml, actorsSectionHtml, quotesSectionHtml, ...stance, ...techniques, claimsHtml, omHtml, contrastHtml, repHtml, tlHtml, ...graph, ...articles, evHtml });
}
