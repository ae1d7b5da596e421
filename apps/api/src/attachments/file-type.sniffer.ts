/** Evidence types accepted as attachments, recognized by their leading bytes (not by the client's content type). */
export const ATTACHMENT_TYPES = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  /** 版式文档 OFD (GB/T 33190), a ZIP package with OFD.xml at its root */
  ofd: 'application/ofd',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;
export type AttachmentKind = keyof typeof ATTACHMENT_TYPES;

export const ALLOWED_ATTACHMENT_TYPES: readonly string[] = Object.values(ATTACHMENT_TYPES);

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The kind of file these bytes are, or null when none of the accepted kinds. */
export function sniffAttachmentKind(bytes: Uint8Array): AttachmentKind | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && PNG.every((v, i) => b[i] === v)) return 'png';
  if (b.length >= 4 && b.readUInt32LE(0) === 0x04034b50) {
    const names = zipEntryNames(b);
    if (names.includes('OFD.xml')) return 'ofd';
    if (names.includes('[Content_Types].xml') && names.some((n) => n.startsWith('word/'))) return 'docx';
  }
  return null;
}

/**
 * Entry names from a ZIP's central directory (found through the end-of-central-directory record); empty when the
 * archive is malformed or truncated. Nothing is decompressed.
 */
export function zipEntryNames(b: Buffer): string[] {
  const minEocd = 22;
  const earliest = Math.max(0, b.length - minEocd - 0xffff);
  const eocd = findEocd(b, earliest);
  if (eocd < 0) return [];
  return centralDirectoryNames(b, b.readUInt32LE(eocd + 16), b.readUInt16LE(eocd + 10));
}

/** Entry names of the central directory that starts at `at` in `b` and holds `count` entries. */
function centralDirectoryNames(b: Buffer, start: number, count: number): string[] {
  const CDH = 0x02014b50;
  let at = start;
  const names: string[] = [];
  for (let n = 0; n < count && n < 10_000; n++) {
    if (at + 46 > b.length || b.readUInt32LE(at) !== CDH) return names;
    const nameLength = b.readUInt16LE(at + 28);
    const extraLength = b.readUInt16LE(at + 30);
    const commentLength = b.readUInt16LE(at + 32);
    if (at + 46 + nameLength > b.length) return names;
    names.push(b.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const EOCD = 0x06054b50;

function findEocd(b: Buffer, earliest: number): number {
  for (let i = b.length - 22; i >= earliest; i--) {
    if (b.readUInt32LE(i) === EOCD) return i;
  }
  return -1;
}

/** Random access to a file being checked (a staged upload), so that it is never read whole into memory. */
export interface ByteSource {
  readonly sizeBytes: number;
  read(position: number, length: number): Promise<Buffer>;
}

/** The largest central directory read to recognize an OFD or DOCX package (names only). */
const MAX_CENTRAL_DIRECTORY_BYTES = 4 * 1024 * 1024;

/**
 * The same decision as `sniffAttachmentKind`, reading only the leading bytes and, for a ZIP package, its
 * end-of-central-directory record and central directory.
 */
export async function sniffAttachmentSource(source: ByteSource): Promise<AttachmentKind | null> {
  const head = await source.read(0, 8);
  if (head.length < 4 || head.readUInt32LE(0) !== 0x04034b50) return sniffAttachmentKind(head);
  const tailStart = Math.max(0, source.sizeBytes - 22 - 0xffff);
  const tail = await source.read(tailStart, source.sizeBytes - tailStart);
  const eocd = findEocd(tail, 0);
  if (eocd < 0) return null;
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdStart = tail.readUInt32LE(eocd + 16);
  if (cdStart + cdSize > source.sizeBytes || cdSize > MAX_CENTRAL_DIRECTORY_BYTES) return null;
  const names = centralDirectoryNames(await source.read(cdStart, cdSize), 0, count);
  if (names.includes('OFD.xml')) return 'ofd';
  if (names.includes('[Content_Types].xml') && names.some((n) => n.startsWith('word/'))) return 'docx';
  return null;
}
