import type { Reading } from '@gongbang/shared';
import { ByteWriter, GIVE_UP } from '../byte-writer.js';

// The lines of readingsToLines (codec.ts), written byte by byte into one buffer for the common
// case: the four high-volume kinds with ASCII text that needs no escaping other than quotes and
// backslashes inside quoted fields. Built with string templates, the text of a batch was a rope
// of some twenty pieces a line that the HTTP client flattened again to encode it: together
// 1.0 µs a reading against 0.4 here (issue #11, bench/ingest). Anything else gives undefined and
// the caller takes readingsToLines, which also writes the errors.

const enc = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const MEASUREMENT = enc('gb_measurement,agent=');
const COUNT = enc('gb_count,agent=');
const MACHINE_STATE = enc('gb_machine_state,agent=');
const SCAN = enc('gb_scan,agent=');

/**
 * readingsToLines' text for `readings`, as the bytes of its own buffer (ASCII, so they are the
 * text's UTF-8 too); undefined when a reading needs the general path (another kind, text beyond
 * ASCII, a tag to escape).
 */
export function asciiLines(workshopId: string, agentId: string, readings: readonly Reading[]): Buffer | undefined {
  const w = new ByteWriter(readings.length * 200 + 64);
  try {
    for (let i = 0; i < readings.length; i++) {
      const r = readings[i]!;
      w.ensure(64);
      if (i > 0) w.buf[w.pos++] = 0x0a;
      // Empty tags are left out by the general path; odd seqs have their own sub-ms digits there.
      if (!Number.isSafeInteger(r.seq) || r.seq < 0 || r.source === undefined) return undefined;
      switch (r.kind) {
        case 'measurement':
        case 'count':
          if (!r.channel) return undefined;
          w.bytes(r.kind === 'count' ? COUNT : MEASUREMENT);
          w.tag(agentId);
          w.ascii(',channel=');
          w.tag(r.channel);
          break;
        case 'machine_state':
          if (!r.machine) return undefined;
          w.bytes(MACHINE_STATE);
          w.tag(agentId);
          if (r.channel !== undefined && r.channel !== '') {
            w.ascii(',channel=');
            w.tag(r.channel);
          }
          w.ascii(',machine=');
          w.tag(r.machine);
          break;
        case 'scan':
          if (!r.meaning) return undefined;
          w.bytes(SCAN);
          w.tag(agentId);
          w.ascii(',meaning=');
          w.tag(r.meaning);
          break;
        default:
          return undefined;
      }
      w.ascii(',source=');
      w.tag(r.source);
      w.ascii(',workshop=');
      w.tag(workshopId);
      w.ascii(' seq=');
      w.num(r.seq);
      // Quoted without escaping, as the general path writes it (an enum of two words).
      w.ascii(',time_source="');
      w.ascii(r.timeSource);
      w.ascii('"');
      switch (r.kind) {
        case 'measurement':
          w.ascii(',value=');
          w.num(r.value);
          w.ascii(',unit=');
          w.quoted(r.unit, true);
          break;
        case 'count':
          w.ascii(',delta=');
          w.num(r.delta);
          w.ascii(',total=');
          w.num(r.total);
          if (r.counterEvent !== undefined) {
            w.ascii(',counter_event=');
            w.quoted(r.counterEvent, false);
          }
          break;
        case 'machine_state':
          w.ascii(',state=');
          w.quoted(r.state, false);
          w.ascii(',reason=');
          w.quoted(r.reason, true);
          break;
        case 'scan':
          if (r.text !== null) {
            w.ascii(',text=');
            w.quoted(r.text, true);
          }
          w.ascii(',raw=');
          w.quoted(r.raw, false);
          w.ascii(',encoding=');
          w.quoted(r.encoding, false);
          if (r.symbology) {
            w.ascii(',symbology=');
            w.quoted(r.symbology.aim, false);
            w.ascii(',symbology_name=');
            w.quoted(r.symbology.name, true);
          }
          if (r.gs1 !== null) {
            w.ascii(',gs1=');
            w.quoted(JSON.stringify(r.gs1), false);
          }
          if (r.rule !== null) {
            w.ascii(',rule=');
            w.quoted(r.rule, false);
          }
          w.ascii(',fields=');
          w.quoted(JSON.stringify(r.fields), false);
          w.ascii(',flags=');
          w.quoted(r.flags.join(','), false);
          break;
      }
      w.ensure(40);
      w.buf[w.pos++] = 0x20;
      w.num(r.ts);
      w.digits(r.seq % 1_000_000, 6);
    }
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
  // A copy: the scratch buffer is written again by the next batch while this one is in flight.
  return Buffer.from(w.buf.subarray(0, w.pos));
}
