import { DomainError, type DomainErrorKind } from "../errors";

export type IngestErrorCode =
  | "EMPTY_FILE"
  | "FILE_TOO_LARGE"
  | "UNSUPPORTED_TYPE"
  | "CORRUPT_IMAGE"
  | "IMAGE_TOO_LARGE"
  | "IMAGE_TOO_SMALL";

const KIND: Record<IngestErrorCode, DomainErrorKind> = {
  EMPTY_FILE: "BAD_REQUEST",
  FILE_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  CORRUPT_IMAGE: "UNPROCESSABLE_CONTENT",
  IMAGE_TOO_LARGE: "UNPROCESSABLE_CONTENT",
  IMAGE_TOO_SMALL: "UNPROCESSABLE_CONTENT",
};

/** A per-file rejection the uploader can act on (one bad file never fails the others). */
export class IngestError extends DomainError {
  override name = "IngestError";
  declare readonly code: IngestErrorCode;
  constructor(code: IngestErrorCode, message: string) {
    super(KIND[code], message, code);
  }
}
