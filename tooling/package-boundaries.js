// ESLint rule `clickloop/package-boundaries`: a module may use another workspace package only
// through an entry that package lists in its package.json `exports` map ("." or a named subpath),
// never by a deep specifier (`@clickloop/api/services/ingest`) or a relative path into the
// other package's folder (`../../sam/bench/report`).
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** name → { dir, entries: Set<"." | "./sub"> } for every package under packages/ and apps/. */
function readWorkspacePackages(root) {
  const packages = new Map();
  for (const group of ["packages", "apps"]) {
    const groupDir = path.join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const entry of readdirSync(groupDir, { withFileTypes: true })) {
      const manifest = path.join(groupDir, entry.name, "package.json");
      if (!entry.isDirectory() || !existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, "utf8"));
      const exportsMap = typeof pkg.exports === "object" && pkg.exports !== null ? pkg.exports : {};
      packages.set(pkg.name, { dir: path.join(groupDir, entry.name), entries: new Set(Object.keys(exportsMap)) });
    }
  }
  return packages;
}

const packages = readWorkspacePackages(repoRoot);

function packageOfFile(file) {
  for (const [name, { dir }] of packages) {
    if (file === dir || file.startsWith(dir + path.sep)) return name;
  }
  return null;
}

function splitSpecifier(specifier) {
  const [scope, name, ...rest] = specifier.split("/");
  return { packageName: `${scope}/${name}`, subpath: rest.length ? `./${rest.join("/")}` : "." };
}

export const packageBoundaries = {
  meta: {
    type: "problem",
    docs: { description: "Import other workspace packages only through their package.json exports" },
    schema: [],
    messages: {
      deepImport: "'{{specifier}}' reaches into {{packageName}}'s internals; import one of its entries instead: {{entries}}.",
      relativeImport: "'{{specifier}}' reaches into {{packageName}}'s folder by a relative path; import one of its entries instead: {{entries}}.",
    },
  },
  create(context) {
    const filename = context.filename ?? context.getFilename();
    const ownPackage = packageOfFile(filename);

    function check(node, specifier) {
      if (typeof specifier !== "string") return;
      if (specifier.startsWith("@clickloop/")) {
        const { packageName, subpath } = splitSpecifier(specifier);
        const target = packages.get(packageName);
        if (!target || target.entries.has(subpath)) return;
        context.report({ node, messageId: "deepImport", data: { specifier, packageName, entries: listEntries(packageName, target) } });
        return;
      }
      if (specifier.startsWith(".")) {
        const targetPackage = packageOfFile(path.resolve(path.dirname(filename), specifier));
        if (!targetPackage || targetPackage === ownPackage) return;
        const target = packages.get(targetPackage);
        context.report({ node, messageId: "relativeImport", data: { specifier, packageName: targetPackage, entries: listEntries(targetPackage, target) } });
      }
    }

    const fromSource = (node) => {
      if (node.source && node.source.type === "Literal") check(node.source, node.source.value);
    };
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: fromSource,
      // `typeof import("@clickloop/x/y")` in a type position names a module too.
      TSImportType(node) {
        const arg = node.argument?.literal ?? node.argument;
        if (arg && arg.type === "Literal") check(arg, arg.value);
      },
    };
  },
};

function listEntries(packageName, target) {
  return [...target.entries].map((entry) => (entry === "." ? packageName : `${packageName}/${entry.slice(2)}`)).join(", ");
}

export const clickloopPlugin = { rules: { "package-boundaries": packageBoundaries } };
