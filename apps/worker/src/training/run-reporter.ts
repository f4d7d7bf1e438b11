// Writes a running round's progress and heartbeat to its training_runs row, and notices when
// the row stops being `running` (cancelled, or reaped as stale) so the round can stop.
import { and, eq } from "drizzle-orm";
import { trainingRuns, type Db, type TrainingProgress } from "@clickloop/db";
import type { TrainProgress } from "@clickloop/sam-tf/train";

export type RoundPhase = "loading" | "evaluating-deployed" | "training" | "evaluating-candidate" | "publishing";

export class RunReporter {
  private readonly lossCurve: number[] = [];
  private progress: TrainingProgress = { step: 0, totalSteps: 0, loss: null, lambda: 1, mu: 1, elapsedMs: 0, etaMs: null, phase: "loading" };
  private writes: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly started = Date.now();
  /** Aborted when the run is no longer ours to finish (cancelled or declared dead). */
  readonly lost = new AbortController();

  constructor(
    private readonly db: Db,
    private readonly runId: string,
    private readonly options: { heartbeatMs: number; log: (message: string) => void },
  ) {}

  start(): void {
    this.timer = setInterval(() => this.enqueueWrite(), this.options.heartbeatMs);
    this.timer.unref?.();
  }

  phase(phase: RoundPhase): void {
    this.progress = { ...this.progress, phase, phaseProgress: null, elapsedMs: Date.now() - this.started };
    this.enqueueWrite();
  }

  /** n of N of the current phase (embeddings prepared, images scored); written with the next heartbeat. */
  phaseProgress(done: number, total: number): void {
    this.progress = { ...this.progress, phaseProgress: { done, total } };
    if (done === 0 || done === total) this.enqueueWrite();
  }

  /** From the trainer (after every optimiser step). */
  step(p: TrainProgress): void {
    this.lossCurve.push(p.loss);
    const perStep = p.step > 0 ? p.elapsedMs / p.step : null;
    this.progress = {
      phase: "training",
      step: p.step,
      totalSteps: p.totalSteps,
      loss: Number.isFinite(p.loss) ? p.loss : null,
      lambda: p.lambda,
      mu: p.mu,
      elapsedMs: Date.now() - this.started,
      etaMs: perStep === null ? null : Math.round(perStep * (p.totalSteps - p.step)),
      phaseProgress: null,
    };
    this.enqueueWrite();
  }

  get curve(): readonly number[] {
    return this.lossCurve;
  }

  /** Stops the heartbeat and waits for pending writes. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.writes;
  }

  private enqueueWrite(): void {
    // Elapsed time moves with every heartbeat, also in phases without steps (loading, scoring).
    const progress = { ...this.progress, elapsedMs: Date.now() - this.started };
    const lossCurve = [...this.lossCurve];
    this.writes = this.writes.then(async () => {
      try {
        const updated = await this.db
          .update(trainingRuns)
          .set({ progress, lossCurve, heartbeatAt: new Date() })
          .where(and(eq(trainingRuns.id, this.runId), eq(trainingRuns.status, "running")))
          .returning({ id: trainingRuns.id });
        if (updated.length === 0 && !this.lost.signal.aborted) this.lost.abort(new Error("the run was cancelled or taken over"));
      } catch (error) {
        this.options.log(`progress write failed: ${(error as Error).message}`);
      }
    });
  }
}
