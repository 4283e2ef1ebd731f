import { createHash } from 'node:crypto';
import type { AgentEntry } from '../config/index.js';

/** Who an agent token belongs to. */
export interface AgentIdentity {
  agentId: string;
  workshopId: string;
}

/**
 * Authenticates agents by their bearer token. The interim implementation is the token list
 * in collector.yaml; the registry replaces it with enrolled agents.
 */
export interface AgentAuthenticator {
  /** The agent the token belongs to, or null for an unknown token. */
  authenticate(token: string): Promise<AgentIdentity | null>;
}

export const sha256Hex = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * The `agents:` list of collector.yaml. Tokens are looked up by their SHA-256, so the
 * comparison never runs over the secret itself (no timing side channel on the token).
 */
export class TokenListAgentAuthenticator implements AgentAuthenticator {
  private readonly byHash = new Map<string, AgentIdentity>();

  constructor(entries: readonly AgentEntry[]) {
    for (const e of entries) {
      const hash = e.tokenSha256 ?? sha256Hex(e.token!);
      if (this.byHash.has(hash)) throw new Error(`agents: two entries share one token (agent ${e.id})`);
      this.byHash.set(hash, { agentId: e.id, workshopId: e.workshop });
    }
  }

  async authenticate(token: string): Promise<AgentIdentity | null> {
    return this.byHash.get(sha256Hex(token)) ?? null;
  }
}
