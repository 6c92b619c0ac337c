/**
 * tinyml-sim's "embedded:io/audio/in": the ECMA-419 audio input class, fed from WAV files instead of
 * a microphone, following the contract of the Moddable SDK's own implementations (SDK 8.2.3,
 * modules/io/audioin/lin and .../esp32); test/sim/audio_in_contract.test.ts checks each rule:
 *
 * - `new AudioIn({sampleRate, channels, bitsPerSample, audioType?, format?, onReadable})`: sampleRate
 *   8000 to 48000, channels 1 or 2, bitsPerSample 8 or 16 (each required, a RangeError naming it
 *   otherwise, as lin's has no defaults), audioType "LPCM", format "buffer". The simulator plays
 *   16-bit mono only (a RangeError says so for the rest).
 * - onReadable(byteLength) is called only between start() and stop(), only with byteLength > 0.
 * - read(buffer) fills the whole buffer (returns its byteLength); read(byteLength) returns a new
 *   ArrayBuffer of exactly that many bytes; read() returns all that is available. Asking for 0 bytes
 *   or for more than is available throws `Error("invalid size")`: a read is never shortened.
 * - After close() every method but close() throws.
 *
 * The two SDK ports differ in what is available when, selected with `simulateAudioInput({platform})`:
 *
 * - "lin" (default; mcsim): audio comes in blocks of sampleRate / 32 frames (1000 bytes at 16 kHz
 *   mono 16-bit); each block is offered by one onReadable(block bytes, block frames) call and can be
 *   read only during that call: what the callback leaves is dropped (`dropped` counts the bytes).
 *   read() with nothing available throws "invalid size".
 * - "esp32": samples accumulate in the driver's buffer (16 KB of 32-bit I2S slots: 8 KB of mono
 *   samples) until read, at any time; onReadable(available bytes) is called when more arrive; when
 *   the buffer is full the oldest samples are lost (`overruns` counts them). Every form of read()
 *   returns undefined when nothing is available.
 *
 * What it "hears" is set before the instance is created with `simulateAudioInput(...)`: a playlist
 * of 16-bit mono WAV files (read with sim.readFile), with padding before, between and after them
 * (quiet noise by default: a real microphone never gives digital zeros), delivered in real time or
 * `speed` times faster (Infinity: as fast as the reader takes it, for tests), from setTimeout.
 */
import { parseWav } from "../../../../../src/audio/wav";
import { sim } from "../../../globals";
import { quietNoise } from "./quiet_noise";

const g = globalThis as unknown as {
  setTimeout(f: () => void, ms: number): number;
  clearTimeout(id: number): void;
};

export interface SimulatedClip {
  index: number;
  path: string;
  /** Audio time (ms since start()) of its first and just past its last sample. */
  startMs: number;
  endMs: number;
}

export interface AudioSimulation {
  /** WAV files (paths for sim.readFile), played in order. */
  clips: readonly string[];
  /** Which SDK port's buffering to follow (default "lin"). */
  platform?: "lin" | "esp32";
  /** Padding before the first clip, between clips and after the last (default 1000 ms). */
  gapMs?: number;
  /** "noise" (default): uniform noise of ±noiseAmplitude, deterministic; "zero": digital silence. */
  padding?: "noise" | "zero";
  /** Default 4: about the level of TFLM's silence_1000ms.wav (RMS 2). */
  noiseAmplitude?: number;
  /** 1 (default) = real time; k = k times faster; Infinity = as fast as the reader consumes. */
  speed?: number;
  /** "esp32" only: samples the driver adds to its buffer at a time (default 512 = 32 ms at 16 kHz). */
  chunkSamples?: number;
  /** Called when a clip starts playing. */
  onClip?(clip: SimulatedClip): void;
  /** Called once every sample of the playlist has been delivered (and, on "esp32", read). */
  onEnd?(): void;
}

interface Segment {
  samples: Int16Array | null; // null: padding
  length: number;
  clip: SimulatedClip | null;
}

/** The SDK's ESP32 driver buffer: 16 KB of 32-bit slots, of which mono reads the low 16 bits. */
export const ESP32_BUFFER_BYTES = 8192;

