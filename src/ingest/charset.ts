import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * Turning bytes into a string. The order of evidence follows the WHATWG encoding sniffing rules in spirit:
 * a byte-order mark wins (it cannot be there by accident), then what the transport or document declares
 * (Content-Type header, <meta charset>, <?xml encoding?>), then "valid UTF-8?", then windows-1252 — the
 * encoding browsers assume for legacy Western pages, and a superset of ISO-8859-1 that never fails.
 */

export type CharsetSource = 'bom' | 'header' | 'meta' | 'xml-declaration' | 'utf-8-valid' | 'fallback';

export interface Decoded {
  text: string;
  /** Canonical name of the encoding used, e.g. "utf-8", "windows-1256". */
  charset: string;
  /** Which piece of evidence decided it. */
  from: CharsetSource;
}

export interface DecodeHints {
  /** Charset label from a Content-Type header (URL fetches). */
  declared?: string;
  /** Look for <meta charset> / http-equiv in the first 4 KB. */
  html?: boolean;
  /** Look for an <?xml ... encoding="..."?> declaration. */
  xml?: boolean;
}

/** Returns the encoding a byte-order mark names, or null. */
export function bomCharset(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | null {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** The charset parameter of a Content-Type header value, or undefined. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  const label = (m?.[1] ?? m?.[2] ?? '').trim();
  return label || undefined;
}

/** Charset declared by <meta charset> or <meta http-equiv="Content-Type" content="...; charset=..."> in the first 4 KB. */
export function metaCharset(bytes: Uint8Array): string | undefined {
  // latin1 maps every byte to one code unit, so ASCII markup is readable whatever the real encoding is.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
  const metaTag = /<meta\b[^>]*>/gi;
  let m: RegExpExecArray | null;
  while ((m = metaTag.exec(head))) {
    const tag = m[0];
    const direct = /\bcharset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)/i.exec(tag);
    if (direct) return direct[1];
  }
  return undefined;
}

/** Encoding named in an XML declaration at the start of the document. */
export function xmlDeclCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  const m = /^\s*<\?xml\b[^?>]*\bencoding\s*=\s*["']([A-Za-z0-9_:.+-]+)["']/.exec(head);
  return m?.[1];
}

/**
 * Normalises a charset label to one we can decode with, or null when neither TextDecoder (WHATWG labels,
 * full ICU) nor iconv-lite knows it. UTF-16 declared inside an ASCII-compatible document is a lie by
 * construction (we could read the declaration), so it is treated as UTF-8, as browsers do.
 */
export function resolveCharset(label: string, opts: { inDocument?: boolean } = {}): string | null {
  const l = label.trim().toLowerCase();
  if (!l) return null;
  try {
    const name = new TextDecoder(l).encoding;
    if (opts.inDocument && name.startsWith('utf-16')) return 'utf-8';
    if (name === 'x-user-defined') return 'windows-1252';
    return name;
  } catch {
    // Not a WHATWG label: iconv-lite knows many more (cp437, mac-roman aliases, ...).
  }
  if (iconv.encodingExists(l)) return l;
  return null;
}

function decodeWith(bytes: Uint8Array, charset: string): string {
  let text: string;
  try {
    // Node 20's TextDecoder takes a Latin-1 fast path for windows-1252 and turns 0x80–0x9F (€, –, “, œ …) into
    // C1 control characters; iconv-lite maps them correctly. Pinned by "falls back to windows-1252" in tests.
    if (charset === 'windows-1252') throw new Error('use iconv-lite');
    text = new TextDecoder(charset).decode(bytes);
  } catch {
    text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), charset);
  }
  // TextDecoder strips a BOM only for the encoding it names; a UTF-8 BOM under a declared legacy charset
  // cannot happen here because the BOM check runs first.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The byte order of UTF-16 text without a BOM, read from where its NUL bytes are: markup and most Latin text have
 * a zero high byte, so every other byte is 0 (odd offsets in little-endian, even ones in big-endian). Null when
 * the first KB does not look like that.
 */
export function utf16ByteOrder(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 1024) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero >= pairs * 0.7 && evenZero <= pairs * 0.1) return 'utf-16le';
  if (evenZero >= pairs * 0.7 && oddZero <= pairs * 0.1) return 'utf-16be';
  return null;
}

/** A `<meta charset>` or `<?xml encoding?>` naming UTF-16 in a document that is UTF-16 without a BOM. */
function declaredInUtf16(bytes: Uint8Array, hints: DecodeHints): { charset: string; from: CharsetSource } | null {
  const order = utf16ByteOrder(bytes);
  if (!order) return null;
  const head = decodeWith(bytes.subarray(0, Math.min(bytes.length, 8192) & ~1), order);
  if (hints.xml && /^\s*<\?xml\b[^?>]*\bencoding\s*=\s*["']utf-16(?:le|be)?["']/i.test(head)) return { charset: order, from: 'xml-declaration' };
  if (hints.html && /<meta\b[^>]*\bcharset\s*=\s*["']?\s*utf-16(?:le|be)?\b/i.test(head)) return { charset: order, from: 'meta' };
  return null;
}

/** Decodes bytes to a string using, in order: BOM, declared charset, meta / XML declaration, UTF-8 validity, windows-1252. */
export function decodeBytes(bytes: Uint8Array, hints: DecodeHints = {}): Decoded {
  const bom = bomCharset(bytes);
  if (bom) return { text: decodeWith(bytes, bom), charset: bom, from: 'bom' };
  if (hints.declared) {
    let cs = resolveCharset(hints.declared);
    // "charset=utf-16" names no byte order (WHATWG reads it as little-endian, RFC 2781 as big-endian): the bytes say.
    if (cs === 'utf-16le' && /^\s*utf-?16\s*$/i.test(hints.declared)) cs = utf16ByteOrder(bytes) ?? cs;
    if (cs) return { text: decodeWith(bytes, cs), charset: cs, from: 'header' };
  }
  if (hints.xml || hints.html) {
    const u = declaredInUtf16(bytes, hints);
    if (u) return { text: decodeWith(bytes, u.charset), charset: u.charset, from: u.from };
  }
  if (hints.xml) {
    const label = xmlDeclCharset(bytes);
    const cs = label ? resolveCharset(label, { inDocument: true }) : null;
    if (cs) return { text: decodeWith(bytes, cs), charset: cs, from: 'xml-declaration' };
  }
  if (hints.html) {
    const label = metaCharset(bytes);
    const cs = label ? resolveCharset(label, { inDocument: true }) : null;
    if (cs) return { text: decodeWith(bytes, cs), charset: cs, from: 'meta' };
  }
  if (isUtf8(bytes)) return { text: decodeWith(bytes, 'utf-8'), charset: 'utf-8', from: 'utf-8-valid' };
  return { text: decodeWith(bytes, 'windows-1252'), charset: 'windows-1252', from: 'fallback' };
}
