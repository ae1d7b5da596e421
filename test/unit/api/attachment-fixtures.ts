import { deflateSync } from 'node:zlib';

/** Small files of each accepted kind, built byte by byte for the attachment tests. */
export function pdfBytes(text: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n% ${encodeURIComponent(text)}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n`,
  );
}

export function pngBytes(): Buffer {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(1, 8);
  ihdr.writeUInt32BE(1, 12);
  ihdr[16] = 8;
  ihdr[17] = 0;
  const idat = deflateSync(Buffer.from([0, 0]));
  return Buffer.concat([signature, ihdr, idat]);
}

/** A stored (uncompressed) ZIP with the given entry names (CRC left 0: only the directory is read). */
export function zipBytes(names: string[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const n = Buffer.from(name, 'utf8');
    const content = Buffer.from(`<${name}/>`);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(content.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(n.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt32LE(content.length, 20);
    cd.writeUInt32LE(content.length, 24);
    cd.writeUInt16LE(n.length, 28);
    cd.writeUInt32LE(offset, 42);
    locals.push(local, n, content);
    central.push(cd, n);
    offset += 30 + n.length + content.length;
  }
  const cdBytes = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(names.length, 8);
  eocd.writeUInt16LE(names.length, 10);
  eocd.writeUInt32LE(cdBytes.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBytes, eocd]);
}

export function docxBytes(): Buffer {
  return zipBytes(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
}

export function ofdBytes(): Buffer {
  return zipBytes(['OFD.xml', 'Doc_0/Document.xml']);
}
