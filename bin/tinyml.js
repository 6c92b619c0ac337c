#!/usr/bin/env node
// The tinyml command: runs the TypeScript CLI through tsx's loader.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/tinyml.ts");
process.exitCode = await main(process.argv.slice(2));
