// Test support shared by the worker's tests.

/** Polls `probe` until it yields a value (a job finished, a row appeared); fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
