import { z } from 'zod';

/**
 * Named ranges proxy-addr (Fastify's `trustProxy`) understands: `loopback` (127.0.0.1/8, ::1/128),
 * `linklocal` (169.254.0.0/16, fe80::/10), `uniquelocal` (10/8, 172.16/12, 192.168/16, fc00::/7).
 */
export const TRUST_PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'] as const;

const ipOrCidr = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6(), z.enum(TRUST_PROXY_NAMES)]);

/** One trusted proxy: an IPv4/IPv6 address, a CIDR range or a proxy-addr range name. */
export const TrustedProxyEntrySchema = z.string().superRefine((s, ctx) => {
  if (!ipOrCidr.safeParse(s).success) {
    ctx.addIssue({
      code: 'custom',
      message: `"${s}" is not an IP address, a CIDR range (e.g. 10.0.0.0/24, fd00::/8) or one of ${TRUST_PROXY_NAMES.join(', ')}`,
    });
  }
});

/** Why `true` is refused: every client could then choose the address the per-address limits key on. */
export const TRUST_PROXY_TRUE_MESSAGE =
  'true would trust X-Forwarded-For from every client, so anyone could pick the address that login and ' +
  'enrollment limits count on: list the addresses or CIDR ranges of your reverse proxies instead, ' +
  'e.g. [10.0.0.5] or [10.0.0.0/24, loopback]';

/**
 * `server.trustProxy`: which peers may tell the collector the client's address in X-Forwarded-For.
 *
 * - `false` (default): none; the client address is the TCP peer.
 * - a list (YAML list, or a comma-separated string as in the environment variable) of
 *   addresses, CIDR ranges and range names: the client address is the right-most
 *   X-Forwarded-For entry not sent by one of them, so a client cannot prepend its own.
 * - a hop count `n`: trust the `n` nearest hops whoever they are — only when the collector
 *   cannot be reached except through exactly that many proxies.
 * - `true` is refused (see {@link TRUST_PROXY_TRUE_MESSAGE}).
 */
export const TrustProxySchema = z
  .union([
    z.boolean(),
    z.number().int().min(1).max(16),
    z.string().transform((s) =>
      s
        .split(',')
        .map((e) => e.trim())
        .filter((e) => e !== ''),
    ),
    z.array(z.string()),
  ])
  .pipe(
    z.union([
      z.literal(false),
      z.literal(true).refine(() => false, { message: TRUST_PROXY_TRUE_MESSAGE }),
      z.number(),
      z.array(TrustedProxyEntrySchema).min(1, { message: 'list at least one proxy address, or write false' }),
    ]),
  );

/** The parsed setting, as Fastify's `trustProxy` option takes it. */
export type TrustProxy = false | number | string[];
