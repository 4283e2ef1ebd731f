import { isIP } from 'node:net';
import { hostname as osHostname } from 'node:os';

/** Names that always mean this machine. */
const LOCAL_NAMES = ['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback'];

/** The host part of a Host header (`name`, `name:port`, `[v6]`, `[v6]:port`), lower case; undefined when malformed. */
export function hostOf(header: string): string | undefined {
  const h = header.trim().toLowerCase();
  const v6 = /^\[([0-9a-f:.]+(?:%[\w.-]+)?)\](?::\d{1,5})?$/.exec(h);
  if (v6) return v6[1];
  const plain = /^([a-z0-9.-]+?)\.?(?::\d{1,5})?$/.exec(h);
  return plain ? plain[1] : undefined;
}

/**
 * Decides which Host headers the status page answers, against DNS rebinding: a web page on
 * `evil.example` whose name is re-pointed to 127.0.0.1 makes the browser send
 * `Host: evil.example` to the mini PC, and could then read the page. Only names that cannot
 * be an attacker's pass: IP literals (a browser page cannot send one for a name it controls),
 * `localhost` names, the configured host and this machine's own name (`name`, `name.local`).
 */
export class HostCheck {
  private readonly names: ReadonlySet<string>;

  /** @param configuredHost the status page's `host` setting; @param machineName default os.hostname(). */
  constructor(configuredHost: string, machineName: string = osHostname()) {
    const own = machineName.trim().toLowerCase();
    const names = [...LOCAL_NAMES, configuredHost.trim().toLowerCase()];
    if (own) names.push(own, `${own}.local`);
    this.names = new Set(names);
  }

  /** True when a request with this Host header may be answered; a request without one (HTTP/1.0) may. */
  allows(header: string | undefined): boolean {
    if (header === undefined) return true;
    const host = hostOf(header);
    if (host === undefined) return false;
    if (isIP(host.split('%')[0] ?? '') !== 0) return true;
    return this.names.has(host) || host.endsWith('.localhost');
  }
}
