import { isMqttFilter } from '../../config/inputs.js';

/**
 * Topic access checks of the embedded broker, pure (MQTT 3.1.1 §4.7).
 * An ACL entry is an MQTT filter; a device may publish to a topic name, or subscribe with a
 * filter, only when one of its entries covers every topic that name or filter can match.
 */

/** True for a well-formed, non-empty MQTT filter (§4.7.1); the config schema uses the same check. */
export function isValidFilter(filter: string): boolean {
  return filter.length > 0 && isMqttFilter(filter);
}

/**
 * True when every topic the `requested` filter (or topic name) matches is also matched by
 * the `allowed` filter. `+` in `allowed` covers one level of any kind but not `#` (a `#`
 * asks for every deeper level too); `#` in `allowed` covers the rest, and the parent level
 * itself (`a/#` matches `a`, §4.7.1.2). Topics starting with `$` are never covered by a
 * leading wildcard (§4.7.2). Malformed filters are never covered. Pure.
 */
export function filterCovers(allowed: string, requested: string): boolean {
  if (!isValidFilter(allowed) || !isValidFilter(requested)) return false;
  const a = allowed.split('/');
  const r = requested.split('/');
  if ((a[0] === '+' || a[0] === '#') && r[0]!.startsWith('$')) return false;
  for (let i = 0; i < a.length; i++) {
    const al = a[i]!;
    if (al === '#') return true; // covers r[i..], also nothing at all (the parent level)
    const rl = r[i];
    if (rl === undefined) return false;
    if (rl === '#') return false; // only an allowed `#` covers a requested `#`
    if (al === '+') continue; // covers a literal level or a requested `+`
    if (rl === '+' || al !== rl) return false;
  }
  return a.length === r.length;
}
