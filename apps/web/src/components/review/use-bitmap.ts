"use client";
import { useEffect, useState } from "react";

/** The image's original file as a bitmap (null while loading). */
export function useImageBitmap(imageId: string | null): { bitmap: ImageBitmap | null; error: string | null } {
  const [state, setState] = useState<{ id: string | null; bitmap: ImageBitmap | null; error: string | null }>({ id: null, bitmap: null, error: null });
  useEffect(() => {
    if (!imageId) return;
    const controller = new AbortController();
    setState({ id: imageId, bitmap: null, error: null });
    fetch(`/api/images/${imageId}/file`, { signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(`The image could not be loaded (${response.status}).`);
        return createImageBitmap(await response.blob());
      })
      .then((bitmap) => !controller.signal.aborted && setState({ id: imageId, bitmap, error: null }))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ id: imageId, bitmap: null, error: error instanceof Error ? error.message : String(error) });
      });
    return () => controller.abort();
  }, [imageId]);
  return state.id === imageId ? { bitmap: state.bitmap, error: state.error } : { bitmap: null, error: null };
}
