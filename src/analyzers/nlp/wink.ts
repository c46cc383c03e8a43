import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

type Wink = ReturnType<typeof winkNLP>;
let instance: Wink | null = null;

/** wink-nlp with the English lite model, loaded once per process (loading takes ~100 ms). */
export function wink(): Wink {
  if (!instance) instance = winkNLP(model);
  return instance;
}
