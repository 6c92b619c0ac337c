/**
 * tinyml-sim's "time": Time.ticks (milliseconds, an integer as on devices), Time.microseconds (as
 * Moddable's ESP32 and nRF52 ports have it) and Time.delta.
 */
import { sim } from "../globals";

export default class Time {
  static get ticks(): number {
    return Math.floor(sim.now());
  }

  static get microseconds(): number {
    return Math.floor(sim.now() * 1000);
  }

  static delta(start: number, end: number = Time.ticks): number {
    return end - start;
  }
}
