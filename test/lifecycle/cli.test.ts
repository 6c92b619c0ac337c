/** tinyml keygen / pack / verify, run as a user would. */
import test from "ava";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ModelStore } from "../../src/lifecycle/model_store";
import { parseUpdateHeader } from "../../src/lifecycle/update";
import { tinyml } from "../helpers/cli";
import { blankFlash, install, repo, sha, sineModel } from "./helpers";
import { tempDir } from "../helpers/temp_dir";

const sinePath = join(repo, "models", "sine", "sine.tflite");

test("keygen, pack, verify; a device with the public key installs the update", async (t) => {
  const dir = tempDir("tinyml-lc-");
  const name = join(dir, "release");
  const k = await tinyml(["keygen", "--out", name]);
  t.is(k.code, 0, k.stderr);
  t.regex(readFileSync(`${name}.pub`, "utf8"), /^-----BEGIN TINYML-XS ED25519 PUBLIC KEY-----\n[0-9a-f]{64}\n-----END TINYML-XS ED25519 PUBLIC KEY-----\n$/);
  t.regex(readFileSync(`${name}.key`, "utf8"), /^-----BEGIN TINYML-XS ED25519 SECRET KEY-----\n[0-9a-f]{64}\n-----END TINYML-XS ED25519 SECRET KEY-----\n$/);
  const again = await tinyml(["keygen", "--out", name]);
  t.is(again.code, 1);
  t.regex(again.stderr, /exists; use --force/);
  t.is((await tinyml(["keygen", "--out", name, "--force"])).code, 0);

  const out = join(dir, "sine-v7.tmlu");
  const p = await tinyml(["pack", sinePath, "--key", `${name}.key`, "--version", "7", "--out", out]);
  t.is(p.code, 0, p.stderr);
  t.regex(p.stdout, /model 'sine' version 7/);
  const update = new Uint8Array(readFileSync(out));
  t.is(parseUpdateHeader(update).modelId, "sine");

  const v = await tinyml(["verify", out, "--pub", `${name}.pub`]);
  t.is(v.code, 0, v.stderr);
  t.regex(v.stdout, /Ed25519 signature of the header/);
  t.regex(v.stdout, /SHA-256 of the self-test pair: [0-9a-f]{64}/);
  t.regex(v.stdout, /self-test: the output matches/);
  t.regex(v.stdout, /good update/);

  const pub = new Uint8Array(Buffer.from(/[0-9a-f]{64}/.exec(readFileSync(`${name}.pub`, "utf8"))![0], "hex"));
  const store = ModelStore.open(blankFlash(), { trustedKeys: [pub] });
  install(store, update);
  t.is(sha(store.active!.bytes), sha(sineModel));

  // A wrong key, a tampered byte, a budget too small: exit 1 with the reason.
  t.is((await tinyml(["keygen", "--out", join(dir, "other")])).code, 0);
  const wrong = await tinyml(["verify", out, "--pub", join(dir, "other.pub")]);
  t.is(wrong.code, 1);
  t.regex(wrong.stdout, /FAIL BAD_SIGNATURE/);
  const bad = update.slice();
  bad[200]! ^= 1;
  writeFileSync(join(dir, "bad.tmlu"), bad);
  const tampered = await tinyml(["verify", join(dir, "bad.tmlu"), "--pub", `${name}.pub`]);
  t.is(tampered.code, 1);
  t.regex(tampered.stdout, /FAIL HASH_MISMATCH/);
  const small = await tinyml(["verify", out, "--pub", `${name}.pub`, "--max-arena", "8"]);
  t.is(small.code, 1);
  t.regex(small.stdout, /ARENA_TOO_LARGE/);
});

test("pack with a given self-test input, an id and --allow-downgrade; usage errors exit 2", async (t) => {
  const dir = tempDir("tinyml-lc-");
  const name = join(dir, "k");
  t.is((await tinyml(["keygen", "--out", name])).code, 0);
  writeFileSync(join(dir, "in.bin"), Uint8Array.of(42));
  const out = join(dir, "u.bin");
  const p = await tinyml(["pack", sinePath, "--key", `${name}.key`, "--version", "2", "--out", out, "--id", "wave", "--selftest-input", join(dir, "in.bin"), "--allow-downgrade"]);
  t.is(p.code, 0, p.stderr);
  const h = parseUpdateHeader(new Uint8Array(readFileSync(out)));
  t.is(h.modelId, "wave");
  t.true(h.allowDowngrade);
  t.is(h.selfTestInputLength, 1);
  t.is((await tinyml(["verify", out, "--pub", `${name}.pub`])).code, 0);
  writeFileSync(join(dir, "in2.bin"), new Uint8Array(3));
  t.is((await tinyml(["pack", sinePath, "--key", `${name}.key`, "--version", "2", "--out", out, "--selftest-input", join(dir, "in2.bin")])).code, 1);
  t.is((await tinyml(["pack", sinePath, "--key", `${name}.key`, "--out", out])).code, 2);
  t.is((await tinyml(["verify", out])).code, 2);
  t.is((await tinyml(["keygen"])).code, 2);
});

test("a public key given as the secret key (and the reverse, and bare hex) is refused in one line", async (t) => {
  const dir = tempDir("tinyml-lc-");
  const name = join(dir, "k");
  t.is((await tinyml(["keygen", "--out", name])).code, 0);
  const out = join(dir, "u.tmlu");
  const swapped = await tinyml(["pack", sinePath, "--key", `${name}.pub`, "--version", "2", "--out", out]);
  t.is(swapped.code, 1);
  t.is(swapped.stderr, `tinyml: '${name}.pub' holds a public key; a secret key is needed here\n`);
  t.is((await tinyml(["pack", sinePath, "--key", `${name}.key`, "--version", "2", "--out", out])).code, 0);
  const reverse = await tinyml(["verify", out, "--pub", `${name}.key`]);
  t.is(reverse.code, 1);
  t.regex(reverse.stderr, /^tinyml: '.*k\.key' holds a secret key; a public key is needed here\n$/);
  writeFileSync(join(dir, "bare.key"), `${"ab".repeat(32)}\n`);
  const bare = await tinyml(["pack", sinePath, "--key", join(dir, "bare.key"), "--version", "2", "--out", out]);
  t.is(bare.code, 1);
  t.regex(bare.stderr, /^tinyml: secret key '.*bare\.key' is bare hex, which could be either key of a pair/);
});
