// Upload fuzzing: awkward and hostile files, all generated here (sharp or by hand, no binary
// fixtures). Each gets a clear per-file error or a correct ingest — displayed orientation,
// 8-bit sRGB when decoded — and one bad file never stops the rest of the batch.
import { crc32, createDeflate, deflateSync } from "node:zlib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { images } from "@clickloop/db";
import { decodeImageToRgb } from "@clickloop/sam/node";
import { handleImageUpload } from "../src/services/http";
import { createApiHarness, type ApiHarness } from "./helpers";

const W = 64;
const H = 40;

/** Left half white, right half black: shows which way an image was turned. */
function halvesRgb(width = W, height = H): Buffer {
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width / 2; x++) rgb.fill(255, (y * width + x) * 3, (y * width + x) * 3 + 3);
  return rgb;
}
const halves = () => sharp(halvesRgb(), { raw: { width: W, height: H, channels: 3 } });

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function ihdr(width: number, height: number, bitDepth = 8, colourType = 0): Buffer {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  data[8] = bitDepth;
  data[9] = colourType;
  return chunk("IHDR", data);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A grey PNG of `side`² zero pixels, streamed through zlib: a few hundred KB that inflate to side² bytes. */
async function decompressionBomb(side: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (b: Buffer) => out.push(b));
  const done = new Promise((resolve) => deflate.on("end", resolve));
  const row = Buffer.alloc(side + 1); // filter byte 0 + pixels
  for (let y = 0; y < side; y++) if (!deflate.write(row)) await new Promise((r) => deflate.once("drain", r));
  deflate.end();
  await done;
  return Buffer.concat([PNG_SIGNATURE, ihdr(side, side), chunk("IDAT", Buffer.concat(out)), chunk("IEND", Buffer.alloc(0))]);
}

