/**
 * The motion firmware boots through the ModelStore and takes a signed update while it runs, inside
 * tinyml-sim (`npm start -- --update`): an empty store serves the built-in model; a tampered update
 * is refused and the built-in model keeps serving; the real one is verified, activated and
 * self-tested, and the firmware switches to the model in flash without missing a window; a replay
 * is refused; after a reset the store reopens with the new model, and the next boot runs it.
 */
import test from "ava";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { npmStart } from "../helpers/cli";
import { runInSim } from "../helpers/sim";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

test.serial("npm start -- --update: boot from an empty store, a tampered update refused, the real one activated while the firmware runs, a replay refused", async (t) => {
  const r = await npmStart(["--update"]);
  t.is(r.code, 0, r.stderr + r.stdout);
  const out = r.stdout;
  const order = [
    /^boot: the model store is empty; running the model built into the app$/m,
    /^update motion-v1-tampered\.tmlu: refused \(HASH_MISMATCH\): .*; still serving the built-in model$/m,
    /^update motion-v1\.tmlu: receiving 'motion' v1, \d+ bytes, into slot \d$/m,
    /^update motion-v1\.tmlu: verified in \d+ ms .*; activated 'motion' v1 in slot \d, self-test passed/m,
    /^model: now 'motion' v1 from flash slot \d, 3072 bytes, 4 ops/m,
    /^update motion-v1\.tmlu: refused \(DOWNGRADE\): .*; still serving 'motion' v1$/m,
    /^reset: the store reopens from .*flash\.bin with 'motion' v1 active$/m,
  ];
  let at = 0;
  for (const re of order) {
    const m = re.exec(out.slice(at));
    t.truthy(m, `${re} (after offset ${at}):\n${out}`);
    if (m) at += m.index + m[0].length;
  }
  // The firmware classified all along: every activity of the script, and windows on both sides of the switch.
  t.deepEqual([...out.matchAll(/^activity: (\w+)/gm)].map((m) => m[1]), ["still", "walking", "shaking"], out);
  const switchAt = out.indexOf("model: now");
  t.true(/^window /m.test(out.slice(0, switchAt)) && /^window /m.test(out.slice(switchAt)), out);
  const tel = /^telemetry: (\d+)-byte record: model 'motion' v1, (\d+) inferences, 0 errors, 0 rollbacks/m.exec(out);
  t.truthy(tel, out);
  t.is(Number(tel![2]), [...out.matchAll(/^window /gm)].length);

  // The next boot runs the updated model from flash.
  const again = await runInSim("hosts/sim/firmware_motion.ts", [
    `resources=${join(repo, "models", "motion")}`, "script=walking:4", `store=${join(repo, "build", "demo-update", "flash.bin")}`, `trusted=${join(repo, "build", "demo-update", "demo.pub")}`,
  ]);
  t.is(again.code, 0, again.stderr);
  t.regex(again.stdout, /^boot: running 'motion' v1 from flash slot \d \(read in place\)$/m);
  t.regex(again.stdout, /^activity: walking/m);
});

test.serial("the motion runner refuses store= without a trusted key", async (t) => {
  const r = await runInSim("hosts/sim/firmware_motion.ts", [`resources=${join(repo, "models", "motion")}`, "store=/nonexistent/flash.bin"]);
  t.is(r.code, 2);
  t.regex(r.stderr, /store= needs trusted=PUB/);
});
