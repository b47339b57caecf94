import zlib from 'node:zlib';

/**
 * Files made by code, for tests: small valid documents of each format, and hostile ones (zip
 * bombs, far-away cells, deep nesting, polyglots). Nothing here is copied from anywhere.
 */

/** A minimal PDF that follows the format's structure (header, body, xref, trailer, EOF). */
export function minimalPdf(note = 'Equalis test document'): Buffer {
  const body = `%PDF-1.7\n% ${note}\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n`;
  const xref = body.length;
  return Buffer.from(
    `${body}xref\n0 3\n0000000000 65535 f \n0000000000 00000 n \n0000000000 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
  );
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A 1×1 PNG with correct chunk checksums; `extraChunks` go before IEND. */
export function minimalPng(extraChunks: [string, Buffer][] = []): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlib.deflateSync(Buffer.from([0, 255, 255, 255]))),
    ...extraChunks.map(([type, data]) => pngChunk(type, data)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A JPEG's structure: SOI, an APP0 segment, a start of scan, a little data, EOI. */
export function minimalJpeg(): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const sos = Buffer.from([0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    app0,
    sos,
    Buffer.from([0x12, 0x34, 0x56]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

export interface ZipPart {
  name: string;
  data: Buffer;
  /** Store without compression (OpenDocument's mimetype must be). */
  stored?: boolean;
  /** Already deflated (with the size and checksum of `data`), so many parts can share one payload. */
  packed?: { bytes: Buffer; size: number; crc: number };
}

/** A zip archive written by hand, so tests can make archives no library would (bombs, lies). */
export function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const packed = part.packed?.bytes ?? (part.stored ? part.data : zlib.deflateRawSync(part.data));
    const crc = part.packed?.crc ?? zlib.crc32(part.data);
    const size = part.packed?.size ?? part.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(part.stored ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(part.stored ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    directory.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}

const CONTENT_TYPES = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
);

/** A .docx whose document.xml inflates to `megabytes` MB of (valid) XML from a small file. */
export function docxBomb(megabytes: number): Buffer {
  const paragraph = '<w:p><w:r><w:t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</w:t></w:r></w:p>';
  const body = paragraph.repeat(Math.ceil((megabytes * 1024 * 1024) / paragraph.length));
  const document = Buffer.from(
    `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return zipOf([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: 'word/document.xml', data: document },
  ]);
}

/**
 * A zip bomb: `entries` parts of `megabytes` MB each of one letter, sharing one small deflated
 * payload, so it is cheap to make and tiny on disk.
 */
export function zipBomb(entries: number, megabytes: number, firstParts: ZipPart[] = []): Buffer {
  const data = Buffer.alloc(megabytes * 1024 * 1024, 0x61);
  const packed = { bytes: zlib.deflateRawSync(data), size: data.length, crc: zlib.crc32(data) };
  return zipOf([
    ...firstParts,
    ...Array.from({ length: entries }, (_, index) => ({
      name: `media/${index}.bin`,
      data: Buffer.alloc(0),
      packed,
    })),
  ]);
}

/** Bytes that merely mention what a Word file contains: what a shallow type check used to accept. */
export function fakeDocx(): Buffer {
  return Buffer.from('PK\u0003\u0004[Content_Types].xml word/document.xml', 'latin1');
}

/** Nested HTML, `depth` levels of `open`…`close`. */
export function nestedHtml(depth: number, open = '<table><tr><td>', close = '</td></tr></table>'): string {
  return `${open.repeat(depth)}1.1 Deep${close.repeat(depth)}`;
}
