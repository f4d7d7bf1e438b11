// The one error type services throw for a request the caller has to change (wrong id, stale
// version, bad file, missing permission). Transport-free: trpc.ts maps it to a TRPCError once
// (a middleware on every procedure), the HTTP adapters to a JSON error response once
// (`domainErrorResponse`). Anything else that escapes is a bug and stays a 500.

/** Transport-neutral kinds, named as tRPC names them, with their HTTP status. */
export const DOMAIN_ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE_CONTENT: 422,
} as const;
export type DomainErrorKind = keyof typeof DOMAIN_ERROR_STATUS;

export class DomainError extends Error {
  override name = "DomainError";
  /** Machine-readable reason sent to clients (`EMPTY_FILE`, …); the kind when there is no finer one. */
  readonly code: string;
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    code?: string,
  ) {
    super(message);
    this.code = code ?? kind;
  }

  get httpStatus(): number {
    return DOMAIN_ERROR_STATUS[this.kind];
  }
}

/** `{ error: { code, message } }` with the kind's status: the body every HTTP route returns on failure. */
export function errorResponse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

export function domainErrorResponse(error: DomainError): Response {
  return errorResponse(error.httpStatus, error.code, error.message);
}
