// The long queues (training rounds, scoring) in a child process of their own, so their long
// synchronous TF.js / onnxruntime stretches never block the process that makes thumbnails and
// embeddings. A child that dies is restarted; its interrupted job is recovered by pg-boss (retry,
// heartbeat) and by the handlers' own crash rules (stale-round reaper, resumable scoring).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
const REPO_ROOT = path.resolve(path.dirname(MAIN), "../../..");
const RESTART_DELAY_MS = 2_000;

export interface LongWorkerProcess {
  /** The current child (replaced after a restart). */
  child(): ChildProcess;
  stop(): Promise<void>;
}

export interface SpawnLongWorkerOptions {
  /** Environment of the child: DATABASE_URL and STORAGE_* at least. */
  env: NodeJS.ProcessEnv;
  log?: (message: string) => void;
  /** stdio of the child; default inherit. */
  stdio?: "inherit" | "ignore";
}

/** Starts `main.ts` with `WORKER_QUEUES=long` and keeps it running until `stop()`. */
export function spawnLongWorker(options: SpawnLongWorkerOptions): LongWorkerProcess {
  const log = options.log ?? ((message: string) => console.log(`[worker] ${message}`));
  let stopping = false;
  let current: ChildProcess;

  const start = () => {
    current = spawn(process.execPath, ["--import", "tsx", MAIN], {
      cwd: REPO_ROOT,
      stdio: options.stdio ?? "inherit",
      env: { ...options.env, WORKER_QUEUES: "long" },
    });
    current.once("exit", (code, signal) => {
      if (stopping) return;
      log(`long-job worker exited (${signal ?? code}); restarting`);
      setTimeout(() => stopping || start(), RESTART_DELAY_MS).unref();
    });
  };
  start();

  return {
    child: () => current,
    async stop() {
      stopping = true;
      if (current.exitCode !== null || current.signalCode !== null) return;
      const exited = new Promise((resolve) => current.once("exit", resolve));
      current.kill("SIGTERM");
      const timer = setTimeout(() => current.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
