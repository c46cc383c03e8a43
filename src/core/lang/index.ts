export { fold, foldTerm, toOriginal, FOLDED_LANGUAGES, type Folded } from './fold.js';
export { sentences, words, isRtl, RTL_LANGUAGES, type Segment, type WordSegment } from './segment.js';
