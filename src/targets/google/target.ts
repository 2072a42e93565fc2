/**
 * Google Workspace as a rollcall target: accounts are Directory API users in one domain, placed
 * in one org unit each, with custom attributes and an employee id (externalIds); group
 * memberships are Google groups. Everything Google-specific a plan or an apply needs is reached
 * through this object (model/directory-port.ts).
 */
import type {
  ApplySettings,
  DesiredMapping,
  GroupMapping,
  DirectoryReader,
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
import { GoogleAccountView } from './account-view.js';
import { readAttributes, readSchemas, type GoogleAttribute } from './attribute-keys.js';
import type { GoogleConnection } from './live-google-reader.js';
import { LiveDirectoryReader } from './live-google-reader.js';
import { USERS_PAGE_SIZE } from './live-reader.js';
import type { GoogleTargetConfig } from './google-config.js';
import { lifecycleScopes, managedSkus } from './lifecycle.js';
import { googleGroups } from './group-mapping.js';
import { GoogleMapping } from './mapping.js';
import { googlePolicy } from './policy.js';
import { SnapshotFileReader } from './snapshot-plan-reader.js';

export const GOOGLE_VOCABULARY: TargetVocabulary = {
  directory: 'Google',
  address: 'primaryEmail',
  placement: 'orgUnitPath',
  container: 'org unit',
  containerShort: 'OU',
  enabled: { field: 'suspended', inverted: true },
  attributes: 'custom attributes',
};

export class GoogleTarget implements DirectoryTarget {
  readonly kind = 'google';
  readonly identity: string;
  readonly vocabulary = GOOGLE_VOCABULARY;
  readonly apply: ApplySettings;
  private readonly mapping: GoogleMapping;
  private readonly attributes: GoogleAttribute[];
  private readonly policies = new Map<Population, PlacementPolicy>();

  constructor(
    private readonly config: GoogleTargetConfig,
    readonly populations: readonly Population[],
    private readonly context: TargetContext,
  ) {
    this.identity = config.google.domain;
    this.apply = {
      concurrency: config.google.concurrency,
      initialPasswordEnv: config.google.initialPassword.env,
      initialPasswordSetting: 'google.initialPassword.env',
      // Google takes 8..100 characters in clear text.
      passwordLength: { min: 8, max: 100 },
      listPageSize: USERS_PAGE_SIZE,
    };
    this.mapping = new GoogleMapping(config);
    this.attributes = readAttributes(config, populations);
  }

  desiredAccounts(people: readonly DesiredPerson[]): DesiredMapping {
    return this.mapping.desiredAccounts(people);
  }

  desiredGroups(groups: readonly DesiredGroup[]): GroupMapping {
    return googleGroups(groups, this.config.google.domain);
  }

  policy(population: Population): PlacementPolicy {
    let policy = this.policies.get(population);
    if (policy === undefined) this.policies.set(population, (policy = googlePolicy(this.config, population)));
    return policy;
  }

  openReader(options: ReaderOptions = {}): DirectoryReader {
    const skus = managedSkus(this.config, this.populations);
    if (options.snapshotFile !== undefined) return new SnapshotFileReader(options.snapshotFile, this.attributes, skus, this.config.groups !== undefined);
    return new LiveDirectoryReader({
      connect: () => this.connect(),
      view: new GoogleAccountView(this.attributes),
      customer: this.config.google.customer,
      customSchemas: options.complete ? 'all' : readSchemas(this.attributes),
      skus,
      events: this.context.events,
      showProgress: this.context.showProgress,
    });
  }

  async openWriter(options: WriterOptions): Promise<DirectoryWriter> {
    const { openGoogleWriter } = await import('./writer.js');
    return openGoogleWriter(this.config, this.attributes, this.context, options, lifecycleScopes(this.config, this.populations, true));
  }

  /** The client and scheduler for a read, loaded only then: a plan from a snapshot file never needs them. */
  private async connect(): Promise<GoogleConnection> {
    const { config, context } = this;
    const [{ createDirectoryClient }, { createScheduler }] = await Promise.all([import('./client.js'), import('./scheduler.js')]);
    const client = await createDirectoryClient(config.google, context.env, {
      baseDir: context.baseDir,
      extraScopes: lifecycleScopes(this.config, this.populations, false),
      manageGroups: config.groups !== undefined,
      onConsentUrl: (url) => context.events.emit({ level: 'warn', code: 'AUTH_CONSENT', message: `open this address and sign in as a Google admin: ${url}` }),
    });
    for (const w of client.warnings) context.events.emit({ level: 'warn', code: 'AUTH_WARNING', message: w });
    const scheduler = createScheduler(config.google, {
      onEvent: (e) => context.events.emit({ level: 'debug', code: 'GOOGLE_SCHEDULER', message: `Google API: ${JSON.stringify(e)}` }),
    });
    return { api: client.directory, licensing: client.licensing, scheduler };
  }
}
