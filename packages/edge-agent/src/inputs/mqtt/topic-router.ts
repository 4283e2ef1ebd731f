import type { TopicMapConfig } from '../../config/inputs.js';
import { decodePayload } from '../../decode/payload.js';
import { type ShellyState, type ShellyTopic, shellyStep } from '../../decode/shelly.js';
import type { DecodedValues } from '../../decode/values.js';
import { BoundedLru } from '../../derive/index.js';
import { DeriveRunner } from '../common/derive-runner.js';
import type { HealthTracker } from '../common/health.js';
import { preview, type RateLimitedLog } from '../common/rate-log.js';
import { toSourceId } from '../common/source-id.js';
import type { DeriveStateStore, ReadingSink } from '../types.js';
import { compilePattern, matchTopic, type TopicPattern } from './topic-pattern.js';

interface Route {
  map: TopicMapConfig;
  pattern: TopicPattern;
}

interface SourceState {
  derive: DeriveRunner;
  shelly: ShellyState;
}

const SHELLY_SUFFIX: Record<string, ShellyTopic> = { 'events/rpc': 'rpc', online: 'online' };

/** Sources whose derive state one MQTT input keeps (see TopicRouter). */
export const DEFAULT_MAX_MQTT_SOURCES = 1_000;

/**
 * Maps MQTT messages to sources and readings: the first topic map whose pattern matches wins;
 * its payload map decodes the message; malformed payloads are counted and logged at most once
 * per interval. Shared by the embedded broker and the subscriber. The derive state of at most
 * `maxSources` sources is kept (least recently heard forgotten first, counted as
 * `derive_state_dropped`): topic wildcards let traffic name any number of sources.
 */
export class TopicRouter {
  private readonly routes: Route[];
  private readonly sources: BoundedLru<string, SourceState>;

  constructor(
    private readonly inputId: string,
    maps: readonly TopicMapConfig[],
    private readonly sink: ReadingSink,
    private readonly tracker: HealthTracker,
    private readonly rateLog: RateLimitedLog,
    private readonly deriveState?: DeriveStateStore,
    maxSources = DEFAULT_MAX_MQTT_SOURCES,
  ) {
    this.sources = new BoundedLru(maxSources);
    this.routes = maps.map((map) => ({ map, pattern: compilePattern(map.topic) }));
  }

  /** Subscription filters with their QoS. */
  subscriptions(): { filter: string; qos: 0 | 1 | 2 }[] {
    return this.routes.flatMap(({ map, pattern }) =>
      map.payload.format === 'shelly-gen2'
        ? [`status/switch:${map.payload.switch}`, 'events/rpc', 'online'].map((s) => ({
            filter: `${pattern.filter}/${s}`,
            qos: map.qos,
          }))
        : [{ filter: pattern.filter, qos: map.qos }],
    );
  }

  handle(topic: string, payload: Buffer, now: number): void {
    for (const route of this.routes) {
      const { map } = route;
      let shellyTopic: ShellyTopic | undefined;
      let captures: Record<string, string> | null = null;
      if (map.payload.format === 'shelly-gen2') {
        const suffixes = { ...SHELLY_SUFFIX, [`status/switch:${map.payload.switch}`]: 'status' as const };
        for (const [suffix, kind] of Object.entries(suffixes)) {
          if (!topic.endsWith(`/${suffix}`)) continue;
          captures = matchTopic(route.pattern, topic.slice(0, -suffix.length - 1));
          if (captures) shellyTopic = kind;
          break;
        }
      } else captures = matchTopic(route.pattern, topic);
      if (!captures) continue;
      try {
        this.deliver(route, this.sourceOf(route, captures), topic, payload, now, shellyTopic);
      } catch (err) {
        this.tracker.count('internal');
        this.rateLog.warn('internal', 'MQTT message handling failed', { topic, error: (err as Error).message });
      }
      return;
    }
    this.tracker.count('unmatched_topic');
  }

  /** The connection to the devices is gone: derived machine states become unknown. */
  offline(now: number): void {
    for (const s of this.sources.values()) s.derive.offline(now);
  }

  /** Sources whose derive state is kept now. */
  get trackedSources(): number {
    return this.sources.size;
  }

  tick(now: number): void {
    for (const s of this.sources.values()) s.derive.tick(now);
  }

  private sourceOf(route: Route, captures: Record<string, string>): string {
    const tmpl = route.map.source;
    if (tmpl) return toSourceId(tmpl.replace(/\{([A-Za-z0-9_]+)\}/g, (_, n: string) => captures[n] ?? n));
    const parts = route.pattern.names.map((n) => captures[n]!);
    return toSourceId([this.inputId, ...parts].join('.'));
  }

  private state(route: Route, source: string): SourceState {
    let s = this.sources.get(source);
    if (!s) {
      s = { derive: new DeriveRunner(source, route.map.derive, this.sink, this.deriveState), shelly: { status: null } };
      const dropped = this.sources.set(source, s);
      if (dropped) {
        // Its readings still flow; a machine state is reported afresh if the source comes back.
        this.tracker.count('derive_state_dropped');
        this.rateLog.warn('derive_state_dropped', 'more MQTT sources than kept; the least recent one is forgotten', {
          maxSources: this.sources.capacity,
          source: dropped[0],
        });
      }
    }
    return s;
  }

  private deliver(
    route: Route,
    source: string,
    topic: string,
    payload: Buffer,
    now: number,
    shellyTopic?: ShellyTopic,
  ): void {
    const st = this.state(route, source);
    const { payload: pm } = route.map;
    let decoded: DecodedValues | null;
    if (pm.format === 'shelly-gen2') {
      const r = shellyStep(st.shelly, shellyTopic!, payload, pm.switch);
      st.shelly = r.state;
      if (r.online === false) st.derive.offline(now);
      decoded = r.malformed ? null : { values: r.values, deviceTs: r.deviceTs, problems: [] };
    } else decoded = decodePayload(payload, pm);
    if (decoded === null) {
      this.tracker.count('malformed_payload');
      this.rateLog.warn(`malformed:${route.map.topic}`, 'malformed MQTT payload', { topic, payload: preview(payload) });
      return;
    }
    for (const p of decoded.problems) this.tracker.count(p);
    if (decoded.values.length === 0) return;
    this.tracker.data(now);
    const ts = decoded.deviceTs ?? now;
    const timeSource = decoded.deviceTs !== undefined ? 'device' : 'agent';
    for (const v of decoded.values) st.derive.measurement({ kind: 'measurement', ts, timeSource, source, ...v });
  }
}
