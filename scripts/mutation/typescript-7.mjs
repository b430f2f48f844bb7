/**
 * Lets Stryker's TypeScript checker use this project's TypeScript 7 (ADR 023).
 *
 * `@stryker-mutator/typescript-checker` 10.1 type-checks through TypeScript 7's API when
 * `experimentalNativePreview` is set, but it looks for that API under `@typescript/native`, and it
 * (like Stryker's tsconfig preprocessor) still calls three helpers of TypeScript 6's JavaScript API
 * that the `typescript` 7 package no longer ships. Installing TypeScript 6 beside 7 is not an
 * option: both packages claim the `tsc` binary, and npm then links one, the other or neither.
 * So imports made by Stryker's own packages are resolved here: `@typescript/native/*` to this
 * project's `typescript`, and `typescript` to the few helpers below. Nothing else is affected.
 */
import { registerHooks } from "node:module";

const helpers = new URL("./typescript-6-helpers.mjs", import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    const fromStryker = context.parentURL?.includes("/node_modules/@stryker-mutator/") ?? false;
    if (fromStryker && specifier === "typescript") return { url: helpers, shortCircuit: true };
    if (fromStryker && specifier.startsWith("@typescript/native/")) {
      return nextResolve(specifier.replace("@typescript/native/", "typescript/"), { ...context, parentURL: import.meta.url });
    }
    return nextResolve(specifier, context);
  },
});
