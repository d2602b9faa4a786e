// The index file's container: named binary sections, each 8-byte aligned so a
// typed array can view it in place, then a region read piece by piece (the
// paper records), then a JSON header. The first 32 bytes say where the header
// is, so the header can be written last, when every size and checksum is known.
// Loading reads the header, then every section with one read into one buffer:
// the postings are views into it, never copied.
//
//   [0, 16)   magic "PAPERBOT-INDEX1\n"
//   [16, 24)  header offset (float64, little endian)
//   [24, 28)  header length (uint32)
//   [32, ...) sections, then the region, then the header

import { closeSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import * as zlib from 'node:zlib';

const MAGIC = Buffer.from('PAPERBOT-INDEX1\n', 'latin1');
const PREAMBLE = 32;
const ALIGN = 8;

/** Where a section or the region lies in the file: [offset, length] in bytes. */
export type Span = [number, number];

/** What the header records about the layout; the caller's own fields sit beside it. */
export interface Layout {
  sections: Record<string, Span>;
  region: Span;
  /** CRC-32 of the sections, then of the region. */
  crc: [number, number];
}

/** A file that is not an index file, is cut short, or fails its checksum. */
export class CorruptFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorruptFileError';
  }
}

/**
 * CRC-32 (zlib.crc32 from Node 20.15; a table-driven fallback before). An
 * empty piece leaves the value as it is: zlib.crc32 returns 0 for an empty
 * view of a zero-length ArrayBuffer (Node 20.20), whatever value it was given.
 */
