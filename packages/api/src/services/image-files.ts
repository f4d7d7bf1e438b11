/** Storage layout. Originals are content-addressed within the project (dedupe makes the key unique). */
export const storageKeys = {
  original: (projectId: string, sha256: string, ext: string) => `projects/${projectId}/images/${sha256}.${ext}`,
  thumbnail: (projectId: string, sha256: string) => `projects/${projectId}/thumbnails/${sha256}.webp`,
  embedding: (projectId: string, sha256: string, encoderId: string) =>
    `projects/${projectId}/embeddings/${encoderId.replace(/[^A-Za-z0-9._-]/g, "_")}/${sha256}.bin`,
  referenceMask: (projectId: string, sha256: string) => `projects/${projectId}/reference-masks/${sha256}.png`,
};
