/**
 * Decides from a file's first bytes what it is: an XLSX workbook (whatever its extension), or
 * text in some encoding. Refuses early, with a reason, what no reader can handle.
 */
import { importError } from '../errors.js';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'windows-1252';

export type SniffResult =
  | { format: 'xlsx' }
  | { format: 'text'; encoding: TextEncoding; hasBom: boolean; reason: string };

/** How many bytes the sniffer looks at. */
export const SNIFF_BYTES = 256 * 1024;

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  prefix.every((byte, index) => bytes[index] === byte);

/** Drops an incomplete UTF-8 sequence cut off by the end of the sample. */
function trimPartialUtf8(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  let continuation = 0;
  while (end > 0 && continuation < 3 && ((bytes[end - 1] ?? 0) & 0xc0) === 0x80) {
    end--;
    continuation++;
  }
  if (end === 0) return bytes;
  const lead = bytes[end - 1] ?? 0;
  const expected = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  return expected > continuation ? bytes.subarray(0, end - 1) : bytes;
}

function decodes(encoding: string, bytes: Uint8Array): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** UTF-16 without a BOM shows up as ASCII with a NUL beside every character. */
function utf16WithoutBom(sample: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = Math.min(512, Math.floor(sample.length / 2));
  if (pairs < 2) return undefined;
  let nulOdd = 0;
  let nulEven = 0;
  for (let pair = 0; pair < pairs; pair++) {
    if (sample[pair * 2] === 0) nulEven++;
    if (sample[pair * 2 + 1] === 0) nulOdd++;
  }
  if (nulOdd / pairs > 0.4 && nulEven / pairs < 0.05) return 'utf-16le';
  if (nulEven / pairs > 0.4 && nulOdd / pairs < 0.05) return 'utf-16be';
  return undefined;
}

/** Share of control bytes no text export contains (tab, newlines, form feed and ESC excepted). */
function controlByteShare(sample: Uint8Array): number {
  let control = 0;
  for (const byte of sample) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b)
      control++;
  }
  return sample.length === 0 ? 0 : control / sample.length;
}

/**
 * @param head the first bytes of the file (up to `SNIFF_BYTES`)
 * @param wholeFile whether `head` is the entire file (then nothing was cut mid-character)
 */
export function sniffBytes(head: Uint8Array, fileName: string, wholeFile: boolean): SniffResult {
  const place = { file: fileName, row: 1, column: 1 };
  if (head.length === 0) {
    throw importError('import.empty', { ...place, message: 'the file is empty (0 bytes)' });
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { format: 'xlsx' };
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw importError('import.unsupported_format', {
      ...place,
      message: 'this is an old binary Excel workbook (.xls), which markpi does not read',
      hint: 'open it in Excel or WPS and save it as .xlsx or CSV UTF-8',
    });
  }
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) {
    throw importError('import.unsupported_format', {
      ...place,
      message: 'this is a PDF, not a table export',
      hint: 'download the report as CSV or XLSX',
    });
  }
  if (startsWith(head, [0x1f, 0x8b])) {
    throw importError('import.unsupported_format', {
      ...place,
      message: 'this file is gzip-compressed',
      hint: 'unpack it first (gunzip) and import the CSV inside',
    });
  }
  if (startsWith(head, [0xef, 0xbb, 0xbf])) {
    return { format: 'text', encoding: 'utf-8', hasBom: true, reason: 'UTF-8 byte-order mark' };
  }
  if (startsWith(head, [0xff, 0xfe])) {
    return { format: 'text', encoding: 'utf-16le', hasBom: true, reason: 'UTF-16LE byte-order mark' };
  }
  if (startsWith(head, [0xfe, 0xff])) {
    return { format: 'text', encoding: 'utf-16be', hasBom: true, reason: 'UTF-16BE byte-order mark' };
  }
  const utf16 = utf16WithoutBom(head);
  if (utf16)
    return { format: 'text', encoding: utf16, hasBom: false, reason: 'NUL byte beside every character' };

  if (head.includes(0) || controlByteShare(head) > 0.01) {
    throw importError('import.binary', {
      ...place,
      message: 'this looks like binary data, not a CSV or XLSX export',
      hint: 'check that the right file was picked and that the download finished',
    });
  }
  const utf8Sample = wholeFile ? head : trimPartialUtf8(head);
  if (decodes('utf-8', utf8Sample)) {
    return { format: 'text', encoding: 'utf-8', hasBom: false, reason: 'valid UTF-8' };
  }
  // A cut at the end of the sample can split a two- or four-byte character.
  const cuts = wholeFile ? [0] : [0, 1, 2, 3];
  if (cuts.some((cut) => decodes('gb18030', head.subarray(0, head.length - cut)))) {
    return { format: 'text', encoding: 'gb18030', hasBom: false, reason: 'not UTF-8; valid GB18030 (GBK)' };
  }
  return { format: 'text', encoding: 'windows-1252', hasBom: false, reason: 'neither UTF-8 nor GB18030' };
}
