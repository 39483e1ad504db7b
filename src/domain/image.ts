/**
 * What an uploaded picture really is, read from its bytes rather than its name or declared type: PNG,
 * JPEG or WebP with the dimensions in its header. SVG and everything else is refused (an SVG can carry
 * script), and so is a file whose header promises a format its bytes do not hold.
 */

/** The raster formats a merchant logo may have. */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';

/** A recognised picture. */
export interface ImageInfo {
  type: ImageType;
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

function png(bytes: Uint8Array, view: DataView): ImageInfo | null {
  // The first chunk is always IHDR: length 13, then width and height as big-endian 32-bit numbers.
  if (bytes.length < 33 || ascii(bytes, 12, 4) !== 'IHDR') return null;
  return { type: 'image/png', width: view.getUint32(16), height: view.getUint32(20) };
}

function jpeg(bytes: Uint8Array, view: DataView): ImageInfo | null {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1] as number;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const length = view.getUint16(at + 2);
    if (length < 2) return null;
    // Start-of-frame markers (C0–CF except DHT C4, JPG C8, DAC CC) carry height then width.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { type: 'image/jpeg', height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or scan before any frame
    at += 2 + length;
  }
  return null;
}

function webp(bytes: Uint8Array, view: DataView): ImageInfo | null {
  if (bytes.length < 30) return null;
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8 ') {
    // A key frame: start code 9d 01 2a, then 14-bit width and height (little-endian).
    if (!startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) return null;
    return {
      type: 'image/webp',
      width: view.getUint16(26, true) & 0x3fff,
      height: view.getUint16(28, true) & 0x3fff,
    };
  }
  if (chunk === 'VP8L') {
    if (bytes[20] !== 0x2f) return null;
    const bits = view.getUint32(21, true);
    return { type: 'image/webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    const width = (bytes[24] as number) | ((bytes[25] as number) << 8) | ((bytes[26] as number) << 16);
    const height = (bytes[27] as number) | ((bytes[28] as number) << 8) | ((bytes[29] as number) << 16);
    return { type: 'image/webp', width: width + 1, height: height + 1 };
  }
  return null;
}

/** The format and size of `bytes` when they are a PNG, JPEG or WebP picture; null otherwise. */
export function readImageInfo(bytes: Uint8Array): ImageInfo | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let info: ImageInfo | null = null;
  if (startsWith(bytes, PNG_SIGNATURE)) info = png(bytes, view);
  else if (startsWith(bytes, [0xff, 0xd8, 0xff])) info = jpeg(bytes, view);
  else if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') info = webp(bytes, view);
  if (!info || info.width < 1 || info.height < 1) return null;
  return info;
}
