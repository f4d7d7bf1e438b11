"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextAreaField, TextField } from "@/components/ui/field";
import { errorMessage } from "@/lib/trpc/errors";
import { useTRPC } from "@/lib/trpc/react";

export function NewProjectDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [fields, setFields] = useState({ name: "", targetLabel: "", description: "" });
  const create = useMutation(
    trpc.project.create.mutationOptions({
      onSuccess: async (project) => {
        await queryClient.invalidateQueries(trpc.project.list.queryFilter());
        router.push(`/projects/${project.id}`);
      },
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ name: fields.name.trim(), targetLabel: fields.targetLabel.trim(), description: fields.description.trim() });
  }

  function close() {
    if (create.isPending) return;
    create.reset();
    onClose();
  }

  return (
    <Dialog open={open} onClose={close} title="New project" description="A project groups the images of one segmentation task and the people who annotate them.">
      <form onSubmit={submit} className="space-y-4">
        {create.isError && <Alert>{errorMessage(create.error)}</Alert>}
        <TextField label="Project name" name="name" required maxLength={120} autoFocus value={fields.name} onChange={(e) => setFields({ ...fields, name: e.target.value })} placeholder="Breast ultrasound — lesions" />
        <TextField
          label="Target structure"
          name="targetLabel"
          required
          maxLength={80}
          value={fields.targetLabel}
          onChange={(e) => setFields({ ...fields, targetLabel: e.target.value })}
          placeholder="lesion"
          hint="What annotators outline in every image."
        />
        <TextAreaField label="Description" name="description" rows={3} maxLength={2000} value={fields.description} onChange={(e) => setFields({ ...fields, description: e.target.value })} placeholder="Optional: protocol, source, annotation guidelines." />
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={close} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" pending={create.isPending} disabled={!fields.name.trim() || !fields.targetLabel.trim()}>
            Create project
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