let simulation: AudioSimulation | null = null;
let lastLost = 0;

/** Samples the most recent AudioIn instance lost: esp32 overruns, or lin bytes a callback left unread (in samples). */
export function simulatedOverruns(): number {
  return lastLost;
}

/** Sets what the next AudioIn instances play (call before `new AudioIn`). */
export function simulateAudioInput(config: AudioSimulation): void {
  simulation = config;
}

export interface AudioInOptions {
  sampleRate?: number;
  channels?: number;
  bitsPerSample?: number;
  audioType?: string;
  format?: string;
  target?: unknown;
  onReadable?: (this: AudioIn, byteLength: number, frames?: number) => void;
}

function invalidSize(): Error {
  return new Error("invalid size");
}

export default class AudioIn {
  readonly #sampleRate: number;
  readonly #channels: number;
  readonly #bitsPerSample: number;
  target: unknown;
  /** "esp32": samples lost because the reader fell behind by more than the driver's buffer. */
  overruns = 0;
  /** "lin": bytes offered to onReadable that it did not read (dropped when it returned). */
  dropped = 0;
  #lin: boolean;
  #onReadable: ((this: AudioIn, byteLength: number, frames?: number) => void) | undefined;
  #segments: Segment[] = [];
  #segment = 0;
  #offset = 0;
  #length = 0; // samples in the whole playlist
  #produced = 0; // samples delivered since start (audio time)
  #ringBytes: Uint8Array; // little-endian 16-bit samples
  #head = 0; // index in #ringBytes of the oldest available byte
  #count = 0; // bytes available to read()
  #block: number; // samples delivered at a time
  #speed: number;
  #zero: boolean;
  #nextNoise: () => number;
  #timer = 0;
  #running = false;
  #closed = false;
  #ended = false;
  #startedAt = 0; // sim.now() at start(), adjusted so that (now - startedAt) * speed is the audio time due
  #sim: AudioSimulation;

