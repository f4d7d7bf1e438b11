// The settings form sends only what changed: a partial update can never reset another setting.
export interface SavedSettings {
  requireReview: boolean;
  overlap: 1 | 2;
  autoTrainThreshold: number;
}

export interface Draft {
  requireReview: boolean;
  overlap: 1 | 2;
  /** As typed. */
  autoTrainThreshold: string;
}

export type SettingsChanges = Partial<SavedSettings>;


/** The keys whose value differs from what is stored. */
export function changedSettings(saved: SavedSettings, draft: Draft): SettingsChanges {
  const changes: SettingsChanges = {};
  if (draft.requireReview !== saved.requireReview) changes.requireReview = draft.requireReview;
  if (draft.overlap !== saved.overlap) changes.overlap = draft.overlap;
  const threshold = Number(draft.autoTrainThreshold);
  if (draft.autoTrainThreshold.trim() !== "" && Number.isInteger(threshold) && threshold !== saved.autoTrainThreshold) changes.autoTrainThreshold = threshold;
  return changes;
}

