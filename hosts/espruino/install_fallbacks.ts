/** Installs the fallbacks when evaluated: imported first by runtime.ts, so before any runtime module runs. */
import { installFallbacks } from "./fallbacks";

export const fallbacks = installFallbacks();
