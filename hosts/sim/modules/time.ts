/** tinyml-sim's "time": Time.ticks (milliseconds, an integer as on devices) and Time.delta. */
import { sim } from "../globals";

export default class Time {
  static get ticks(): number {
    return Math.floor(sim.now());
  }

  static delta(start: number, end: number = Time.ticks): number {
    return end - start;
  }
}
