import type { Token } from '../nlp/index.js';
import { normWord } from './gazetteer.js';

/** A word: tokens joined by hyphens or inner dots without spaces ("al-Sharaa", "Nagorno-Karabakh", "Caliber.Az"). */
export interface Word {
  start: number;
  end: number;
  text: string;
  lower: string;
  cap: boolean;
  upper: boolean;
  pos: string;
  sentence: number;
}

const ARTICLE_PREFIX = /^(al|el|ad|as|ash|at|az|an|ar|ibn|bin|abu|bint|ben|d|o)[-'’]\p{Lu}/u;

export function buildWords(tokens: readonly Token[]): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    let end = t.span.end;
    let text = t.text;
    let pos = t.pos;
    let k = i;
    // join "-" / "." glue when both neighbours touch (no space): al-Sharaa, Ka-ki, Caliber.Az
    while (
      k + 2 < tokens.length &&
      (tokens[k + 1].text === '-' || tokens[k + 1].text === '.') &&
      tokens[k + 1].span.start === end &&
      tokens[k + 2].span.start === tokens[k + 1].span.end &&
      tokens[k + 1].sentence === t.sentence &&
      /^[\p{L}\p{N}]/u.test(tokens[k + 2].text) &&
      /[\p{L}\p{N}]$/u.test(text)
    ) {
      text += tokens[k + 1].text + tokens[k + 2].text;
      end = tokens[k + 2].span.end;
      if (tokens[k + 2].pos === 'PROPN') pos = 'PROPN';
      k += 2;
    }
    // wink splits some words at non-ASCII letters ("Çavu" + "şoğlu"): rejoin touching letter runs.
    while (k + 1 < tokens.length && tokens[k + 1].span.start === end && tokens[k + 1].sentence === t.sentence && /[\p{L}\p{M}]$/u.test(text) && /^[\p{L}\p{M}]/u.test(tokens[k + 1].text) && !/^n['’]t$/i.test(tokens[k + 1].text)) {
      text += tokens[k + 1].text;
      end = tokens[k + 1].span.end;
      if (tokens[k + 1].pos === 'PROPN') pos = 'PROPN';
      k++;
    }
    i = k;
    const c = text[0];
    const cap = (c !== undefined && c !== c.toLowerCase() && c === c.toUpperCase()) || ARTICLE_PREFIX.test(text);
    const letters = text.replace(/[^\p{L}]/gu, '');
    out.push({
      start: t.span.start,
      end,
      text,
      lower: normWord(text),
      cap,
      upper: letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase(),
      pos,
      sentence: t.sentence,
    });
  }
  return out;
}

