import { timingSafeEqual } from 'node:crypto';

/**
 * The project's one constant-time comparison of secrets (tokens, passwords, MQTT device
 * passwords): its time does not depend on where two values differ. Strings are compared as
 * UTF-8. Values of different lengths answer false after a comparison of the same cost as an
 * equal-length one, so the length is all that leaks.
 */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const ab = typeof a === 'string' ? Buffer.from(a, 'utf8') : a;
  const bb = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
  if (ab.length !== bb.length) {
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}
