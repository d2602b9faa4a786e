// Digest bytes -> text. People save the email from whatever editor they have:
// UTF-8 (with or without a byte-order mark), UTF-16 from Windows editors, or
// Windows-1252 from older mail clients. A file is decoded in the encoding it
// is in, and damage (a stray invalid byte) is repaired where it is, never by
// re-reading the whole file in another encoding.

/** Text decoded from a digest file, and what decoding had to repair or guess. */
export interface DecodedDigest {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  /** Warnings about the decoding (bad bytes and their lines); empty for a clean file. */
  warnings: { line?: number; message: string }[];
  /** Set when the bytes cannot be read as text at all. */
  error?: string;
}

const REPLACEMENT = '\ufffd';
/** How many lines a warning lists before it only counts. */
const LINES_LISTED = 5;

/** Decodes a digest file's bytes. Never throws. */
export function decodeDigest(bytes: Uint8Array): DecodedDigest {
  const b = bytes;
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return unsupported('UTF-32');
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return unsupported('UTF-32');
  if (b[0] === 0xff && b[1] === 0xfe) return utf16(b.subarray(2), 'utf-16le');
  if (b[0] === 0xfe && b[1] === 0xff) return utf16(b.subarray(2), 'utf-16be');
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return utf8(b.subarray(3));
  const guess = guessUtf16(b);
  return guess ? utf16(b, guess) : utf8(b);
}

function unsupported(encoding: string): DecodedDigest {
  return { text: '', encoding: 'utf-8', warnings: [], error: `the file is ${encoding}, which paperbot does not read; save it as UTF-8` };
}

/**
 * UTF-16 without a byte-order mark: mostly-ASCII text then has a zero in
 * every other byte, on the odd bytes (little-endian) or the even ones.
 */
function guessUtf16(b: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 8) return undefined;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) zeroEven++;
    if (b[i + 1] === 0) zeroOdd++;
  }
  const pairs = n / 2;
  if (zeroOdd > pairs * 0.3 && zeroEven < pairs * 0.02) return 'utf-16le';
  if (zeroEven > pairs * 0.3 && zeroOdd < pairs * 0.02) return 'utf-16be';
  return undefined;
}

function utf16(b: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedDigest {
  // Big-endian is swapped to little-endian: Node decodes utf-16le without ICU.
  const le = encoding === 'utf-16le' ? b : Buffer.from(b.subarray(0, b.length & ~1)).swap16();
  const text = new TextDecoder('utf-16le', { ignoreBOM: true }).decode(le);
  return { text, encoding, warnings: badCharacterWarning(text, 'UTF-16 code unit', 'UTF-16') };
}

function utf8(b: Uint8Array): DecodedDigest {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b), encoding: 'utf-8', warnings: [] };
  } catch {
    // Not valid UTF-8 throughout. If the file holds real UTF-8 characters, it
    // is UTF-8 with some damage: replace only the bad bytes. If it holds none,
    // it is a single-byte export, and Windows-1252 is the one in practice.
  }
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) invalid++;
    else if (c >= 0x80) valid++;
  }
  if (valid > 0 && valid >= invalid) return { text, encoding: 'utf-8', warnings: badCharacterWarning(text, 'byte', 'UTF-8') };
  return { text: decodeWindows1252(b), encoding: 'windows-1252', warnings: [{ message: 'the file is not valid UTF-8 and holds no UTF-8 characters; read it as Windows-1252' }] };
}

/** One warning for every replacement character, naming the first lines that hold one. */
function badCharacterWarning(text: string, unit: string, encoding: string): DecodedDigest['warnings'] {
  let count = 0;
  let lineCount = 0;
  const lines: number[] = [];
  let line = 1;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Line breaks as the parser counts them: \n, \r\n or a lone \r.
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
    else if (c === 0xfffd) {
      count++;
      if (last !== line) {
        last = line;
        lineCount++;
        if (lines.length < LINES_LISTED) lines.push(line);
      }
    }
  }
  if (count === 0) return [];
  const more = lineCount > LINES_LISTED ? ` and ${(lineCount - LINES_LISTED).toLocaleString('en-US')} more lines` : '';
  const what = count === 1 ? `1 ${unit} that is` : `${count.toLocaleString('en-US')} ${unit}s that are`;
  return [{ line: lines[0]!, message: `${what} not valid ${encoding} replaced with \u201c${REPLACEMENT}\u201d (line${lineCount === 1 ? '' : 's'} ${lines.join(', ')}${more})` }];
}

// Windows-1252 differs from Latin-1 in 0x80-0x9F: curly quotes, dashes, the
// euro sign. Node's TextDecoder('windows-1252') decodes those bytes as Latin-1
// C1 control characters, which then vanish from every message, so the table is
// here. The five bytes Windows-1252 leaves undefined stay as their C1 code.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Windows-1252 bytes -> text. */
export function decodeWindows1252(b: Uint8Array): string {
  const latin1 = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]!));
}
