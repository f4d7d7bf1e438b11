// `pnpm bench:latency [args]`: encoder and decoder latency (packages/sam/bench/latency.ts, which takes
// the arguments), then the decoder variants interleaved with their op profile
// (packages/sam-tf/bench/decoder-variants.ts, `--reps` and `--out` only).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const run = (script: string, forwarded: string[]) =>
  execFileSync(process.execPath, [...process.execArgv, fileURLToPath(new URL(script, import.meta.url)), ...forwarded], { stdio: "inherit" });

run("../packages/sam/bench/latency.ts", args.filter((a, i) => a !== "--reps" && args[i - 1] !== "--reps"));
const keep = new Set(["--reps", "--out"]);
run("../packages/sam-tf/bench/decoder-variants.ts", args.filter((a, i) => keep.has(a) || keep.has(args[i - 1] ?? "")));
