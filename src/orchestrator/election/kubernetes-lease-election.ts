/**
 * Leader election through a coordination.k8s.io/v1 Lease, as client-go does
 * it: the holder renews `renewTime` every retry period; a candidate takes the
 * Lease when it is free or its holder has not renewed within
 * `leaseDurationSeconds` (15); every write carries the resourceVersion it
 * read, so of two candidates exactly one wins (the other gets 409 Conflict).
 * A holder that cannot renew within the renew deadline steps down. The term
 * is `leaseTransitions + 1`, recorded in the state store as the fence of
 * every tick and dispatch; a term lower than one already recorded there is
 * not leadership.
 */
import { CoordinationV1Api, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { loadKubeConfig, namespaceOf, statusOf } from '../launchers/kubernetes/kubernetes-config.js';
import { DAEMON_LEASE_NAME, type StateStore } from '../state/index.js';
import { DEFAULT_ELECTION_TIMINGS, type ElectionTimings, type LeaderElection, type Leadership } from './leader-election.js';

export interface KubernetesLeaseElectionOptions {
  store: StateStore;
  holder: string;
  /** The Lease's name; default `floe-daemon`. */
  leaseName?: string;
  namespace?: string;
  timings?: ElectionTimings;
  kubeConfig?: KubeConfig;
  now?: () => Date;
}

export class KubernetesLeaseElection implements LeaderElection {
  readonly kind = 'kubernetes' as const;
  readonly namespace: string;
  readonly #options: KubernetesLeaseElectionOptions;
  readonly #timings: ElectionTimings;
  readonly #api: CoordinationV1Api;
  readonly #name: string;
  #term: number | undefined;
  #lastRenewal = 0;

  static async create(options: KubernetesLeaseElectionOptions): Promise<KubernetesLeaseElection> {
    return new KubernetesLeaseElection(options);
  }

  private constructor(options: KubernetesLeaseElectionOptions) {
    const config = options.kubeConfig ?? loadKubeConfig();
    this.#options = options;
    this.#timings = options.timings ?? DEFAULT_ELECTION_TIMINGS;
    this.namespace = namespaceOf(config, options.namespace);
    this.#api = config.makeApiClient(CoordinationV1Api);
    this.#name = options.leaseName ?? DAEMON_LEASE_NAME;
  }

  #now(): Date {
    return (this.#options.now ?? (() => new Date()))();
  }

  #leadership(): Leadership {
    if (this.#term === undefined) return { leader: false };
    return { leader: true, term: this.#term, fence: { lease: DAEMON_LEASE_NAME, holder: this.#options.holder, term: this.#term } };
  }

  #spec(lease: V1Lease | undefined, taking: boolean): NonNullable<V1Lease['spec']> {
    const now = this.#now();
    const transitions = lease?.spec?.leaseTransitions ?? 0;
    return {
      holderIdentity: this.#options.holder,
      leaseDurationSeconds: Math.round(this.#timings.leaseDurationMs / 1000),
      acquireTime: taking ? now : (lease?.spec?.acquireTime ?? now),
      renewTime: now,
      leaseTransitions: taking && lease ? transitions + 1 : transitions,
    };
  }

  async #read(): Promise<V1Lease | undefined> {
    try {
      return await this.#api.readNamespacedLease({ name: this.#name, namespace: this.namespace });
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Writes the Lease as ours; undefined when another daemon wrote it first (409). */
  async #write(lease: V1Lease | undefined, taking: boolean): Promise<V1Lease | undefined> {
    const body: V1Lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.#name, namespace: this.namespace, ...(lease?.metadata?.resourceVersion ? { resourceVersion: lease.metadata.resourceVersion } : {}) }, spec: this.#spec(lease, taking) };
    try {
      return lease
        ? await this.#api.replaceNamespacedLease({ name: this.#name, namespace: this.namespace, body })
        : await this.#api.createNamespacedLease({ namespace: this.namespace, body });
    } catch (error) {
      if (statusOf(error) === 409) return undefined;
      throw error;
    }
  }

  async campaign(): Promise<Leadership> {
    const { store, holder } = this.#options;
    try {
      const lease = await this.#read();
      const spec = lease?.spec;
      const ours = spec?.holderIdentity === holder;
      const renewedAt = spec?.renewTime ? new Date(spec.renewTime).getTime() : 0;
      const expired = !spec?.holderIdentity || renewedAt + (spec.leaseDurationSeconds ?? 15) * 1000 < this.#now().getTime();
      if (!ours && !expired) {
        this.#term = undefined;
        return this.#leadership();
      }
      const written = await this.#write(lease, !ours);
      if (!written) {
        this.#term = undefined;
        return this.#leadership();
      }
      const term = (written.spec?.leaseTransitions ?? 0) + 1;
      if (this.#term !== term) {
        // A new term: it is ours only if the store has not seen a newer one.
        const recorded = await store.daemons.recordExternalTerm({ name: DAEMON_LEASE_NAME, holder, term, durationMs: this.#timings.leaseDurationMs });
        this.#term = recorded ? term : undefined;
      }
      this.#lastRenewal = Date.now();
    } catch {
      if (this.#term !== undefined && Date.now() - this.#lastRenewal > this.#timings.renewDeadlineMs) this.#term = undefined;
    }
    return this.#leadership();
  }

  async release(): Promise<void> {
    const term = this.#term;
    this.#term = undefined;
    if (term === undefined) return;
    const lease = await this.#read().catch(() => undefined);
    if (lease?.spec?.holderIdentity !== this.#options.holder) return;
    // client-go's release: no holder, a one-second lease: a standby takes over at once.
    const body: V1Lease = { ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: this.#now() } };
    await this.#api.replaceNamespacedLease({ name: this.#name, namespace: this.namespace, body }).catch(() => undefined);
    await this.#options.store.daemons.releaseLease({ name: DAEMON_LEASE_NAME, holder: this.#options.holder, term }).catch(() => undefined);
  }
}