/** The chunks of a PNG, in order. */
function pngChunks(png: Buffer): { type: string; data: Buffer }[] {
  const chunks = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    chunks.push({ type: png.toString("ascii", at + 4, at + 8), data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return chunks;
}

/** An APNG: two frames, the first (the default image) from `first`, the second from `second`. */
function animatedPng(first: Buffer, second: Buffer, width: number, height: number): Buffer {
  const frameControl = (sequence: number) => {
    const data = Buffer.alloc(26);
    data.writeUInt32BE(sequence, 0);
    data.writeUInt32BE(width, 4);
    data.writeUInt32BE(height, 8);
    data.writeUInt16BE(1, 20); // delay 1/10 s
    data.writeUInt16BE(10, 22);
    return chunk("fcTL", data);
  };
  const actl = Buffer.alloc(8);
  actl.writeUInt32BE(2, 0); // frames
  const a = pngChunks(first);
  const idat = Buffer.concat(a.filter((c) => c.type === "IDAT").map((c) => c.data));
  const secondData = Buffer.concat(pngChunks(second).filter((c) => c.type === "IDAT").map((c) => c.data));
  const seq = Buffer.alloc(4);
  seq.writeUInt32BE(2);
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk("IHDR", a.find((c) => c.type === "IHDR")!.data),
    chunk("acTL", actl),
    frameControl(0),
    chunk("IDAT", idat),
    frameControl(1),
    chunk("fdAT", Buffer.concat([seq, secondData])),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

interface Case {
  name: string;
  bytes: () => Promise<Buffer>;
  /** HTTP status and error code, or the displayed size of a correct ingest. */
  expect: { status: number; code: string } | { status: 201; width: number; height: number; check?: (rgb: Awaited<ReturnType<typeof decodeImageToRgb>>) => void };
}

const pixel = (rgb: { width: number; data: Uint8Array | Uint8ClampedArray }, x: number, y: number) => Array.from(rgb.data.subarray((y * rgb.width + x) * 3, (y * rgb.width + x) * 3 + 3));

const CASES: Case[] = [
  { name: "empty.png", bytes: async () => Buffer.alloc(0), expect: { status: 400, code: "EMPTY_FILE" } },
  { name: "empty.jpg", bytes: async () => Buffer.alloc(0), expect: { status: 400, code: "EMPTY_FILE" } },
  { name: "truncated.png", bytes: async () => (await halves().png().toBuffer()).subarray(0, 60), expect: { status: 422, code: "CORRUPT_IMAGE" } },
  {
    name: "truncated.jpg",
    bytes: async () => {
      const jpeg = await sharp(halvesRgb(320, 240), { raw: { width: 320, height: 240, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
      return jpeg.subarray(0, Math.floor(jpeg.length / 2));
    },
    expect: { status: 422, code: "CORRUPT_IMAGE" },
  },
  { name: "notes.png", bytes: async () => Buffer.from("Patient notes, not an image.\n".repeat(20)), expect: { status: 415, code: "UNSUPPORTED_TYPE" } },
  { name: "header-only.png", bytes: async () => PNG_SIGNATURE, expect: { status: 422, code: "CORRUPT_IMAGE" } },
  { name: "bomb.png", bytes: () => decompressionBomb(12_000), expect: { status: 422, code: "IMAGE_TOO_LARGE" } },
  {
    name: "sixteen-bit.png",
    // By hand (sharp clips raw 16-bit input): grey, bit depth 16, left half 65535, right half 32768.
    bytes: async () => {
      const rows = [];
      for (let y = 0; y < H; y++) {
        const row = Buffer.alloc(1 + W * 2);
        for (let x = 0; x < W; x++) row.writeUInt16BE(x < W / 2 ? 65535 : 32768, 1 + x * 2);
        rows.push(row);
      }
      return Buffer.concat([PNG_SIGNATURE, ihdr(W, H, 16, 0), chunk("IDAT", deflateSync(Buffer.concat(rows))), chunk("IEND", Buffer.alloc(0))]);
    },
    expect: {
      status: 201,
      width: W,
      height: H,
      check: (rgb) => {
        expect(pixel(rgb, 2, 2)).toEqual([255, 255, 255]);
        for (const v of pixel(rgb, W - 2, 2)) expect(Math.abs(v - 128)).toBeLessThanOrEqual(2);
      },
    },
  },
  {
    name: "palette.png",
    bytes: () => halves().png({ palette: true, colours: 4 }).toBuffer(),
    expect: { status: 201, width: W, height: H, check: (rgb) => expect([pixel(rgb, 2, 2), pixel(rgb, W - 2, 2)]).toEqual([[255, 255, 255], [0, 0, 0]]) },
  },
  {
    name: "cmyk.jpg",
    bytes: async () => {
      const red = Buffer.alloc(W * H * 3);
      for (let i = 0; i < W * H; i++) red[i * 3] = 220;
      return sharp(red, { raw: { width: W, height: H, channels: 3 } }).toColourspace("cmyk").jpeg({ quality: 95 }).toBuffer();
    },
    expect: {
      status: 201,
      width: W,
      height: H,
      check: (rgb) => {
        const [r, g, b] = pixel(rgb, W / 2, H / 2) as [number, number, number];
        expect(r).toBeGreaterThan(150);
        expect(Math.max(g, b)).toBeLessThan(90);
      },
    },
  },
  {
    name: "exif-rotated.jpg",
    // Stored 64×40 with EXIF orientation 6 (turn 90° clockwise to display): shown 40×64, the
    // stored left (white) half on top.
    bytes: () => halves().jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer(),
    expect: {
      status: 201,
      width: H,
      height: W,
      check: (rgb) => {
        for (const v of pixel(rgb, H / 2, 4)) expect(v).toBeGreaterThan(200);
        for (const v of pixel(rgb, H / 2, W - 4)) expect(v).toBeLessThan(50);
      },
    },
  },
  {
    name: "animated.png",
    bytes: async () => animatedPng(await halves().png().toBuffer(), await halves().negate().png().toBuffer(), W, H),
    // The default image (first frame) is ingested, as every viewer shows it.
    expect: { status: 201, width: W, height: H, check: (rgb) => expect([pixel(rgb, 2, 2), pixel(rgb, W - 2, 2)]).toEqual([[255, 255, 255], [0, 0, 0]]) },
  },
];

describe("upload fuzzing", () => {
  let h: ApiHarness;
  let leadId: string;
  let projectId: string;

  beforeAll(async () => {
    h = await createApiHarness();
    leadId = (await h.createUser("lead@example.com")).id;
    projectId = await h.createProject("Fuzz", { [leadId]: "lead" });
  });
  afterAll(async () => h?.cleanup());

  function upload(name: string, bytes: Buffer): Promise<Response> {
    const form = new FormData();
    form.set("file", new Blob([new Uint8Array(bytes)]), name);
    return handleImageUpload(new Request(`http://clickloop.test/api/projects/${projectId}/images`, { method: "POST", body: form }), projectId, { id: leadId }, { deps: h.deps });
  }

  it("answers every file of a mixed batch on its own, and saves all the good ones", async () => {
    const inputs = await Promise.all(CASES.map(async (c) => ({ ...c, data: await c.bytes() })));
    // Sent the way the browser sends a batch: one request per file, in parallel.
    const responses = await Promise.all(inputs.map((c) => upload(c.name, c.data)));
    const saved: string[] = [];
    for (const [i, response] of responses.entries()) {
      const c = inputs[i]!;
      const body = (await response.json()) as { image?: { id: string; width: number; height: number }; error?: { code: string; message: string } };
      expect({ file: c.name, status: response.status }).toEqual({ file: c.name, status: c.expect.status });
      if ("code" in c.expect) {
        expect({ file: c.name, code: body.error?.code }).toEqual({ file: c.name, code: c.expect.code });
        expect(body.error?.message.length).toBeGreaterThan(10);
        continue;
      }
      expect({ file: c.name, width: body.image?.width, height: body.image?.height }).toEqual({ file: c.name, width: c.expect.width, height: c.expect.height });
      const [row] = await h.deps.db.select().from(images).where(eq(images.id, body.image!.id));
      const rgb = await decodeImageToRgb(await h.deps.storage.get(row!.storageKey));
      expect({ file: c.name, size: [rgb.width, rgb.height], channels: rgb.channels }).toEqual({ file: c.name, size: [c.expect.width, c.expect.height], channels: 3 });
      c.expect.check?.(rgb);
      saved.push(row!.id);
    }
    const stored = await h.deps.db.select({ id: images.id }).from(images).where(eq(images.projectId, projectId));
    expect(stored.map((r) => r.id).sort()).toEqual(saved.sort());
    expect(saved).toHaveLength(CASES.filter((c) => c.expect.status === 201).length);
  });
});
