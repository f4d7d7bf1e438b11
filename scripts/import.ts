// `pnpm data:import --project <name> --data <folder> [--target-label lesion] [--coco file.json] [--keep-patient-tags]`
// Reads <folder>/images/* (PNG, JPEG or DICOM — each DICOM frame becomes an image); reference masks
// come from <folder>/masks/<stem>.png or a COCO JSON with RLE (default <folder>/annotations.json).
import path from "node:path";
import { parseArgs } from "node:util";
import { createDb, migrateDb } from "@clickloop/db";
import { createStorageFromEnv } from "@clickloop/storage";
import { acceptReferenceMasks, createProjectWithOwner, findProjectByName, importFolder, PgBossJobQueue, recordAudit, startBoss } from "@clickloop/api";
import { openLocalDatabase, REPO_ROOT } from "./local-database";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    project: { type: "string" },
    data: { type: "string" },
    "target-label": { type: "string", default: "lesion" },
    coco: { type: "string" },
    "keep-patient-tags": { type: "boolean", default: false },
  },
});
if (!values.project || !values.data) {
  console.error("usage: pnpm data:import --project <name> --data <folder> [--target-label lesion] [--coco annotations.json] [--keep-patient-tags]");
  process.exit(2);
}
const dataDir = path.resolve(values.data);

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

const tally = await importFolder({ db, storage, jobs }, project.id, dataDir, {
  cocoFile: values.coco ? path.resolve(values.coco) : undefined,
  keepPatientTags: values["keep-patient-tags"],
  log: (line) => console.log(line),
});
// Imported ground truth counts as accepted masks (source "imported"): training data for the next round.
const accepted = await acceptReferenceMasks({ db, storage, jobs }, project.id);
await recordAudit(db, { projectId: project.id, action: "images.imported", data: { folder: dataDir, ...tally } });
console.log(`${accepted} reference mask(s) accepted as imported annotations`);
console.log(`done: ${tally.added} added, ${tally.duplicate} duplicate, ${tally.failed} failed, ${tally.masks} reference masks`);

await boss.stop({ graceful: true, timeout: 5000 });
await db.$client.end();
await database.stop();
process.exit(tally.failed > 0 ? 1 : 0);
