/**
 * Trains the actors analyzer's chunk model: `npm run train:actors` (after building), from the repository root.
 *
 * Data: ../shared/data/gum-news — the 11 GUM news documents (Zeldes, GUM corpus; CC BY 4.0, so the weights may ship
 * with their attribution in the model file). Examples are the name chunks no rule decides (detect.ts
 * unknownChunks), labelled with the type of the named gold mention each overlaps most, or none (eval/gum.ts
 * chunkExamples). Model: multinomial logistic regression (src/analyzers/actors/model.ts trainChunkModel, fixed
 * order and hyper-parameters, so the same data gives the same file byte for byte). Writes
 * src/analyzers/actors/data/chunk-model.json. eval/gum.ts retrains the same way per fold for its LODO figure.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chunkExamples, readGum } from '../eval/gum.js';
import { chunkModelJson, trainChunkModel, CHUNK_HYPER } from '../src/analyzers/actors/model.js';

function main(): void {
  const dir = join('..', 'shared', 'data', 'gum-news');
  if (!existsSync(dir)) {
    console.error(`train-actors: ${dir} not found (run from the repository root, with the GUM news data in ../shared/data)`);
    process.exit(2);
  }
  const docs = readGum(dir);
  const examples = docs.flatMap(chunkExamples);
  const model = trainChunkModel(examples);
  const counts: Record<string, number> = {};
  for (const e of examples) counts[e.label] = (counts[e.label] ?? 0) + 1;
  const note = `Chunk model of the actors analyzer: types the name chunks no rule decides (src/analyzers/actors/model.ts). Multinomial logistic regression trained by scripts/train-actors.ts on ${examples.length} chunks of the ${docs.length} GUM news documents (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}); hyper-parameters ${JSON.stringify(CHUNK_HYPER)}.`;
  const source = 'GUM corpus (Zeldes 2017, https://github.com/amir-zeldes/gum), news documents: texts Wikinews, CC BY 2.5; annotations CC BY 4.0';
  const out = join('src', 'analyzers', 'actors', 'data', 'chunk-model.json');
  writeFileSync(out, chunkModelJson(model, note, source));
  console.log(`wrote ${out}: ${model.weights.size} features from ${examples.length} examples (${JSON.stringify(counts)})`);
}

main();
