import type { Analyzer } from '../core/pipeline.js';
import { nlpAnalyzer } from './nlp/index.js';
import { actorsAnalyzer } from './actors/index.js';
import { labelsAnalyzer } from './labels/index.js';
import { quotesAnalyzer } from './quotes/index.js';
import { techniquesAnalyzer } from './techniques/index.js';
import { stanceAnalyzer } from './stance/index.js';
import { claimsAnalyzer } from './claims/index.js';
import { eventsAnalyzer } from './events/index.js';
import { relationsAnalyzer } from './relations/index.js';

/**
 * The default analyzer list. Order does not matter (the pipeline sorts by requires/provides); keep this a plain
 * array so adding an analyzer is one import and one entry.
 */
export const defaultAnalyzers: Analyzer[] = [nlpAnalyzer as Analyzer, actorsAnalyzer as Analyzer, labelsAnalyzer as Analyzer, stanceAnalyzer as Analyzer, quotesAnalyzer as Analyzer, techniquesAnalyzer as Analyzer, claimsAnalyzer as Analyzer, eventsAnalyzer as Analyzer, relationsAnalyzer as Analyzer];
