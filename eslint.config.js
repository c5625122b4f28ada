import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "web/client/dist/", "node_modules/", "data/", "models/train/", "coverage/", "test-artifacts/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read settings through pipeline/config.ts only." },
      ],
    },
  },
  {
    files: ["pipeline/config.ts", "test/**/*.ts"],
    rules: { "no-restricted-properties": "off" },
  },
);