  constructor(options: AudioInOptions) {
    if (options === null || typeof options !== "object") throw new TypeError("options required");
    if (options.format !== undefined && options.format !== "buffer") throw new RangeError("invalid format");
    if (options.audioType !== undefined && options.audioType !== "LPCM") throw new RangeError("invalid audioType");
    const bits = options.bitsPerSample, channels = options.channels, rate = options.sampleRate;
    if (bits !== 8 && bits !== 16) throw new RangeError("invalid bits per sample");
    if (channels !== 1 && channels !== 2) throw new RangeError("invalid number of channels");
    if (typeof rate !== "number" || !(rate >= 8000 && rate <= 48000)) throw new RangeError("invalid sample rate");
    if (simulation === null) throw new Error("embedded:io/audio/in (simulator): call simulateAudioInput({clips: [...]}) before creating an AudioIn");
    if (bits !== 16 || channels !== 1) throw new RangeError(`embedded:io/audio/in (simulator): ${bits}-bit, ${channels} channel${channels === 1 ? "" : "s"} (only 16-bit mono is simulated)`);
    const s = simulation;
    this.#sim = s;
    this.#sampleRate = rate | 0;
    this.#channels = channels;
    this.#bitsPerSample = bits;
    this.#lin = (s.platform ?? "lin") === "lin";
    lastLost = 0;
    this.#onReadable = options.onReadable;
    this.target = options.target;
    // lin: (bytesPerFrame * sampleRate) >> 5 bytes per buffer, as the SDK's lin audioin.c.
    this.#block = this.#lin ? ((2 * this.#sampleRate) >> 5) >> 1 : (s.chunkSamples ?? 512);
    if (!(this.#block > 0)) throw new RangeError(`embedded:io/audio/in (simulator): chunkSamples ${s.chunkSamples}`);
    this.#speed = s.speed ?? 1;
    if (!(this.#speed > 0)) throw new RangeError(`embedded:io/audio/in (simulator): speed must be > 0, not ${this.#speed}`);
    this.#nextNoise = quietNoise(s.noiseAmplitude ?? 4);
    this.#zero = s.padding === "zero";
    const capacity = this.#lin ? this.#block : Math.max(this.#block, ESP32_BUFFER_BYTES >> 1);
    this.#ringBytes = new Uint8Array(2 * capacity);
    const gap = Math.round(((s.gapMs ?? 1000) * this.#sampleRate) / 1000);
    const segments: Segment[] = [{ samples: null, length: gap, clip: null }];
    let at = gap;
    s.clips.forEach((path, index) => {
      let wav;
      try {
        wav = parseWav(sim.readFile(path));
      } catch (e) {
        throw new Error(`embedded:io/audio/in (simulator): ${path}: ${(e as Error).message}`);
      }
      if (wav.sampleRate !== this.#sampleRate) throw new RangeError(`embedded:io/audio/in (simulator): ${path} is sampled at ${wav.sampleRate} Hz; the input runs at ${this.#sampleRate} Hz`);
      const n = wav.samples.length;
      const clip = { index, path, startMs: (at * 1000) / this.#sampleRate, endMs: ((at + n) * 1000) / this.#sampleRate };
      segments.push({ samples: wav.samples, length: n, clip }, { samples: null, length: gap, clip: null });
      at += n + gap;
    });
    this.#segments = segments.filter((x) => x.length > 0);
    this.#length = at;
  }

  get sampleRate(): number {
    this.#check();
    return this.#sampleRate;
  }
  get channels(): number {
    this.#check();
    return this.#channels;
  }
  get bitsPerSample(): number {
    this.#check();
    return this.#bitsPerSample;
  }
  get audioType(): "LPCM" {
    return "LPCM";
  }
  get format(): "buffer" {
    this.#check();
    return "buffer";
  }
  set format(value: string) {
    this.#check();
    if (value !== "buffer") throw new RangeError("invalid format");
  }

  /** Audio time delivered so far, ms. */
  get time(): number {
    return (this.#produced * 1000) / this.#sampleRate;
  }

  start(): void {
    this.#check();
    if (this.#running) return;
    this.#running = true;
    this.#startedAt = sim.now() - this.time / this.#speed;
    this.#schedule(0);
  }

  stop(): void {
    this.#check();
    this.#running = false;
    if (this.#timer !== 0) g.clearTimeout(this.#timer);
    this.#timer = 0;
  }

  close(): void {
    if (this.#closed) return;
    if (this.#timer !== 0) g.clearTimeout(this.#timer);
    this.#timer = 0;
    this.#running = false;
    this.#closed = true;
  }

  read(): ArrayBuffer | undefined;
  read(byteLength: number): ArrayBuffer | undefined;
  read(buffer: ArrayBuffer | ArrayBufferView): number | undefined;
  read(what?: number | ArrayBuffer | ArrayBufferView): ArrayBuffer | number | undefined {
    this.#check();
    const available = this.#count;
    if (available === 0 && !this.#lin) return undefined;
    let bytes: Uint8Array | null = null;
    let requested: number;
    if (what === undefined) requested = available;
    else if (typeof what === "object" && what !== null) {
      if (what instanceof ArrayBuffer) bytes = new Uint8Array(what);
      else if (ArrayBuffer.isView(what)) bytes = new Uint8Array(what.buffer as ArrayBuffer, what.byteOffset, what.byteLength);
      else throw new TypeError("buffer required");
      requested = bytes.length;
    } else requested = Math.trunc(Number(what));
    if (!(requested > 0) || requested > available) throw invalidSize();
    const out = bytes ?? new Uint8Array(requested);
    this.#take(out, requested);
    return bytes === null ? (out.buffer as ArrayBuffer) : requested;
  }

  #check(): void {
    if (this.#closed) throw new Error("embedded:io/audio/in: closed");
  }

  /** Moves the `byteCount` oldest available bytes into `to`. */
  #take(to: Uint8Array, byteCount: number): void {
    const cap = this.#ringBytes.length, src = this.#ringBytes;
    let h = this.#head;
    for (let i = 0; i < byteCount; i++) {
      to[i] = src[h]!;
      if (++h === cap) h = 0;
    }
    this.#head = h;
    this.#count -= byteCount;
  }

  #schedule(ms: number): void {
    this.#timer = g.setTimeout(() => this.#tick(), ms);
  }

  #tick(): void {
    this.#timer = 0;
    if (!this.#running) return;
    if (this.#lin) this.#tickLin();
    else this.#tickEsp32();
  }

  /** lin: every due block offered once, during one onReadable call; what is left unread is dropped. */
  #tickLin(): void {
    const block = this.#block;
    let due = this.#speed === Infinity ? block : this.#dueSamples();
    while (due > 0 && this.#segment < this.#segments.length && this.#running && !this.#closed) {
      this.#head = 0;
      this.#count = 0;
      const n = this.#produce(Math.min(block, due));
      due -= n;
      if (this.#onReadable !== undefined) this.#onReadable.call(this, n * 2, n);
      if (this.#count > 0) {
        this.dropped += this.#count;
        lastLost += this.#count >> 1;
        this.#count = 0;
      }
      if (this.#speed === Infinity) break;
    }
    if (this.#closed || !this.#running) return;
    if (this.#segment >= this.#segments.length) return this.#end();
    this.#schedule(this.#speed === Infinity ? 0 : this.#period());
  }

  /** esp32: due samples appended to the driver's buffer; onReadable(available) while any are unread. */
  #tickEsp32(): void {
    let due: number;
    if (this.#speed === Infinity) due = this.#ringBytes.length - this.#count >= 2 * this.#block ? this.#block : 0;
    else due = this.#dueSamples();
    if (due > 0) this.#produce(due);
    if (this.#count > 0 && this.#onReadable !== undefined) this.#onReadable.call(this, this.#count);
    if (this.#closed || !this.#running) return;
    if (this.#segment >= this.#segments.length && this.#count === 0) return this.#end();
    this.#schedule(this.#speed === Infinity ? 0 : this.#period());
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#running = false;
    const onEnd = this.#sim.onEnd;
    if (onEnd !== undefined) g.setTimeout(() => onEnd(), 0);
  }

  /** Whole blocks that real (or accelerated) time has made available since start(), not yet delivered. */
  #dueSamples(): number {
    const audioMs = (sim.now() - this.#startedAt) * this.#speed;
    const total = Math.min(this.#length, Math.floor((audioMs * this.#sampleRate) / 1000 / this.#block) * this.#block);
    return Math.max(0, total - this.#produced);
  }

  #period(): number {
    return Math.max(1, (this.#block * 1000) / this.#sampleRate / this.#speed / 2);
  }

  /** Appends up to n samples of the playlist to the buffer (dropping the oldest on overflow); returns how many. */
  #produce(n: number): number {
    const ring = this.#ringBytes, cap = ring.length;
    let done = 0;
    while (n > 0 && this.#segment < this.#segments.length) {
      const seg = this.#segments[this.#segment]!;
      if (this.#offset === 0 && seg.clip !== null) this.#sim.onClip?.(seg.clip);
      const take = Math.min(n, seg.length - this.#offset);
      for (let i = 0; i < take; i++) {
        let v: number;
        if (seg.samples !== null) v = seg.samples[this.#offset + i]!;
        else if (this.#zero) v = 0;
        else v = this.#nextNoise();
        if (this.#count > cap - 2) {
          // Full: the oldest sample is lost (the buffer holds whole samples unless a read took half of one).
          const lose = this.#count & 1 ? 1 : 2;
          this.#head = (this.#head + lose) % cap;
          this.#count -= lose;
          this.overruns++;
          lastLost++;
        }
        let tail = this.#head + this.#count;
        if (tail >= cap) tail -= cap;
        ring[tail] = v & 0xff;
        ring[tail + 1 === cap ? 0 : tail + 1] = (v >> 8) & 0xff;
        this.#count += 2;
      }
      this.#offset += take;
      this.#produced += take;
      done += take;
      n -= take;
      if (this.#offset === seg.length) {
        this.#segment++;
        this.#offset = 0;
      }
    }
    return done;
  }
}
