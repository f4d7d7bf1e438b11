// Originals are stored without the metadata cameras and scanners embed (EXIF, XMP, IPTC, comments,
// PNG text chunks): it can carry names, dates, device serials or locations. Stripping works on the
// container, losslessly — the pixels are byte-for-byte the uploaded ones.

const PNG_SIGNATURE_BYTES = 8;
/** Ancillary PNG chunks that hold free text or capture metadata. */
const PNG_DROPPED = new Set(["tEXt", "zTXt", "iTXt", "eXIf", "tIME"]);

export function stripPngMetadata(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [bytes.subarray(0, PNG_SIGNATURE_BYTES)];
  let offset = PNG_SIGNATURE_BYTES;
  let dropped = false;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const end = offset + 12 + length;
    if (end > bytes.length) return bytes; // truncated: leave it for the decoder to report
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (PNG_DROPPED.has(type)) dropped = true;
    else kept.push(bytes.subarray(offset, end));
    offset = end;
    if (type === "IEND") break;
  }
  return dropped ? concat(kept) : bytes;
}

/** JPEG APPn segments kept: APP0 (JFIF), APP2 (ICC profile), APP14 (Adobe colour transform). */
const JPEG_KEPT_APP = new Set([0xe0, 0xe2, 0xee]);

export function stripJpegMetadata(bytes: Uint8Array): Uint8Array {
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let offset = 2;
  let dropped = false;
  while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1]!;
    if (marker === 0xda) break; // start of scan: the rest is image data
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    const end = offset + 2 + length;
    if (end > bytes.length) return bytes;
    const isApp = marker >= 0xe1 && marker <= 0xef;
    if ((isApp && !JPEG_KEPT_APP.has(marker)) || marker === 0xfe) dropped = true;
    else kept.push(bytes.subarray(offset, end));
    offset = end;
  }
  if (!dropped) return bytes;
  kept.push(bytes.subarray(offset));
  return concat(kept);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
