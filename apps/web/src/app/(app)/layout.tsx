import type { ReactNode } from "react";
import { AppHeader } from "@/components/layout/app-header";
import { requireUser } from "@/lib/server/session";

/** Every page in this group needs a signed-in user; the API checks roles again. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader user={{ name: user.name ?? null, email: user.email ?? "", isInstanceAdmin: user.isInstanceAdmin }} />
      <div id="main" className="flex-1">
        {children}
      </div>
    </div>
  );
}
