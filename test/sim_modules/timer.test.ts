/**
 * The contract of "timer" as the Moddable SDK 8.2.3 implements it (modules/base/timer: timer.js,
 * modTimer.c), checked on the simulator's stand-in (hosts/sim/modules/timer.ts), one rule per test.
 */
import test from "ava";
import Timer from "../../hosts/sim/modules/timer";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("set: the callback gets the timer as its argument, once; the timer is then spent (schedule throws, clear does nothing)", async (t) => {
  const calls: unknown[] = [];
  const timer = Timer.set((x) => calls.push(x), 5);
  await sleep(40);
  t.deepEqual(calls, [timer]);
  t.throws(() => Timer.schedule(timer, 5));
  t.notThrows(() => Timer.clear(timer));
});

test("set with repeat, and repeat: called again every interval until cleared", async (t) => {
  let a = 0, b = 0;
  const ta = Timer.set(() => a++, 1, 5);
  const tb = Timer.repeat(() => b++, 5);
  await sleep(60);
  Timer.clear(ta);
  Timer.clear(tb);
  const [a1, b1] = [a, b];
  t.true(a1 >= 3 && b1 >= 3, `${a1} and ${b1} calls`);
  await sleep(30);
  t.deepEqual([a, b], [a1, b1], "nothing after clear");
});

test("schedule(timer) unschedules (the timer stays valid); schedule(timer, delay) runs it again", async (t) => {
  let n = 0;
  const timer = Timer.repeat(() => n++, 5);
  Timer.schedule(timer);
  await sleep(30);
  t.is(n, 0, "unscheduled");
  Timer.schedule(timer, 1, 0);
  await sleep(30);
  t.is(n, 1);
});

test("clear: twice, or on undefined, null, a number, is nothing; schedule on a cleared timer throws", (t) => {
  const timer = Timer.set(() => t.fail("cleared"), 5);
  Timer.clear(timer);
  t.notThrows(() => Timer.clear(timer));
  t.notThrows(() => Timer.clear(undefined));
  t.notThrows(() => Timer.clear(null));
  t.notThrows(() => Timer.clear(3 as never));
  t.throws(() => Timer.schedule(timer, 1));
});

test("a callback that is not a function is a TypeError; delays are integers", async (t) => {
  t.throws(() => Timer.set(3 as never), { instanceOf: TypeError });
  let n = 0;
  Timer.set(() => n++, "2.7" as never);
  await sleep(20);
  t.is(n, 1);
});

test("delay(ms) blocks", (t) => {
  const start = Date.now();
  Timer.delay(15);
  t.true(Date.now() - start >= 15);
});
