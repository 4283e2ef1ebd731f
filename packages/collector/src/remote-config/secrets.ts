import type { ValidationIssue } from '@gongbang/shared';

/**
 * What a masked secret looks like in a config shown to someone who may not read it. Saving a
 * config that still holds it keeps the secret stored at the same place.
 */
export const SECRET_MASK = '********';

/**
 * Which fields of an agent config are secrets, by name, so a field added to the schema later
 * is covered without a list to keep in step: `password` (MQTT subscriber, embedded broker
 * devices), `token` (collector token), and any `…Password`, `…Secret`, `…Token`, `…Key` or
 * `passphrase`. Paths to files (`tokenFile`, `keyFile`, `certFile`) and JSON keys (`key`,
 * `timestampKey`) are not secrets: they name where something is, not what it is.
 */
export function isSecretField(name: string): boolean {
  if (/^(password|passwd|passphrase|secret|token|apikey|privatekey)$/i.test(name)) return true;
  return /[a-z](Password|Passphrase|Secret|Token|ApiKey|PrivateKey)$/.test(name);
}

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A copy of the config with every secret string replaced by `SECRET_MASK`. */
export function maskSecrets(config: Json): Json {
  if (Array.isArray(config)) return config.map(maskSecrets);
  if (!isObject(config)) return config;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(config)) {
    out[k] = isSecretField(k) && typeof v === 'string' ? SECRET_MASK : maskSecrets(v);
  }
  return out;
}

/**
 * The element of the previous array that matches `item`: the one with the same `id` (inputs,
 * topics) or `username` (broker devices), else the one at the same index. Matching by identity
 * keeps a device's password with the device when a technician reorders or inserts entries.
 */
function counterpart(previous: Json[], item: Json, index: number): Json {
  if (isObject(item)) {
    for (const field of ['id', 'username']) {
      const key = item[field];
      if (typeof key === 'string') return previous.find((p) => isObject(p) && p[field] === key);
    }
  }
  return previous[index];
}

/**
 * Puts the stored secrets back where a saved config still holds `SECRET_MASK`, so a config
 * fetched masked and saved again cannot erase (or set to the mask) the real secret. A mask with
 * no stored secret at its place is an issue naming the path: the secret must be typed.
 */
export function restoreSecrets(config: Json, previous: Json): { config: Json; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const walk = (value: Json, prev: Json, path: string): Json => {
    if (Array.isArray(value)) {
      const before = Array.isArray(prev) ? prev : [];
      return value.map((v, i) => walk(v, counterpart(before, v, i), `${path}[${i}]`));
    }
    if (!isObject(value)) return value;
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) {
      const p = isObject(prev) ? prev[k] : undefined;
      const at = path ? `${path}.${k}` : k;
      if (isSecretField(k) && v === SECRET_MASK) {
        if (typeof p === 'string' && p !== SECRET_MASK) out[k] = p;
        else {
          issues.push({
            path: at,
            message: 'masked secret with no saved value to keep: type it / 저장된 값이 없으니 비밀값을 입력하세요',
          });
          out[k] = v;
        }
      } else out[k] = walk(v, p, at);
    }
    return out;
  };
  return { config: walk(config, previous, ''), issues };
}
