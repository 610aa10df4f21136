#!/usr/bin/env node
// Every public export of every published package carries TSDoc with an `@example`.
// Reads each package's entry points (its `exports` with the @swaram/source condition)
// through the TypeScript compiler and lists exports whose declaration lacks one.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("..", import.meta.url));
const packages = ["client", "react", "server", "dev-server"];
const missing = [];
let checked = 0;

for (const dir of packages) {
  const pkgDir = join(root, "packages", dir);
  const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  const entries = Object.entries(pkg.exports)
    .map(([key, value]) => [key, typeof value === "object" ? value["@swaram/source"] : undefined])
    .filter(([, source]) => source?.endsWith(".ts"));
  const configPath = join(pkgDir, "tsconfig.json");
  const config = ts.parseJsonConfigFileContent(
    ts.readConfigFile(configPath, ts.sys.readFile).config,
    ts.sys,
    dirname(configPath),
  );
  const program = ts.createProgram(
    entries.map(([, s]) => join(pkgDir, s)),
    config.options,
  );
  const checker = program.getTypeChecker();
  for (const [key, source] of entries) {
    const file = program.getSourceFile(join(pkgDir, source));
    const moduleSymbol = file && checker.getSymbolAtLocation(file);
    if (!moduleSymbol) continue;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      let declarations = symbol.declarations ?? [];
      if (declarations.length > 0 && declarations.every(ts.isSourceFile)) {
        // `export * as ns from "…"`: the JSDoc sits on the export statement, not the module.
        declarations = (exported.declarations ?? []).map((d) =>
          ts.isNamespaceExport(d) ? d.parent : d,
        );
      } else if (declarations.some((d) => ts.isFunctionDeclaration(d) && !d.body)) {
        // Overloads: the implementation signature is not part of the published types.
        declarations = declarations.filter((d) => !(ts.isFunctionDeclaration(d) && d.body));
      }
      checked++;
      const hasExample = declarations.some(
        (d) =>
          ts.getJSDocTags(d).some((tag) => tag.tagName.text === "example") ||
          // `export const X = …`: the JSDoc sits on the variable statement.
          (ts.isVariableDeclaration(d) &&
            ts.getJSDocTags(d.parent.parent).some((tag) => tag.tagName.text === "example")),
      );
      if (!hasExample)
        missing.push(`${pkg.name}${key === "." ? "" : key.slice(1)}: ${exported.name}`);
    }
  }
}
console.log(`TSDoc @example: ${checked - missing.length} of ${checked} public exports`);
if (missing.length > 0) {
  console.log(`missing:\n  ${missing.join("\n  ")}`);
  process.exit(1);
}
