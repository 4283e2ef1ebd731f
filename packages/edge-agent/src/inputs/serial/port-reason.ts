/**
 * Why a serial port is not open, for the status (`gongbang-agent status`, the status page and
 * the health reading): a code the technician can act on, labelled in status/labels.ts.
 */
export const PORT_REASONS = [
  'port_absent',
  'permission_denied',
  'port_locked',
  'not_a_serial_port',
  'open_failed',
] as const;
export type PortReason = (typeof PORT_REASONS)[number];

/**
 * Error codes (Node's `code`) and the strerror texts that serialport's bindings put in their
 * messages — bindings-cpp formats `Error: <strerror>, cannot open <path>` and
 * `Error <strerror> Cannot lock port`, without an errno field.
 */
const RULES: Array<[PortReason, RegExp, RegExp]> = [
  ['port_absent', /^(ENOENT|ENODEV|ENXIO)$/, /No such file or directory|No such device/i],
  ['permission_denied', /^(EACCES|EPERM)$/, /Permission denied|Operation not permitted/i],
  // flock(LOCK_EX | LOCK_NB) fails with EWOULDBLOCK ("Resource temporarily unavailable").
  [
    'port_locked',
    /^(EBUSY|EAGAIN|EWOULDBLOCK)$/,
    /Cannot lock port|Device or resource busy|Resource temporarily unavailable/i,
  ],
  ['not_a_serial_port', /^ENOTTY$/, /Inappropriate ioctl for device|Not a typewriter/i],
];

/** The reason an open failed, from the error's code or, for serialport, its message. Pure. */
export function portReasonOf(err: Error & { code?: unknown }): PortReason {
  const code = typeof err.code === 'string' ? err.code : '';
  for (const [reason, codes, text] of RULES) if (codes.test(code) || text.test(err.message)) return reason;
  return 'open_failed';
}
