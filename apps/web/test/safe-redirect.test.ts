import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "../src/lib/safe-redirect";

describe("safeRedirectPath", () => {
  it("keeps same-site paths", () => {
    expect(safeRedirectPath("/projects/abc/members?x=1")).toBe("/projects/abc/members?x=1");
    expect(safeRedirectPath("/projects/abc#images")).toBe("/projects/abc#images");
    expect(safeRedirectPath("/")).toBe("/");
  });

  it("falls back for external or malformed targets", () => {
    const hostile = [
      "https://evil.example",
      "//evil.example/x",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example", // what `callbackUrl=%2F%09%2Fevil.example` decodes to; browsers drop the tab
      "/\n/evil.example",
      "/\r/evil.example",
      "/ /evil.example",
      "/%09/evil.example",
      "/%2F/evil.example",
      "/%5Cevil.example",
      "/\u0000/evil.example",
      "/\u00a0/evil.example",
      " //evil.example",
      "javascript:alert(1)",
      "/javascript:alert(1)//",
      "projects",
      "",
      undefined,
      ["/a"],
    ];
    for (const value of hostile) {
      const result = safeRedirectPath(value);
      expect(result === "/projects" || new URL(result, "https://clickloop.test").origin === "https://clickloop.test", JSON.stringify(value)).toBe(true);
      expect(result.startsWith("//") || result.includes("\\") || /[\u0000-\u0020\u007f-\u00a0]/.test(result), JSON.stringify(value)).toBe(false);
    }
    for (const value of ["/\t/evil.example", "/%09/evil.example", "/%2F/evil.example", "/%5Cevil.example", "/ /evil.example"]) {
      expect(safeRedirectPath(value), JSON.stringify(value)).toBe("/projects");
    }
  });
});
