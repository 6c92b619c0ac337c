/** Types for hosts/lua/build.mjs (the Lua build of the portable runtime). */

/** Absolute path of dist/lua. */
export declare const LUA_DIST: string;

/** Builds dist/lua when a source is newer than it (always with force); resolves to its absolute path. */
export declare function ensureLuaBuild(options?: { force?: boolean }): Promise<string>;
