"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useProject } from "@/components/project/project-context";
import { hasRole } from "@/lib/roles";
import { useTRPC } from "@/lib/trpc/react";
import { ImageGrid } from "./image-grid";
import { QueueSettings } from "./queue-settings";
import { ScoringStatus } from "./scoring-status";
import { UploadPanel } from "./upload-panel";

export function ProjectImages({ projectId }: { projectId: string }) {
  const project = useProject();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canUpload = hasRole(project.role, "lead");

  // Every finished upload refreshes the grid and the project counts.
  const refresh = useCallback(() => {
    void queryClient.invalidateQueries(trpc.image.list.pathFilter());
    void queryClient.invalidateQueries(trpc.project.list.pathFilter());
    void queryClient.invalidateQueries(trpc.project.byId.queryFilter({ projectId }));
  }, [queryClient, trpc, projectId]);

  return (
    <div className="space-y-8">
      {canUpload && <UploadPanel projectId={projectId} onUploaded={refresh} />}
      <ImageGrid
        projectId={projectId}
        emptyHint={canUpload ? "Upload ultrasound images above to start annotating." : "A project lead has not uploaded images yet."}
        header={
          canUpload ? (
            <div className="space-y-1.5">
              <ScoringStatus projectId={projectId} />
              {hasRole(project.role, "admin") && <QueueSettings projectId={projectId} />}
            </div>
          ) : undefined
        }
      />
    </div>
  );
}
