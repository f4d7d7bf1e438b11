/** Only same-site paths may be redirect targets (no `//host` or absolute URLs). */
export function safeRedirectPath(value: unknown, fallback = "/projects"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
