/**
 * tinyml-sim's "embedded:io/audio/in": the ECMA-419 (2nd edition) audio input class, fed from WAV
 * files instead of a microphone. As on Moddable: `new AudioIn({sampleRate, channels, bitsPerSample,
 * audioType, onReadable(byteLength)})`, `start()`, `stop()`, `read()` / `read(byteLength)` (a new
 * ArrayBuffer, undefined when nothing is buffered) / `read(buffer)` (fills a preallocated buffer,
 * returns the bytes written), `close()`; read-only sampleRate, channels, bitsPerSample, audioType,
 * and format "buffer". onReadable is called with `this` the instance and the bytes buffered.
 *
 * What it "hears" is set before the instance is created with `simulateAudioInput(...)`: a playlist
 * of 16-bit mono WAV files (read with sim.readFile), with padding before, between and after them
 * (quiet noise by default: a real microphone never gives digital zeros), delivered in blocks of
 * `chunkSamples` in real time or `speed` times faster (Infinity: as fast as the reader takes it,
 * for tests), from setTimeout. Like a driver's DMA buffer, at most `bufferBytes` wait to be read;
 * beyond that the oldest samples are lost (`overruns` counts them).
 */
import { parseWav } from "../../../../../src/audio/wav";
import { sim } from "../../../globals";

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
  /** Padding before the first clip, between clips and after the last (default 1000 ms). */
  gapMs?: number;
  /** "noise" (default): uniform noise of ±noiseAmplitude, deterministic; "zero": digital silence. */
  padding?: "noise" | "zero";
  /** Default 4: about the level of TFLM's silence_1000ms.wav (RMS 2). */
  noiseAmplitude?: number;
  /** 1 (default) = real time; k = k times faster; Infinity = as fast as the reader consumes. */
  speed?: number;
  /** Samples per delivered block (default 512 = 32 ms at 16 kHz). */
  chunkSamples?: number;
  /** Bytes buffered at most (default 16384, as Moddable's ESP32 audio input). */
  bufferBytes?: number;
  /** Called when a clip starts playing. */
  onClip?(clip: SimulatedClip): void;
  /** Called once every sample of the playlist has been delivered and read. */
  onEnd?(): void;
}

interface Segment {
  samples: Int16Array | null; // null: padding
  length: number;
  clip: SimulatedClip | null;
}

let simulation: AudioSimulation | null = null;
let lastOverruns = 0;

/** Samples the most recent AudioIn instance lost because its reader fell behind (see `overruns`). */
export function simulatedOverruns(): number {
  return lastOverruns;
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
  onReadable?: (this: AudioIn, byteLength: number) => void;
}

export default class AudioIn {
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitsPerSample: number;
  readonly audioType = "LPCM";
  target: unknown;
  /** Samples lost because the reader fell behind by more than bufferBytes. */
  overruns = 0;
  #onReadable: ((this: AudioIn, byteLength: number) => void) | undefined;
  #segments: Segment[] = [];
  #segment = 0;
  #offset = 0;
  #length = 0; // samples in the whole playlist
  #produced = 0; // samples delivered into the buffer since start (audio time)
  #ring: Int16Array;
  #ringBytes: Uint8Array;
  #head = 0; // index of the oldest buffered sample
  #count = 0; // samples buffered
  #chunk: number;
  #speed: number;
  #noise: number;
  #zero: boolean;
  #seed = 0x2545f491;
  #timer = 0;
  #running = false;
  #closed = false;
  #ended = false;
  #startedAt = 0; // sim.now() at start(), adjusted so that (now - startedAt) * speed is the audio time due
  #sim: AudioSimulation;

