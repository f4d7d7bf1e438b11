// `pnpm import --project <name> --data <folder> [--target-label lesion]`
// Reads <folder>/images/*.{png,jpg,jpeg}; a same-named file in <folder>/masks/ is kept as a reference mask.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDb, migrateDb } from "@clickloop/db";
import { createStorageFromEnv } from "@clickloop/storage";
import { attachReferenceMask, createProjectWithOwner, findProjectByName, IngestError, ingestImage, PgBossJobQueue, recordAudit, startBoss, acceptReferenceMasks } from "@clickloop/api";
import { openLocalDatabase, REPO_ROOT } from "./local-database";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: { project: { type: "string" }, data: { type: "string" }, "target-label": { type: "string", default: "lesion" } },
});
if (!values.project || !values.data) {
  console.error("usage: pnpm import --project <name> --data <folder>");
  process.exit(2);
}
const dataDir = path.resolve(values.data);
const imageDir = path.join(dataDir, "images");
const maskDir = path.join(dataDir, "masks");

const files = (await readdir(imageDir)).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort();
const maskNames = new Set(await readdir(maskDir).catch(() => [] as string[]));

const database = await openLocalDatabase();
const db = createDb(database.url);
await migrateDb(db);
const storage = createStorageFromEnv({ ...process.env, STORAGE_DIR: path.resolve(REPO_ROOT, process.env.STORAGE_DIR ?? ".data/storage") });
const boss = await startBoss(database.url, { supervise: false, max: 2 });
const jobs = new PgBossJobQueue(boss);

let project = await findProjectByName(db, values.project);
if (!project) {
  project = await createProjectWithOwner(db, { name: values.project, targetLabel: values["target-label"], ownerId: null, via: "import" });
  console.log(`created project "${project.name}" (${project.id}); instance admins can open it and invite members`);
}

const tally = { added: 0, duplicate: 0, failed: 0, masks: 0 };
for (const [i, file] of files.entries()) {
  const prefix = `[${i + 1}/${files.length}] ${file}`;
  try {
    const bytes = await readFile(path.join(imageDir, file));
    const result = await ingestImage({ db, storage, jobs }, { projectId: project.id, uploadedBy: null, fileName: file, bytes });
    tally[result.duplicate ? "duplicate" : "added"]++;
    let maskNote = "";
    if (maskNames.has(file)) {
      await attachReferenceMask({ db, storage }, result.image, { fileName: file, bytes: await readFile(path.join(maskDir, file)) });
      tally.masks++;
      maskNote = " + mask";
    }
    console.log(`${prefix}: ${result.duplicate ? "duplicate" : "added"} ${result.image.width}×${result.image.height}${maskNote}`);
  } catch (error) {
    tally.failed++;
    const reason = error instanceof IngestError ? `${error.code}: ${error.message}` : (error as Error).message;
    console.log(`${prefix}: FAILED ${reason}`);
  }
}
// Imported ground truth counts as accepted masks (source "imported"): training data for the next round.
const accepted = await acceptReferenceMasks({ db, storage, jobs }, project.id);
await recordAudit(db, { projectId: project.id, action: "images.imported", data: { folder: dataDir, ...tally } });
console.log(`${accepted} reference mask(s) accepted as imported annotations`);
console.log(`done: ${tally.added} added, ${tally.duplicate} duplicate, ${tally.failed} failed, ${tally.masks} reference masks`);

await boss.stop({ graceful: true, timeout: 5000 });
await db.$client.end();
await database.stop();
process.exit(tally.failed > 0 ? 1 : 0);
