import { createCallerFactory, router } from "./trpc";
import { auditRouter } from "./router/audit";
import { authRouter } from "./router/auth";
import { imageRouter } from "./router/image";
import { invitationRouter } from "./router/invitation";
import { memberRouter } from "./router/member";
import { projectRouter } from "./router/project";
import { annotationRouter } from "./router/annotation";
import { modelRouter } from "./router/model";
import { queueRouter } from "./router/queue";
import { reviewRouter } from "./router/review";
import { trainingRouter } from "./router/training";
import { exportRouter } from "./router/export";
import { dashboardRouter } from "./router/dashboard";

export const appRouter = router({
  auth: authRouter,
  invitation: invitationRouter,
  project: projectRouter,
  member: memberRouter,
  image: imageRouter,
  audit: auditRouter,
  queue: queueRouter,
  annotation: annotationRouter,
  model: modelRouter,
  review: reviewRouter,
  training: trainingRouter,
  export: exportRouter,
  dashboard: dashboardRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller: `createCaller(await createTRPCContext({ headers, session }))`. */
export const createCaller = createCallerFactory(appRouter);
