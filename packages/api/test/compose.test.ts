// docker/compose.yaml as a security officer reads it: no default credentials, nothing but the web
// app published, and the first admin needs the setup token.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const compose = readFileSync(path.join(import.meta.dirname, "../../../docker/compose.yaml"), "utf8");

/** The lines of one top-level service block (two-space indented key under `services:`). */
function service(name: string): string {
  const lines = compose.split("\n");
  const start = lines.findIndex((l) => l === `  ${name}:`);
  expect(start, `service ${name}`).toBeGreaterThan(-1);
  const end = lines.findIndex((l, i) => i > start && /^ {2}[a-z-]+:$|^[a-z]/.test(l));
  return lines.slice(start, end === -1 ? undefined : end).join("\n");
}

describe("docker compose", () => {
  it("requires the setup token for the first admin, and secrets without defaults", () => {
    expect(service("web")).toMatch(/SETUP_TOKEN: \$\{SETUP_TOKEN:\?/);
    expect(compose).toMatch(/AUTH_SECRET: \$\{AUTH_SECRET:\?/);
    expect(compose).not.toMatch(/POSTGRES_PASSWORD:-/);
    // Credentials never default to a value (an empty default is allowed: MinIO then refuses to start).
    for (const variable of ["S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "POSTGRES_PASSWORD", "MINIO_ROOT_PASSWORD"]) {
      expect(compose, variable).not.toMatch(new RegExp(`\\$\\{${variable}:-[^}]`));
    }
    expect(compose).not.toMatch(/minioadmin|clickloop-secret/);
  });

  it("publishes only the web app; MinIO's API and console stay internal, and MinIO refuses weak credentials", () => {
    for (const name of ["postgres", "migrate", "worker", "minio", "minio-bucket"]) expect(service(name), name).not.toMatch(/^\s+ports:/m);
    expect(service("web")).toMatch(/ports:/);
    const minio = service("minio");
    expect(minio).not.toMatch(/9001|console-address/);
    expect(minio).toMatch(/MINIO_BROWSER: "off"/);
    expect(minio).toMatch(/-lt 16/);
  });
});
