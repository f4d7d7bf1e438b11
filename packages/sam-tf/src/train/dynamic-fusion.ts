/**
 * SAMCA dynamic fusion (eqs. 2–3): the stage-2 prompt tokens are the initial-click tokens
 * scaled by λ followed by the guided-click tokens scaled by μ:
 *   λ = min + (max−min)·σ(−ζ·ΔL),  μ = min + (max−min)·σ(ζ·ΔL).
 * Implemented exactly as the equations read (a falling loss, ΔL < 0, raises λ and lowers μ);
 * the paper's prose describes the opposite drift, the equations win (docs/method.md §2.5).
 */
export interface FusionSettings {
  /** ζ: sensitivity to the loss change. */
  readonly zeta: number;
  /**
   * Exponential smoothing factor α in (0,1] of the step loss; ΔL is the change of the smoothed
   * loss, α·(L_t − S_{t−1}). Per-sample losses are noisy (batch 1), so the raw change would
   * throw λ, μ to their bounds at every step.
   */
  readonly smoothing: number;
  readonly min: number;
  readonly max: number;
}

export const defaultFusionSettings: FusionSettings = { zeta: 2, smoothing: 0.1, min: 0.75, max: 1.25 };

export interface FusionWeights {
  readonly lambda: number;
  readonly mu: number;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export function fusionWeights(deltaLoss: number, settings: FusionSettings = defaultFusionSettings): FusionWeights {
  const span = settings.max - settings.min;
  return {
    lambda: settings.min + span * sigmoid(-settings.zeta * deltaLoss),
    mu: settings.min + span * sigmoid(settings.zeta * deltaLoss),
  };
}

/** The ΔL at which eq. 2 gives `lambda` (inverse of the sigmoid, clamped inside (min, max)). */
function deltaForLambda(lambda: number, settings: FusionSettings): number {
  const share = Math.min(1 - 1e-9, Math.max(1e-9, (lambda - settings.min) / (settings.max - settings.min)));
  return Math.log(1 / share - 1) / settings.zeta;
}

/** Tracks the smoothed loss change across training steps and yields the current λ, μ. */
export class DynamicFusion {
  private smoothedLoss: number | undefined;
  private smoothedDelta = 0;

  /** `initial`: continue from stored weights (a warm start) instead of λ = μ = 1. */
  constructor(
    private readonly settings: FusionSettings = defaultFusionSettings,
    initial?: FusionWeights,
  ) {
    if (initial) this.smoothedDelta = deltaForLambda(initial.lambda, settings);
  }

  /** Feed the loss of the latest step; returns the weights for the next step. */
  update(loss: number): FusionWeights {
    if (Number.isFinite(loss)) {
      if (this.smoothedLoss === undefined) {
        this.smoothedLoss = loss;
      } else {
        const next = this.smoothedLoss + this.settings.smoothing * (loss - this.smoothedLoss);
        this.smoothedDelta = next - this.smoothedLoss;
        this.smoothedLoss = next;
      }
    }
    return this.weights();
  }

  weights(): FusionWeights {
    return fusionWeights(this.smoothedDelta, this.settings);
  }

  /** The current ΔL (change of the smoothed loss at the latest step). */
  get deltaLoss(): number {
    return this.smoothedDelta;
  }
}
