import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

type Wink = ReturnType<typeof winkNLP>;
let instance: Wink | null = null;

/**
 * wink-nlp with the English lite model, loaded once per process (loading takes ~100 ms). Only the pipes we read:
 * sentence boundaries and part of speech. The default pipe also runs negation, sentiment, named entities and
 * custom entities, which cost ~35% of readDoc and change no token, tag or sentence (checked on 311 documents).
 */
export function wink(): Wink {
  if (!instance) {
    // The core model is read by winkNLP through `core()`; keeping a handle on its lexeme table lets forgetClitics()
    // undo what a document taught the tokenizer (below).
    const withHandle = Object.assign(Object.create(null) as typeof model, model, {
      core: () => {
        const m = (model as unknown as { core(): { features: { lexeme: Lexemes } } }).core();
        lexemes = m.features.lexeme;
        return m;
      },
    });
    instance = winkNLP(withHandle, ['sbd', 'pos']);
  }
  return instance;
}

interface Lexemes {
  hash: Record<string, number>;
  list: string[];
}
let lexemes: Lexemes | null = null;

/** A token wink keeps whole once it is cached but splits when it is not: a word with a clitic ("Trump's"). */
const CLITIC = /\p{L}['’]\p{L}{0,2}$|\p{L}['’]$/u;

/** Where the lexeme table ends now: pass it to forgetClitics() after the document is read. */
export function lexemeMark(): number {
  return lexemes?.list.length ?? 0;
}

/**
 * wink-nlp adds every out-of-vocabulary token to its lexicon for the life of the process, and a cached word with a
 * clitic is no longer split: after "… Mr. Trump's." (kept whole before the full stop), every later "Trump's" was
 * one token instead of "Trump" + "'s", so an article's tokens, tags and findings depended on which articles the
 * process had read before it (32 of 94 development texts differed between two orders). Forgetting the clitic words
 * a document added (their hash entries; wink's arrays keep their rows, so indexes stay aligned) makes every document
 * read as by a fresh process. Plain out-of-vocabulary words stay cached: they are tokenised the same either way.
 */
export function forgetClitics(mark: number): void {
  if (!lexemes) return;
  const { hash, list } = lexemes;
  for (let i = mark; i < list.length; i++) {
    const w = list[i];
    if (CLITIC.test(w) && hash[w] === i) delete hash[w];
  }
}
