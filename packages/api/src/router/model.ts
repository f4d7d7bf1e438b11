import { deployedModelInfo } from "../models/deployed";
import { projectProcedure, router } from "../trpc";
import { modelVersionProcedures } from "./training";

// The model a workspace runs (see models/deployed.ts) and the version history (router/training.ts).
export const modelRouter = router({
  /** What the workspace should run: polled, so clients switch to a new version at the next image. */
  deployed: projectProcedure("annotator").query(({ ctx }) => deployedModelInfo(ctx.db, ctx.storage, ctx.project.id)),
  // versions / promote / rollback (training rounds)
  ...modelVersionProcedures,
});
