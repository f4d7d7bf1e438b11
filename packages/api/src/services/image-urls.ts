/** HTTP routes served by apps/web (see docs/architecture.md). */
export function imageFileUrl(imageId: string): string {
  return `/api/images/${imageId}/file`;
}

export function imageThumbnailUrl(imageId: string): string {
  return `/api/images/${imageId}/thumbnail`;
}

export function imageEmbeddingUrl(imageId: string): string {
  return `/api/images/${imageId}/embedding`;
}