  constructor(options: AudioInOptions = {}) {
    if (simulation === null) throw new Error("embedded:io/audio/in (simulator): call simulateAudioInput({clips: [...]}) before creating an AudioIn");
    const s = simulation;
    this.#sim = s;
    this.sampleRate = options.sampleRate ?? 16000;
    this.channels = options.channels ?? 1;
    this.bitsPerSample = options.bitsPerSample ?? 16;
    if (this.channels !== 1) throw new RangeError(`embedded:io/audio/in (simulator): channels ${this.channels} (only 1 is simulated)`);
    if (this.bitsPerSample !== 16) throw new RangeError(`embedded:io/audio/in (simulator): bitsPerSample ${this.bitsPerSample} (only 16 is simulated)`);
    if (options.audioType !== undefined && options.audioType !== "LPCM") throw new RangeError(`embedded:io/audio/in: audioType ${options.audioType} (only "LPCM")`);
    if (options.format !== undefined && options.format !== "buffer") throw new RangeError(`embedded:io/audio/in: format ${options.format} (only "buffer")`);
    lastOverruns = 0;
    this.#onReadable = options.onReadable;
    this.target = options.target;
    this.#chunk = s.chunkSamples ?? 512;
    this.#speed = s.speed ?? 1;
    if (!(this.#speed > 0)) throw new RangeError(`embedded:io/audio/in (simulator): speed must be > 0, not ${this.#speed}`);
    this.#noise = s.noiseAmplitude ?? 4;
    this.#zero = s.padding === "zero";
    const capacity = Math.max(this.#chunk, (s.bufferBytes ?? 16384) >> 1);
    this.#ring = new Int16Array(capacity);
    this.#ringBytes = new Uint8Array(this.#ring.buffer);
    const gap = Math.round(((s.gapMs ?? 1000) * this.sampleRate) / 1000);
    const segments: Segment[] = [{ samples: null, length: gap, clip: null }];
    let at = gap;
    s.clips.forEach((path, index) => {
      let wav;
      try {
        wav = parseWav(sim.readFile(path));
      } catch (e) {
        throw new Error(`embedded:io/audio/in (simulator): ${path}: ${(e as Error).message}`);
      }
      if (wav.sampleRate !== this.sampleRate) throw new RangeError(`embedded:io/audio/in (simulator): ${path} is sampled at ${wav.sampleRate} Hz; the input runs at ${this.sampleRate} Hz`);
      const n = wav.samples.length;
      const clip = { index, path, startMs: (at * 1000) / this.sampleRate, endMs: ((at + n) * 1000) / this.sampleRate };
      segments.push({ samples: wav.samples, length: n, clip }, { samples: null, length: gap, clip: null });
      at += n + gap;
    });
    this.#segments = segments.filter((x) => x.length > 0);
    this.#length = at;
  }

  get format(): "buffer" {
    return "buffer";
  }
  set format(value: string) {
    if (value !== "buffer") throw new RangeError(`embedded:io/audio/in: format ${value} (only "buffer")`);
  }

  /** Audio time delivered so far, ms. */
  get time(): number {
    return (this.#produced * 1000) / this.sampleRate;
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
  read(buffer: ArrayBuffer | ArrayBufferView): number;
  read(what?: number | ArrayBuffer | ArrayBufferView): ArrayBuffer | number | undefined {
    this.#check();
    if (what === undefined || typeof what === "number") {
      const want = what === undefined ? this.#count : Math.min(this.#count, Math.floor(what / 2));
      if (!(want > 0)) return undefined;
      const out = new ArrayBuffer(want * 2);
      this.#take(new Uint8Array(out), want);
      return out;
    }
    const bytes = what instanceof ArrayBuffer ? new Uint8Array(what) : new Uint8Array(what.buffer as ArrayBuffer, what.byteOffset, what.byteLength);
    const n = Math.min(this.#count, bytes.length >> 1);
    this.#take(bytes, n);
    return n * 2;
  }

  #check(): void {
    if (this.#closed) throw new Error("embedded:io/audio/in: closed");
  }

  /** Copies the n oldest buffered samples as little-endian bytes into `to`. */
  #take(to: Uint8Array, n: number): void {
    const cap = this.#ring.length, src = this.#ringBytes;
    let h = this.#head;
    for (let i = 0; i < n; i++) {
      to[2 * i] = src[2 * h]!;
      to[2 * i + 1] = src[2 * h + 1]!;
      if (++h === cap) h = 0;
    }
    this.#head = h;
    this.#count -= n;
  }

  #schedule(ms: number): void {
    this.#timer = g.setTimeout(() => this.#tick(), ms);
  }

  #tick(): void {
    this.#timer = 0;
    if (!this.#running) return;
    const rate = this.sampleRate;
    let due: number;
    if (this.#speed === Infinity) {
      // As fast as the reader goes: one block whenever the buffer has room for it.
      due = this.#ring.length - this.#count >= this.#chunk ? this.#chunk : 0;
    } else {
      // Whole blocks that real (or accelerated) time has made available since start().
      const audioMs = (sim.now() - this.#startedAt) * this.#speed;
      const total = Math.min(this.#length, Math.floor((audioMs * rate) / 1000 / this.#chunk) * this.#chunk);
      due = total - this.#produced;
      if (due < 0) due = 0;
    }
    if (due > 0) this.#produce(due);
    if (this.#count > 0 && this.#onReadable !== undefined) this.#onReadable.call(this, this.#count * 2);
    if (this.#closed || !this.#running) return;
    if (this.#segment >= this.#segments.length) {
      // Everything delivered: end once the reader has taken it all.
      if (this.#count === 0) {
        if (!this.#ended) {
          this.#ended = true;
          this.#running = false;
          const onEnd = this.#sim.onEnd;
          if (onEnd !== undefined) g.setTimeout(() => onEnd(), 0);
        }
        return;
      }
    }
    this.#schedule(this.#speed === Infinity ? 0 : Math.max(1, (this.#chunk * 1000) / rate / this.#speed / 2));
  }

  /** Appends n samples of the playlist to the buffer (dropping the oldest on overflow). */
  #produce(n: number): void {
    const ring = this.#ring, cap = ring.length;
    while (n > 0 && this.#segment < this.#segments.length) {
      const seg = this.#segments[this.#segment]!;
      if (this.#offset === 0 && seg.clip !== null) this.#sim.onClip?.(seg.clip);
      const take = Math.min(n, seg.length - this.#offset);
      for (let i = 0; i < take; i++) {
        let v: number;
        if (seg.samples !== null) v = seg.samples[this.#offset + i]!;
        else if (this.#zero) v = 0;
        else {
          // xorshift32: deterministic noise in [-amplitude, amplitude]
          let x = this.#seed;
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          this.#seed = x >>> 0;
          v = (this.#seed % (2 * this.#noise + 1)) - this.#noise;
        }
        if (this.#count === cap) {
          this.#head = this.#head + 1 === cap ? 0 : this.#head + 1;
          this.#count--;
          this.overruns++;
          lastOverruns = this.overruns;
        }
        let tail = this.#head + this.#count;
        if (tail >= cap) tail -= cap;
        ring[tail] = v;
        this.#count++;
      }
      this.#offset += take;
      this.#produced += take;
      n -= take;
      if (this.#offset === seg.length) {
        this.#segment++;
        this.#offset = 0;
      }
    }
  }
}
