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

/** Decodes bytes to a string using, in order: BOM, declared charset, meta / XML declaration, UTF-8 validity, windows-1252. */
export function decodeBytes(bytes: Uint8Array, hints: DecodeHints = {}): Decoded {
  const bom = bomCharset(bytes);
  if (bom) return { text: decodeWith(bytes, bom), charset: bom, from: 'bom' };
  if (hints.declared) {
    const cs = resolveCharset(hints.declared);
    if (cs) return { text: decodeWith(bytes, cs), charset: cs, from: 'header' };
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
