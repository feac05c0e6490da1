// Next's rules (core web vitals, TypeScript, hooks, jsx-a11y) and the import boundaries of the
// bulletproof-react layout: app → features → shared (components, api, auth, lib, i18n); a feature
// never reaches into another feature, shared code never reaches into features or app.
import { readdirSync } from "node:fs";

import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const features = readdirSync(new URL("./src/features", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const zones = [
  ...features.map((feature) => ({
    target: `./src/features/${feature}`,
    from: "./src/features",
    except: [`./${feature}`],
    message: "Une fonctionnalité n'importe pas une autre : passez par src/app ou par le code partagé.",
  })),
  ...["components", "api", "auth", "lib", "i18n"].map((shared) => ({
    target: `./src/${shared}`,
    from: ["./src/features", "./src/app"],
    message: "Le code partagé ne dépend ni des fonctionnalités ni des pages.",
  })),
];

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "out/**", "node_modules/**", "next-env.d.ts", "src/api/schema.d.ts"] },
  {
    rules: {
      "import/no-restricted-paths": ["error", { zones }],
      "import/no-cycle": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
