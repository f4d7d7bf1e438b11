// Shared by every benchmark in the repo: machine/commit metadata and the JSON result writer.
import { execFileSync } from "node:child_process";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  arch: string;
  node: string;
  /** 1/5/15-minute load averages when the report was written: other work on the machine skews timings. */
  loadAverage: number[];
}

export interface BenchMetadata {
  benchmark: string;
  date: string;
  gitSha: string | null;
  gitDirty: boolean | null;
  machine: MachineInfo;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: os.platform(),
    arch: os.arch(),
    node: process.version,
    loadAverage: os.loadavg().map((v) => Math.round(v * 100) / 100),
  };
}

function git(args: string[]): string | null {
  try {
    return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

export function benchMetadata(benchmark: string): BenchMetadata {
  const status = git(["status", "--porcelain", "--untracked-files=no"]);
  return {
    benchmark,
    date: new Date().toISOString(),
    gitSha: git(["rev-parse", "HEAD"]),
    gitDirty: status === null ? null : status.length > 0,
    machine: machineInfo(),
  };
}

/** Where every benchmark writes its JSON: `bench/results/` at the repository root (committed). */
export const BENCH_RESULTS_DIR = new URL("../../../bench/results/", import.meta.url);

/**
 * Writes `<resultsDir>/<benchmark>.json` = metadata + `results` (atomically: temp file + rename)
 * and returns the path. `resultsDir` is usually `BENCH_RESULTS_DIR` (the repository's `bench/results`).
 */
export function writeBenchReport(resultsDir: string | URL, benchmark: string, results: Record<string, unknown>): string {
  const dir = resultsDir instanceof URL ? resultsDir.pathname : resultsDir;
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${benchmark}.json`);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ ...benchMetadata(benchmark), ...results }, null, 2)}\n`);
  renameSync(temp, file);
  return file;
}

/** Minimal `--name value` / `--flag` parser for benchmark command lines. */
export function parseBenchArgs(argv: readonly string[] = process.argv.slice(2)): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith("--")) continue;
    const eq = arg.indexOf("=");
    if (eq > 0) {
      args.set(arg.slice(2, eq), arg.slice(eq + 1));
    } else {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith("--")) {
        args.set(arg.slice(2), next);
        i++;
      } else {
        args.set(arg.slice(2), "true");
      }
    }
  }
  return args;
}

/** mean ± population std of finite values (NaN for none). */
export function meanStd(values: readonly number[]): { mean: number; std: number; n: number } {
  const finite = values.filter((v) => Number.isFinite(v));
  const n = finite.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN, n };
  const mean = finite.reduce((a, b) => a + b, 0) / n;
  const variance = finite.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  return { mean, std: Math.sqrt(variance), n };
}

/** Median and nearest-rank percentile of timings. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
