import { z } from "zod";

// Response bodies of POST /api/projects/:projectId/images (docs/architecture.md).
const uploadedImageSchema = z.looseObject({ id: z.string(), name: z.string().optional() });
const successSchema = z.object({ image: uploadedImageSchema, duplicate: z.boolean().optional() });
const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export type UploadOutcome =
  | { kind: "created"; imageId: string }
  | { kind: "duplicate"; imageId: string }
  | { kind: "error"; message: string };

export interface UploadHandle {
  promise: Promise<UploadOutcome>;
  abort: () => void;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Explains a response that is not a success (server error body, or a bare status). */
function describeFailure(status: number, body: unknown): string {
  const parsed = errorSchema.safeParse(body);
  if (parsed.success) return parsed.data.error.message;
  if (status === 413) return "The file is too large.";
  if (status === 401) return "Your session has ended. Sign in again.";
  if (status === 403) return "You do not have permission to upload to this project.";
  if (status === 0) return "Network error: the upload did not reach the server.";
  return `Upload failed (HTTP ${status}).`;
}

export function interpretUploadResponse(status: number, text: string): UploadOutcome {
  const body = parseBody(text);
  if (status === 200 || status === 201) {
    const parsed = successSchema.safeParse(body);
    if (!parsed.success) return { kind: "error", message: "The server sent an unexpected response." };
    return { kind: parsed.data.duplicate ? "duplicate" : "created", imageId: parsed.data.image.id };
  }
  return { kind: "error", message: describeFailure(status, body) };
}

/**
 * One file per request, sent with XMLHttpRequest because fetch() cannot report upload progress.
 * `onProgress` receives the fraction of bytes sent (0..1).
 */
export function uploadImage(projectId: string, file: File, onProgress: (fraction: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<UploadOutcome>((resolve) => {
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => resolve(interpretUploadResponse(xhr.status, xhr.responseText));
    xhr.onerror = () => resolve({ kind: "error", message: describeFailure(0, null) });
    xhr.onabort = () => resolve({ kind: "error", message: "Cancelled." });
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.open("POST", `/api/projects/${encodeURIComponent(projectId)}/images`);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
