/**
 * Writes a folder of phantoms with ground-truth masks.
 *   node --import tsx packages/phantom/src/cli.ts --out <dir> [--n 20] [--seed 1] [--kind mixed|hypo|hyper] [--lesions 1|2]
 */
import { parseArgs } from "node:util";
import path from "node:path";
import { writePhantomFolder } from "./node";
import type { PhantomOptions } from "./phantom";

const usage = "usage: cli.ts --out <dir> [--n 20] [--seed 1] [--kind mixed|hypo|hyper] [--lesions 1|2] [--width 320] [--height 256]";

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      n: { type: "string" },
      seed: { type: "string" },
      kind: { type: "string" },
      lesions: { type: "string" },
      width: { type: "string" },
      height: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help || !values.out) {
    console.log(usage);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const kind = values.kind ?? "mixed";
  if (kind !== "mixed" && kind !== "hypo" && kind !== "hyper") throw new Error(`--kind must be mixed, hypo or hyper, got ${kind}`);
  const lesions = values.lesions === undefined ? undefined : Number(values.lesions);
  if (lesions !== undefined && lesions !== 1 && lesions !== 2) throw new Error(`--lesions must be 1 or 2, got ${values.lesions}`);
  const options: Omit<PhantomOptions, "seed"> = {
    kind,
    lesions,
    width: positiveInt("width", values.width, 320),
    height: positiveInt("height", values.height, 256),
  };
  const n = positiveInt("n", values.n, 20);
  const seed = positiveInt("seed", values.seed, 1);
  const out = path.resolve(values.out);
  const ids = await writePhantomFolder(out, n, seed, options);
  console.log(`wrote ${ids.length} phantoms to ${out}/images and ${out}/masks`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
