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

/** Why a hop count is refused. */
export const TRUST_PROXY_HOPS_MESSAGE =
  'a hop count trusts no proxy in Fastify 5 (it cannot tell a proxy from a client that reaches the collector ' +
  'directly): list the addresses or CIDR ranges of your reverse proxies, e.g. [10.0.0.5]';

/**
 * `server.trustProxy`: which peers may tell the collector the client's address in X-Forwarded-For.
 *
 * - `false` (default): none; the client address is the TCP peer.
 * - a list (YAML list, or a comma-separated string as in the environment variable) of
 *   addresses, CIDR ranges and range names: the client address is the right-most
 *   X-Forwarded-For entry not sent by one of them, so a client cannot prepend its own.
 * - `true` is refused (see {@link TRUST_PROXY_TRUE_MESSAGE}), and so is a hop count: Fastify 5
 *   trusts nothing for a number (it cannot tell the proxy from a direct client), so a count
 *   would silently make every client one address again.
 */
export const TrustProxySchema = z
  .union([
    z.boolean(),
    z.number().transform(() => 'hops' as const),
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
      z.literal('hops').refine(() => false, { message: TRUST_PROXY_HOPS_MESSAGE }),
      z.array(TrustedProxyEntrySchema).min(1, { message: 'list at least one proxy address, or write false' }),
    ]),
  );

/** The parsed setting, as Fastify's `trustProxy` option takes it. */
export type TrustProxy = false | string[];
