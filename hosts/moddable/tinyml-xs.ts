/**
 * The module "tinyml-xs" of Moddable builds (see manifest.json). src/index.ts is built as
 * "tinyml-xs/index": XS resolves a relative import against the importing module's name, so
 * src/index.ts's "./errors" must be imported from a module named "tinyml-xs/<something>" to
 * become "tinyml-xs/errors". This entry only re-exports it.
 */
export * from "tinyml-xs/index";