export const crc32: (data: Uint8Array, value?: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function'
    ? (data, value = 0) => (data.length === 0 ? value : (zlib as unknown as { crc32(d: Uint8Array, v: number): number }).crc32(data, value))
    : (() => {
        const table = new Uint32Array(256).map((_, n) => {
          let c = n;
          for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
          return c >>> 0;
        });
        return (data: Uint8Array, value = 0) => {
          let c = ~value >>> 0;
          for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
          return ~c >>> 0;
        };
      })();

const bytesOf = (view: ArrayBufferView) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
const aligned = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

/** The region's content: written in pieces, each a byte array. */
export type RegionWriter = (write: (piece: Uint8Array) => void) => void;

/**
 * Writes sections, a region and a header to `path` (which the caller then
 * renames into place). `header` gets the layout fields added.
 */
export function writeSectionFile(path: string, sections: [string, ArrayBufferView][], region: RegionWriter, header: object): void {
  const fd = openSync(path, 'w');
  try {
    let position = PREAMBLE;
    const put = (bytes: Uint8Array) => {
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
      position += bytes.length;
    };
    const pad = () => {
      const gap = aligned(position) - position;
      if (gap > 0) put(new Uint8Array(gap));
    };
    const layout: Layout = { sections: {}, region: [0, 0], crc: [0, 0] };
    let crc = 0;
    for (const [name, view] of sections) {
      pad();
      const bytes = bytesOf(view);
      layout.sections[name] = [position, bytes.length];
      crc = crc32(bytes, crc);
      put(bytes);
    }
    layout.crc[0] = crc;
    pad();
    const regionStart = position;
    let regionCrc = 0;
    region((piece) => {
      regionCrc = crc32(piece, regionCrc);
      put(piece);
    });
    layout.region = [regionStart, position - regionStart];
    layout.crc[1] = regionCrc;
    const json = Buffer.from(JSON.stringify({ ...header, layout }), 'utf8');
    const headerAt = position;
    put(json);
    const preamble = Buffer.alloc(PREAMBLE);
    MAGIC.copy(preamble, 0);
    preamble.writeDoubleLE(headerAt, 16);
    preamble.writeUInt32LE(json.length, 24);
    writeSync(fd, preamble, 0, PREAMBLE, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** An open index file: its header, its sections in one buffer, and its region read on demand. */
export interface SectionFile {
  fd: number;
  header: Record<string, unknown> & { layout: Layout };
  /** Every section's bytes (views into it are the postings: keep it while they are searched). */
  buffer: Buffer;
  /** A section's bytes as a typed array over the loaded buffer (no copy). */
  section<T extends ArrayBufferView>(name: string, make: (buffer: ArrayBuffer, offset: number, length: number) => T, unit: number): T;
  /** Reads `length` bytes of the region at `offset` (relative to the region). */
  readRegion(offset: number, length: number): Buffer;
  /**
   * Checks the region's checksum, reading it in pieces (it is not kept in
   * memory); `visit` sees each piece and where it starts in the region.
   */
  verifyRegion(visit?: (piece: Buffer, at: number) => void): void;
  close(): void;
}

function readFully(fd: number, buffer: Uint8Array, position: number): void {
  let done = 0;
  while (done < buffer.length) {
    const n = readSync(fd, buffer, done, buffer.length - done, position + done);
    if (n === 0) throw new CorruptFileError(`the file ends early (${position + done} bytes)`);
    done += n;
  }
}

/** The header of an open file (as JSON), and where it starts. */
function readHeader(fd: number): { raw: unknown; headerAt: number } {
  const preamble = Buffer.alloc(PREAMBLE);
  readFully(fd, preamble, 0);
  if (!preamble.subarray(0, MAGIC.length).equals(MAGIC)) throw new CorruptFileError('not a paperbot index file');
  const headerAt = preamble.readDoubleLE(16);
  const headerLength = preamble.readUInt32LE(24);
  if (!Number.isSafeInteger(headerAt) || headerAt < PREAMBLE || headerLength > 64 * 1024 * 1024) throw new CorruptFileError('a bad header position');
  const json = Buffer.alloc(headerLength);
  readFully(fd, json, headerAt);
  try {
    return { raw: JSON.parse(json.toString('utf8')), headerAt };
  } catch {
    throw new CorruptFileError('an unreadable header');
  }
}

/** Just the header of an index file, sections unread and unchecked (what a damaged file was built from). */
export function readSectionFileHeader(path: string): unknown {
  const fd = openSync(path, 'r');
  try {
    return readHeader(fd).raw;
  } finally {
    closeSync(fd);
  }
}

/**
 * Every section of an open file, read with one read into a buffer of its own
 * (not pooled: offset 0, so views stay aligned), and checked against `crc`.
 */
export function readSections(fd: number, sections: Record<string, Span>, crc: number): Buffer {
  const end = Math.max(PREAMBLE, ...Object.values(sections).map(([o, l]) => o + l));
  const buffer = Buffer.allocUnsafeSlow(end - PREAMBLE);
  readFully(fd, buffer, PREAMBLE);
  let sum = 0;
  for (const [, [offset, length]] of Object.entries(sections)) sum = crc32(buffer.subarray(offset - PREAMBLE, offset - PREAMBLE + length), sum);
  if (sum !== crc) throw new CorruptFileError('the checksum of the index does not match');
  return buffer;
}

/** A section of `buffer` (as {@link readSections} read it) as a typed array, without copying. */
export function sectionView<T extends ArrayBufferView>(
  buffer: Buffer,
  sections: Record<string, Span>,
  name: string,
  make: (buffer: ArrayBuffer, offset: number, length: number) => T,
  unit: number,
): T {
  const span = sections[name];
  if (!span) throw new CorruptFileError(`no ${name} section`);
  const [offset, length] = span;
  if (length % unit !== 0 || (offset - PREAMBLE) % unit !== 0 || offset - PREAMBLE + length > buffer.length) throw new CorruptFileError(`a misaligned ${name} section`);
  return make(buffer.buffer as ArrayBuffer, buffer.byteOffset + offset - PREAMBLE, length / unit);
}

/**
 * Opens an index file: reads the header, then every section with one read,
 * and checks their checksum. `sections`: those bytes already read and checked
 * (by the worker that wrote the file), used as they are.
 */
export function openSectionFile(
  path: string,
  parseHeader: (raw: unknown) => Record<string, unknown> & { layout: Layout },
  opts: { sections?: Buffer; skipSections?: boolean } = {},
): SectionFile {
  const fd = openSync(path, 'r');
  try {
    const { raw, headerAt } = readHeader(fd);
    const header = parseHeader(raw);
    const { sections, region, crc } = header.layout;
    const end = Math.max(PREAMBLE, ...Object.values(sections).map(([o, l]) => o + l));
    if (end > region[0] || region[0] + region[1] > headerAt) throw new CorruptFileError('sections overlap');
    // skipSections: the caller holds what the sections say (it just wrote them) and reads none of them.
    const buffer = opts.skipSections ? Buffer.alloc(0) : (opts.sections ?? readSections(fd, sections, crc[0]));
    if (!opts.skipSections && buffer.length !== end - PREAMBLE) throw new CorruptFileError('sections of another file');
    return {
      fd,
      header,
      buffer,
      section: (name, make, unit) => sectionView(buffer, sections, name, make, unit),
      readRegion(offset, length) {
        if (offset < 0 || length < 0 || offset + length > region[1]) throw new CorruptFileError('a record outside the records');
        const out = Buffer.allocUnsafe(length);
        readFully(fd, out, region[0] + offset);
        return out;
      },
      verifyRegion(visit) {
        const piece = Buffer.allocUnsafe(4 * 1024 * 1024);
        let sum = 0;
        for (let at = 0; at < region[1]; at += piece.length) {
          const part = piece.subarray(0, Math.min(piece.length, region[1] - at));
          readFully(fd, part, region[0] + at);
          sum = crc32(part, sum);
          visit?.(part, at);
        }
        if (sum !== crc[1]) throw new CorruptFileError('the checksum of the paper records does not match');
      },
      close() {
        closeSync(fd);
      },
    };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}
