import { createCallerFactory, router } from "./trpc";
import { auditRouter } from "./router/audit";
import { authRouter } from "./router/auth";
import { imageRouter } from "./router/image";
import { invitationRouter } from "./router/invitation";
import { memberRouter } from "./router/member";
import { projectRouter } from "./router/project";

export const appRouter = router({
  auth: authRouter,
  invitation: invitationRouter,
  project: projectRouter,
  member: memberRouter,
  image: imageRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller: `createCaller(await createTRPCContext({ headers, session }))`. */
export const createCaller = createCallerFactory(appRouter);
