/**
 * Microsoft Entra ID as a rollcall target: accounts are Graph users of one tenant, placed in
 * administrative units and groups (the managed ones), with the properties a config maps;
 * memberships a disabled account may leave are the other mail-enabled groups; the managed
 * groups of the config's group sets are security groups named by mailNickname (group-mapping.ts). Everything
 * Entra-specific a plan or an apply needs is reached through this object
 * (model/directory-port.ts).
 */
import { managedContainerPatterns } from '../../config/entra-mapping.js';
import type {
  ApplySettings,
  DesiredMapping,
  DirectoryReader,
  GroupMapping,
  DirectoryTarget,
  DirectoryWriter,
  PlacementPolicy,
  ReaderOptions,
  TargetContext,
  TargetVocabulary,
  WriterOptions,
} from '../../model/directory-port.js';
import type { DesiredGroup } from '../../model/group.js';
import type { DesiredPerson, Population } from '../../model/person.js';
import { PAGE } from './container-reads.js';
import { ManagedContainers } from './containers.js';
import { populationRules, type EntraTargetConfig } from './entra-config.js';
import { connectGraph } from './graph-api.js';
import { entraGroups, groupDomain } from './group-mapping.js';
import { EntraLiveReader } from './live-reader.js';
import { managedLicences } from './lifecycle.js';
import { EntraMapping } from './mapping.js';
import { entraPolicy } from './policy.js';
import { readProperties } from './properties.js';
import { EntraSnapshotReader } from './snapshot-reader.js';

export const ENTRA_VOCABULARY: TargetVocabulary = {
  directory: 'Entra ID',
  address: 'userPrincipalName',
  placement: 'memberOf',
  container: 'container',
  containerShort: 'container',
  enabled: { field: 'accountEnabled', inverted: false },
  attributes: 'properties',
};

export class EntraTarget implements DirectoryTarget {
  readonly kind = 'entra';
  readonly identity: string;
  readonly vocabulary = ENTRA_VOCABULARY;
  readonly apply: ApplySettings;
  private readonly mapping: EntraMapping;
  private readonly managed: ManagedContainers;
  private readonly properties: string[];
  private readonly policies = new Map<Population, PlacementPolicy>();
  /** The domain of group addresses, when the config manages groups. */
  private readonly groupDomain: string | null;

  constructor(
    private readonly config: EntraTargetConfig,
    readonly populations: readonly Population[],
    private readonly context: TargetContext,
  ) {
    const { entra } = config;
    this.identity = entra.tenant;
    this.apply = {
      concurrency: entra.concurrency,
      initialPasswordEnv: entra.initialPassword.env,
      initialPasswordSetting: 'entra.initialPassword.env',
      // Graph's default password policy: 8 to 256 characters.
      passwordLength: { min: 8, max: 256 },
      listPageSize: PAGE,
    };
    this.mapping = new EntraMapping(config, populations);
    this.managed = new ManagedContainers(managedContainerPatterns(entra, populations));
    this.properties = readProperties(entra, populations);
    this.groupDomain = config.groups !== undefined ? groupDomain(entra) : null;
  }

  desiredAccounts(people: readonly DesiredPerson[]): DesiredMapping {
    return this.mapping.desiredAccounts(people);
  }

  /** The managed groups as Entra security groups (group-mapping.ts); config validation makes sure their domain is known. */
  desiredGroups(groups: readonly DesiredGroup[]): GroupMapping {
    if (this.groupDomain === null) throw new Error('internal: groups are named for a config that manages them, whose entra section names their domain');
    return entraGroups(groups, this.groupDomain);
  }

  policy(population: Population): PlacementPolicy {
    let policy = this.policies.get(population);
    if (policy === undefined) this.policies.set(population, (policy = entraPolicy(populationRules(this.config.entra, population))));
    return policy;
  }

  openReader(options: ReaderOptions = {}): DirectoryReader {
    const licences = managedLicences(this.config.entra, this.populations);
    if (options.snapshotFile !== undefined) return new EntraSnapshotReader(options.snapshotFile, this.managed, this.properties, licences, this.groupDomain);
    return new EntraLiveReader({
      connect: () => connectGraph(this.config.entra, this.context),
      managed: this.managed,
      properties: this.properties,
      licences,
      complete: options.complete === true,
      concurrency: this.config.entra.concurrency,
      events: this.context.events,
      showProgress: this.context.showProgress,
      groupDomain: this.groupDomain,
    });
  }

  async openWriter(options: WriterOptions): Promise<DirectoryWriter> {
    const { openEntraWriter } = await import('./writer.js');
    return openEntraWriter(this.config, { managed: this.managed, properties: this.properties, licences: managedLicences(this.config.entra, this.populations) }, this.context, options);
  }
}
