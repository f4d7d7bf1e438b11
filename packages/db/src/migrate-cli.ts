// Usage: DATABASE_URL=postgres://... node --import tsx packages/db/src/migrate-cli.ts
import { createDb } from "./client";
import { migrateDb } from "./migrate";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set");
  process.exit(1);
}
const db = createDb(url, { max: 1 });
try {
  await migrateDb(db);
  console.log("migrations applied");
} finally {
  await db.$client.end();
}
