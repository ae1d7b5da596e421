import { accessSync, constants, openSync, readSync, closeSync } from 'node:fs';

/** Fonts with simplified Chinese glyphs where Debian puts them (scripts/ensure-fonts.sh installs the first). */
export const CJK_FONT_CANDIDATES: readonly string[] = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
  '/usr/share/fonts/truetype/arphic/uming.ttc',
];

export interface DossierFont {
  path: string;
  /** PostScript name of the face to use inside a collection (.ttc); undefined for a single-face file */
  face: string | undefined;
}

/**
 * The font for the dossier PDF: DOSSIER_FONT when set (and readable), else the first readable candidate; null when
 * there is none (the PDF endpoint then answers 503 rather than print boxes for every Chinese character).
 */
export function locateDossierFont(
  configured: string | undefined,
  candidates: readonly string[] = CJK_FONT_CANDIDATES,
): DossierFont | null {
  const paths = configured ? [configured] : candidates;
  for (const path of paths) {
    if (!readable(path)) continue;
    return { path, face: firstFaceName(path) };
  }
  return null;
}

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** PostScript name (name table, id 6) of the first face of a TrueType/OpenType collection; undefined otherwise. */
export function firstFaceName(path: string): string | undefined {
  const fd = openSync(path, 'r');
  try {
    const read = (offset: number, length: number): Buffer => {
      const b = Buffer.alloc(length);
      readSync(fd, b, 0, length, offset);
      return b;
    };
    const head = read(0, 16);
    if (head.toString('latin1', 0, 4) !== 'ttcf') return undefined;
    const fontOffset = head.readUInt32BE(12);
    const dir = read(fontOffset, 12);
    const numTables = dir.readUInt16BE(4);
    const tables = read(fontOffset + 12, numTables * 16);
    for (let i = 0; i < numTables; i++) {
      if (tables.toString('latin1', i * 16, i * 16 + 4) !== 'name') continue;
      const offset = tables.readUInt32BE(i * 16 + 8);
      const length = tables.readUInt32BE(i * 16 + 12);
      return postscriptName(read(offset, length));
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function postscriptName(name: Buffer): string | undefined {
  const count = name.readUInt16BE(2);
  const strings = name.readUInt16BE(4);
  let fallback: string | undefined;
  for (let i = 0; i < count; i++) {
    const r = 6 + i * 12;
    const platform = name.readUInt16BE(r);
    const nameId = name.readUInt16BE(r + 6);
    const length = name.readUInt16BE(r + 8);
    const offset = strings + name.readUInt16BE(r + 10);
    if (nameId !== 6) continue;
    const raw = name.subarray(offset, offset + length);
    if (platform === 3 || platform === 0) return raw.swap16().toString('utf16le');
    fallback ??= raw.toString('latin1');
  }
  return fallback;
}
