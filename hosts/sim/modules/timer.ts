/**
 * tinyml-sim's "timer", following the contract of the Moddable SDK's Timer (SDK 8.2.3,
 * modules/base/timer: timer.js, modTimer.c); test/sim_modules/timer.test.ts checks each rule:
 *
 * - `Timer.set(callback, delay = 0, repeat = 0)` and `Timer.repeat(callback, interval)` return a
 *   timer; the callback is called with the timer as its argument (`this` is the global object).
 *   Delays are integers (ToInteger); a callback that is not a function is a TypeError.
 * - A timer that fired without repeating is spent: `Timer.schedule` on it throws, `Timer.clear`
 *   does nothing.
 * - `Timer.schedule(timer, delay, repeat = 0)` reschedules; `Timer.schedule(timer)` unschedules (the
 *   timer stays valid and can be scheduled again).
 * - `Timer.clear(timer)` cancels for good; clearing twice, or clearing anything that is not a live
 *   timer (undefined, null, a number), does nothing. `Timer.schedule` on a cleared timer throws.
 * - `Timer.delay(ms)` blocks for ms.
 *
 * Runs over the sim's setTimeout / setInterval.
 */
type Callback = (timer: Timer) => void;
const g = globalThis as unknown as {
  setTimeout(f: () => void, ms: number): number;
  setInterval(f: () => void, ms: number): number;
  clearTimeout(id: number): void;
  clearInterval(id: number): void;
};

function integer(value: unknown): number {
  const n = Math.trunc(Number(value));
  return Number.isFinite(n) ? n : 0;
}

export default class Timer {
  #callback: Callback | null;
  #timeout = 0;
  #interval = 0;

  private constructor(callback: Callback) {
    if (typeof callback !== "function") throw new TypeError("callback is not a function");
    this.#callback = callback;
  }

  #arm(delay: number, repeat: number): void {
    this.#disarm();
    const run = () => this.#callback?.call(globalThis, this);
    this.#timeout = g.setTimeout(() => {
      this.#timeout = 0;
      if (repeat > 0) this.#interval = g.setInterval(run, repeat);
      else {
        const callback = this.#callback;
        this.#callback = null; // spent, as the SDK drops a one-shot timer's host data after it fires
        callback?.call(globalThis, this);
        return;
      }
      run();
    }, Math.max(0, delay));
  }

  #disarm(): void {
    if (this.#timeout) g.clearTimeout(this.#timeout);
    if (this.#interval) g.clearInterval(this.#interval);
    this.#timeout = this.#interval = 0;
  }

  #live(): void {
    if (this.#callback === null) throw new Error("timer: not a live timer (it fired or was cleared)");
  }

  static set(callback: Callback, delay?: number, repeat?: number): Timer {
    const t = new Timer(callback);
    t.#arm(integer(delay), integer(repeat));
    return t;
  }

  static repeat(callback: Callback, interval: number): Timer {
    const t = new Timer(callback);
    const ms = integer(interval);
    t.#arm(ms, ms);
    return t;
  }

  static schedule(timer: Timer, delay?: number, repeat?: number): void {
    if (!(timer instanceof Timer)) throw new TypeError("timer: not a timer");
    timer.#live();
    if (arguments.length === 1) timer.#disarm();
    else timer.#arm(integer(delay), integer(repeat));
  }

  static clear(timer?: Timer | null): void {
    if (!(timer instanceof Timer) || timer.#callback === null) return;
    timer.#disarm();
    timer.#callback = null;
  }

  static delay(ms: number): void {
    const end = Date.now() + integer(ms);
    while (Date.now() < end);
  }
}
