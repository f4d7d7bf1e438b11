import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "@clickloop/db";
import type { Storage } from "@clickloop/storage";
import {
  attachReferenceMask,
  countProjectImages,
  createPasswordUser,
  createProjectWithOwner,
  findProjectByName,
  findUserByEmail,
  ingestImage,
  recordAudit,
  type JobQueue,
} from "@clickloop/api";
import { phantomPng } from "@clickloop/phantom/node";

export const DEMO_ADMIN_EMAIL = "admin@clickloop.local";
export const DEMO_PROJECT_NAME = "Breast ultrasound (demo)";
const DEMO_IMAGES = 12;

export interface SeedResult {
  adminEmail: string;
  /** Null when the account existed before and its password is not ours to know. */
  adminPassword: string | null;
  adminId: string;
  projectId: string;
}

/** Password generated on first start and kept in `<dataDir>/admin-password` (mode 600). */
function demoAdminPassword(dataDir: string): { password: string; fresh: boolean } {
  const file = path.join(dataDir, "admin-password");
  if (existsSync(file)) return { password: readFileSync(file, "utf8").trim(), fresh: false };
  mkdirSync(dataDir, { recursive: true });
  const password = randomBytes(12).toString("base64url");
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return { password, fresh: true };
}

async function ensureAdmin(db: Db, dataDir: string): Promise<{ id: string; password: string | null }> {
  const existing = await findUserByEmail(db, DEMO_ADMIN_EMAIL);
  const stored = existsSync(path.join(dataDir, "admin-password"));
  if (existing) return { id: existing.id, password: stored ? demoAdminPassword(dataDir).password : null };
  const { password } = demoAdminPassword(dataDir);
  const user = await createPasswordUser(db, { email: DEMO_ADMIN_EMAIL, name: "Demo admin", password, isInstanceAdmin: true });
  await recordAudit(db, { actorId: user.id, action: "user.seeded_admin", targetType: "user", targetId: user.id });
  return { id: user.id, password };
}

async function ensureDemoProject(db: Db, adminId: string): Promise<string> {
  const existing = await findProjectByName(db, DEMO_PROJECT_NAME);
  if (existing) return existing.id;
  const project = await createProjectWithOwner(db, {
    name: DEMO_PROJECT_NAME,
    targetLabel: "lesion",
    description: "Synthetic breast-ultrasound phantoms with known lesion masks, generated on first start.",
    ownerId: adminId,
    via: "seed",
  });
  return project.id;
}

/** Idempotent: creates the demo admin and the demo project when missing. */
export async function seedDemoAccount(db: Db, dataDir: string): Promise<SeedResult> {
  const admin = await ensureAdmin(db, dataDir);
  const projectId = await ensureDemoProject(db, admin.id);
  return { adminEmail: DEMO_ADMIN_EMAIL, adminPassword: admin.password, adminId: admin.id, projectId };
}

/** Idempotent: tops the demo project up to `target` (12) phantom images (with reference masks). Returns how many were added. */
export async function seedDemoImages(
  deps: { db: Db; storage: Storage; jobs: JobQueue },
  projectId: string,
  uploadedBy: string | null,
  target = DEMO_IMAGES,
): Promise<number> {
  let added = 0;
  for (let index = await countProjectImages(deps.db, projectId); index < target; index++) {
    const { image, mask } = await phantomPng({ seed: `demo:${index}`, width: 512, height: 400 });
    const fileName = `phantom_${String(index + 1).padStart(2, "0")}.png`;
    const result = await ingestImage(deps, { projectId, uploadedBy, fileName, bytes: image });
    if (!result.duplicate) added++;
    await attachReferenceMask(deps, result.image, { fileName, bytes: mask });
  }
  return added;
}
