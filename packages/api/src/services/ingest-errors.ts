export type IngestErrorCode =
  | "EMPTY_FILE"
  | "FILE_TOO_LARGE"
  | "UNSUPPORTED_TYPE"
  | "CORRUPT_IMAGE"
  | "IMAGE_TOO_LARGE"
  | "IMAGE_TOO_SMALL";

const HTTP_STATUS: Record<IngestErrorCode, number> = {
  EMPTY_FILE: 400,
  FILE_TOO_LARGE: 413,
  UNSUPPORTED_TYPE: 415,
  CORRUPT_IMAGE: 422,
  IMAGE_TOO_LARGE: 422,
  IMAGE_TOO_SMALL: 422,
};

/** A per-file rejection the uploader can act on (one bad file never fails the others). */
export class IngestError extends Error {
  readonly httpStatus: number;
  constructor(
    readonly code: IngestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "IngestError";
    this.httpStatus = HTTP_STATUS[code];
  }
}
