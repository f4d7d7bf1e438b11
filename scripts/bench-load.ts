// `pnpm bench:load [--seconds 300] [--annotators 50]`: runs apps/web/e2e/bench-load.ts under vitest.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

/** `--name value` or `--name=value`. */
function arg(name: string, fallback: number): number {
  const argv = process.argv.slice(2);
  const inline = argv.find((a) => a.startsWith(`--${name}=`));
  if (inline) return Number(inline.slice(name.length + 3));
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? Number(argv[at + 1]) : fallback;
}
const seconds = arg("seconds", 300);
const annotators = arg("annotators", 50);
if (!(seconds > 0) || !(annotators > 0)) throw new Error("--seconds and --annotators must be positive numbers");
const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
const result = spawnSync(process.execPath, [vitest, "run", "--config", "apps/web/e2e/bench-load.vitest.config.ts"], {
  stdio: "inherit",
  env: { ...process.env, BENCH_SECONDS: String(seconds), BENCH_ANNOTATORS: String(annotators) },
});
process.exit(result.status ?? 1);
