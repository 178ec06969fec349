// Layering rules (ARCHITECTURE.md): app -> components, lib; components -> lib; lib/<domain> -> shared lib and db;
// nothing in lib imports app/, components/, inngest/ or demo code; no import cycles. Run by `npm run lint`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-cycles", severity: "error", comment: "Import cycles make load order matter and modules hard to read alone.", from: {}, to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } } },
    { name: "lib-not-app", severity: "error", comment: "lib/ is framework-free domain code; it never reaches up into app/.", from: { path: "^(lib|components|db)/" }, to: { path: "^app/" } },
    { name: "lib-not-components", severity: "error", comment: "lib/ has no React.", from: { path: "^(lib|db)/" }, to: { path: "^components/" } },
    { name: "lib-not-inngest", severity: "error", comment: "Background work is requested through lib/jobs, never by importing inngest/.", from: { path: "^(lib|components|db)/" }, to: { path: "^inngest/" } },
    { name: "no-demo-in-production", severity: "error", comment: "Demo generators are reached only from bootstrap and scripts.", from: { path: "^(lib|components|db)/", pathNot: ["^lib/(demo|bootstrap)/", "\\.test\\.tsx?$"] }, to: { path: "^lib/demo/" } },
    { name: "lib-not-http-boundary", severity: "error", comment: "Domain code names errors by code (lib/errors); only the HTTP boundary maps them to statuses. Outbound-request helpers (lib/http/public-*) are shared.", from: { path: "^lib/", pathNot: "^lib/http/" }, to: { path: "^lib/http/", pathNot: "^lib/http/public-" } },
    { name: "no-test-support-in-production", severity: "error", comment: "Test helpers live under tests/support and never ship.", from: { path: "^(lib|components|db|app|inngest)/", pathNot: "\\.test\\.tsx?$" }, to: { path: "^tests/" } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|e2e/artifacts)" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"], extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"] },
  },
};
