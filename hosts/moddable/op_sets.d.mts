/** Op sets of Moddable apps: a name and the models whose ops the set must run (see op_sets.mjs). */
export const OP_SETS: Record<string, string[]>;
export function writeOpSets(repo: string, out: string): Promise<Record<string, { ops: string[]; kernels: string[]; excluded: number }>>;
