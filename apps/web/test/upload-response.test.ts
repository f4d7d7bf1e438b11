import { describe, expect, it } from "vitest";
import { interpretUploadResponse } from "../src/lib/upload/upload-file";

describe("interpretUploadResponse", () => {
  it("reads a created image", () => {
    expect(interpretUploadResponse(201, JSON.stringify({ image: { id: "a1", name: "x.png" } }))).toEqual({ kind: "created", imageId: "a1" });
  });

  it("reads a duplicate", () => {
    expect(interpretUploadResponse(200, JSON.stringify({ image: { id: "a1" }, duplicate: true }))).toEqual({ kind: "duplicate", imageId: "a1" });
  });

  it("shows the server's message for a failed file", () => {
    const body = JSON.stringify({ error: { code: "UNSUPPORTED_MEDIA_TYPE", message: "Not a decodable image." } });
    expect(interpretUploadResponse(415, body)).toEqual({ kind: "error", message: "Not a decodable image." });
  });

  it("explains a bare HTTP failure", () => {
    expect(interpretUploadResponse(413, "<html>too big</html>")).toEqual({ kind: "error", message: "The file is too large." });
    expect(interpretUploadResponse(502, "")).toEqual({ kind: "error", message: "Upload failed (HTTP 502)." });
  });

  it("treats a malformed success body as an error", () => {
    expect(interpretUploadResponse(201, "{}").kind).toBe("error");
  });
});
