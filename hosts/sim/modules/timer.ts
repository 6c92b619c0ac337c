/** tinyml-sim's "timer" (Moddable's Timer: set, repeat, schedule, clear, delay) over the sim's setTimeout/setInterval. */
type Callback = (timer: Timer) => void;
const g = globalThis as unknown as {
  setTimeout(f: () => void, ms: number): number;
  setInterval(f: () => void, ms: number): number;
  clearTimeout(id: number): void;
  clearInterval(id: number): void;
};

export default class Timer {
  #callback: Callback;
  #timeout = 0;
  #interval = 0;

  private constructor(callback: Callback) {
    this.#callback = callback;
  }

  #arm(delay: number, repeat: number): void {
    this.#stop();
    const run = () => this.#callback(this);
    if (repeat > 0) {
      this.#timeout = g.setTimeout(() => {
        this.#timeout = 0;
        this.#interval = g.setInterval(run, repeat);
        run();
      }, delay);
    } else {
      this.#timeout = g.setTimeout(() => {
        this.#timeout = 0;
        run();
      }, delay);
    }
  }

  #stop(): void {
    if (this.#timeout) g.clearTimeout(this.#timeout);
    if (this.#interval) g.clearInterval(this.#interval);
    this.#timeout = this.#interval = 0;
  }

  static set(callback: Callback, delay = 0, repeat = 0): Timer {
    const t = new Timer(callback);
    t.#arm(delay, repeat);
    return t;
  }

  static repeat(callback: Callback, interval: number): Timer {
    const t = new Timer(callback);
    t.#arm(interval, interval);
    return t;
  }

  static schedule(timer: Timer, delay = 0, repeat = 0): void {
    timer.#arm(delay, repeat);
  }

  static clear(timer: Timer | undefined | null): void {
    if (timer) timer.#stop();
  }

  static delay(ms: number): void {
    const end = Date.now() + ms;
    while (Date.now() < end);
  }
}
