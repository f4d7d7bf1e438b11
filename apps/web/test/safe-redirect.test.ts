import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "../src/lib/safe-redirect";

describe("safeRedirectPath", () => {
  it("keeps same-site paths", () => {
    expect(safeRedirectPath("/projects/abc/members?x=1")).toBe("/projects/abc/members?x=1");
  });

  it("falls back for external or malformed targets", () => {
    for (const value of ["https://evil.example", "//evil.example/x", "/\\evil.example", "projects", "", undefined, ["/a"]]) {
      expect(safeRedirectPath(value)).toBe("/projects");
    }
  });
});
