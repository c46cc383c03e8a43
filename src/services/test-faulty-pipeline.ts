/**
 * A small pipeline for the failure-isolation tests (analyze-failures.test.ts), loaded through
 * `AnalyzeOptions.pipelineModule` on the main thread and in every worker. A word in an article's text makes it
 * misbehave: zzthrow (an analyzer throws), zzslow (an analyzer outlasts a 200 ms time budget), zzhang (an analyzer
 * never returns), zzcrash (the worker thread exits), zzexplode (the pipeline throws outside its analyzers).
 */
import { createPipeline as build, defineAnalyzer, type Analyzer, type Pipeline, type PipelineLimits } from '../core/pipeline.js';

const names = defineAnalyzer({
  meta: { id: 'names', version: '1.0.0', requires: [], provides: ['names'], messages: { name: 'Capitalised word “{w}”' } },
  create() {
    return (ctx) => {
      for (const m of ctx.doc.text.matchAll(/\b[A-Z][a-z]+\b/g)) {
        ctx.report({ kind: 'name', messageId: 'name', span: { start: m.index!, end: m.index! + m[0].length }, voice: 'outlet', messageData: { w: m[0] } });
      }
      ctx.provide('names', true);
    };
  },
});

const faulty = defineAnalyzer({
  meta: { id: 'faulty', version: '1.0.0', requires: ['names'], provides: ['checked'], messages: {} },
  create() {
    return (ctx) => {
      const t = ctx.doc.text;
      if (t.includes('zzthrow')) throw new Error('the faulty analyzer threw on purpose');
      if (t.includes('zzslow')) {
        const end = performance.now() + 400;
        while (performance.now() < end);
      }
      if (t.includes('zzhang')) for (;;);
      if (t.includes('zzcrash')) process.exit(7);
      ctx.provide('checked', true);
    };
  },
});

const last = defineAnalyzer({
  meta: { id: 'last', version: '1.0.0', requires: ['checked'], provides: [], messages: { done: 'checked' } },
  create() {
    return (ctx) => {
      ctx.report({ kind: 'checked', messageId: 'done', span: { start: 0, end: 0 }, voice: 'outlet', messageData: {} });
    };
  },
});

export function createPipeline(_config?: unknown, limits?: PipelineLimits): Pipeline {
  const p = build([names, faulty, last] as Analyzer[], {}, limits);
  return {
    ...p,
    run(doc) {
      if (doc.text.includes('zzexplode')) throw new Error('the pipeline failed outside its analyzers');
      return p.run(doc);
    },
  };
}
