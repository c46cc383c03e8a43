import { createHash } from 'node:crypto';

/** What the pipeline analyses: the cleaned text (the coordinate system of every span) plus optional metadata. */
export interface DocumentInput {
  text: string;
  articleId?: string;
  title?: string | null;
  outlet?: string | null;
  published?: string | null;
  language?: string | null;
}

/** sha256 hex of the text as analysed; stored with an Analysis so stale findings can be detected. */
export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * A frozen shallow copy of the input. Analyzers see this object, never the caller's, so one analyzer cannot
 * change what the next one reads (DocumentInput is flat, so a shallow freeze is a full one).
 */
export function freezeDocument(doc: DocumentInput): Readonly<DocumentInput> {
  if (doc === null || typeof doc !== 'object' || typeof doc.text !== 'string') {
    throw new TypeError('a document needs a string `text`');
  }
  return Object.freeze({ ...doc });
}

/** The article id used when the caller gave none: the first 16 hex chars of the text hash. */
export function defaultArticleId(text: string): string {
  return textHash(text).slice(0, 16);
}
