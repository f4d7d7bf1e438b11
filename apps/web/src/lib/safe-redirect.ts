// Redirect targets after sign-in come from the query string, so they are hostile until proven
// otherwise. Browsers drop tabs/newlines and treat `\` as `/`, so `/\t/evil.example` is
// `//evil.example`; a prefix check alone is not enough. We accept only a plain same-site path:
// RFC 3986 characters, no protocol-relative start in raw or percent-decoded form, no control
// characters, and a URL parse that stays on our origin.
const PATH_CHARS = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/%?#]*$/;
const PROBE_ORIGIN = "https://clickloop.invalid";

function decodeFully(value: string): string | null {
  let current = value;
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return current;
}

function isSafePath(value: string): boolean {
  if (!PATH_CHARS.test(value)) return false;
  const decoded = decodeFully(value);
  if (decoded === null) return false;
  for (const form of [value, decoded]) {
    if (form.startsWith("//") || form.startsWith("/\\")) return false;
  }
  if (/[\u0000-\u0020\u007f-\u00a0\\]/.test(decoded.split(/[?#]/)[0] ?? "")) return false;
  try {
    return new URL(value, PROBE_ORIGIN).origin === PROBE_ORIGIN;
  } catch {
    return false;
  }
}

/** Only same-site paths may be redirect targets (no `//host`, absolute URLs or disguised variants). */
export function safeRedirectPath(value: unknown, fallback = "/projects"): string {
  if (typeof value !== "string" || !isSafePath(value)) return fallback;
  return value;
}
