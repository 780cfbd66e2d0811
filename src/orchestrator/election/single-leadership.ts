/** Single mode: the one daemon always leads. Ticks and claims are still exactly-once through the store's unique keys. */
import type { LeaderElection, Leadership } from './leader-election.js';

export class SingleLeadership implements LeaderElection {
  readonly kind = 'single' as const;

  async campaign(): Promise<Leadership> {
    return { leader: true };
  }

  async release(): Promise<void> {}
}
