import type { InputHealth } from '@gongbang/shared';
import type { Input } from './types.js';

/**
 * An input whose implementation is imported on `start()`. The device libraries (serialport,
 * mqtt, aedes, modbus-serial) each add 12–19 MiB of resident memory to a mini PC process, so
 * an agent loads only those its configured inputs use.
 */
export class LazyInput implements Input {
  private inner: Input | undefined;

  constructor(
    readonly id: string,
    readonly type: string,
    private readonly load: () => Promise<Input>,
  ) {}

  /** The implementation, once `start()` has loaded it. */
  loaded(): Input | undefined {
    return this.inner;
  }

  async start(): Promise<void> {
    this.inner ??= await this.load();
    await this.inner.start();
  }

  async stop(): Promise<void> {
    await this.inner?.stop();
  }

  health(): InputHealth {
    return this.inner?.health() ?? { id: this.id, connected: false, lastDataTs: null, errors: {} };
  }
}

/** The implementation behind an input, whether or not it was loaded lazily. */
export function unwrapInput(input: Input): Input {
  return input instanceof LazyInput ? (input.loaded() ?? input) : input;
}
