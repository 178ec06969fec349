import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: [".next/**", "node_modules/**", ".data*/**", "e2e/artifacts/**", "playwright-report/**", "test-results/**", "next-env.d.ts"],
  },
  {
    plugins: { drizzle },
    rules: {
      // A delete or update without a where clause touches every tenant's rows.
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Planner settings go through db/planner-settings.ts (typed, validated, scoped to a transaction or savepoint).
    files: ["lib/**/*.ts", "app/**/*.ts", "inngest/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        ...["TemplateElement[value.raw=/\\b(set\\s+local|set_config)\\b/i]", "Literal[value=/\\b(set\\s+local|set_config)\\b/i]"].map((selector) => ({
          selector,
          message: "Use withPlannerSettings (db/planner-settings.ts) instead of SET LOCAL / set_config.",
        })),
      ],
    },
  },
];

export default config;
