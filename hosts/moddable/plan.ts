/**
 * The module "tinyml-xs/plan" of Moddable apps that include src/plan/manifest.json: compiled plans,
 * re-exported from "tinyml-xs/plan/index" (XS resolves a relative import against the importing
 * module's name, so src/plan/index.ts, whose imports are relative, is mapped under its own path).
 */
export * from "tinyml-xs/plan/index";
