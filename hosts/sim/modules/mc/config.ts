/**
 * tinyml-sim's "mc/config": the `key=value` arguments given after the bundle on the sim's command
 * line (as mcconfig takes `key=value` arguments to override a manifest's "config"); numeric values
 * become numbers. Frozen, like Moddable's.
 */
import { sim } from "../../globals";

const config: Record<string, string | number> = {};
for (const arg of sim.args) {
  const eq = arg.indexOf("=");
  if (eq <= 0) continue;
  const value = arg.slice(eq + 1);
  config[arg.slice(0, eq)] = value !== "" && !Number.isNaN(Number(value)) ? Number(value) : value;
}
export default Object.freeze(config) as Readonly<Record<string, any>>;
