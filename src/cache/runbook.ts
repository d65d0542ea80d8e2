import type { TierConfig } from '../tiers/tier';
import { Names, StackNames } from '../base/names';
import type { CacheSchema } from './config';
import { CacheNames } from './names';
import { Commands, alarmsNotOk } from '../tiers/commands';
import type { Check, Move, TierRunbook } from '../tiers/runbook';

type Config = TierConfig<{ cache: typeof CacheSchema }>;

function flipConfig(config: Config, target: string): string {
  const secondaries = config.allRegions.filter((region) => region !== target);
  return [
    '```yaml',
    `primaryRegion: ${target}`,
    'secondaryRegions:',
    ...secondaries.map((region) => `  - ${region}`),
    'cache:',
    `  globalDatastoreId: ${
      config.cache.globalDatastoreId ?? '<unchanged>'
    }   # the same datastore: nothing is replaced`,
    '```',
  ].join('\n');
}

function firstDeployGlobal(config: Config, cache: CacheNames): string[] {
  const run = new Commands(config);
  const primary = config.primaryRegion;
  const secondaries = config.secondaryRegions.map(StackNames.region);
  return [
    '## First deploy',
    '',
    `AWS names the Global Datastore \`<5 letters>-${cache.group()}\`; the prefix is account-specific, so no secondary region can derive`,
    "it, and no regional stack reads another stack's state. Until `cache.globalDatastoreId` is set, the secondary regions create no",
    'cache resources at all.',
    '',
    '```sh',
    run.synth(),
    `${run.deploy([StackNames.global, StackNames.region(primary)])}   # the primary replication group`,
    `${run.deploy([StackNames.edge])}   # the Global Datastore, from the primary group`,
    `terraform -chdir=cdktf.out/stacks/${StackNames.edge} output -raw cache_global_datastore_id`,
    '```',
    '',
    'Pin the output in the config, synthesize again and deploy the secondaries (each creates its member, joining the datastore):',
    '',
    '```yaml',
    'cache:',
    '  globalDatastoreId: <the output, e.g. ldgnf-' + cache.group() + '>',
    '```',
    '',
    '```sh',
    run.synth(),
    secondaries.length > 0 ? run.deploy(secondaries) : '# no secondary region',
    '```',
    '',
    'Pin it before any `primaryRegion` change: without it, the old primary region would become a secondary with no member, and its',
    'replication group (and its data) would be destroyed; `protection.preventDestroy` makes that plan fail instead.',
    '',
  ];
}

/** The Global Datastore's ID in commands: pinned in the config, or looked up from the edge stack's output. */
function datastoreId(config: Config): { id: string; lookup: string[] } {
  return config.cache.globalDatastoreId === undefined
    ? {
        id: '$GLOBAL_DATASTORE_ID',
        lookup: [
          `GLOBAL_DATASTORE_ID=$(terraform -chdir=cdktf.out/stacks/${StackNames.edge} output -raw cache_global_datastore_id)`,
        ],
      }
    : { id: config.cache.globalDatastoreId, lookup: [] };
}

/** Promotes `target`'s member of the Global Datastore (planned or not, the same call, made in the target region). */
export function globalDatastoreFailoverCommands(config: Config, cache: CacheNames, target: string): string[] {
  const { id, lookup } = datastoreId(config);
  return [
    ...lookup,
    `aws elasticache failover-global-replication-group --region ${target} \\`,
    `  --global-replication-group-id ${id} \\`,
    `  --primary-region ${target} --primary-replication-group-id ${cache.group()}`,
  ];
}

/** The members of the Global Datastore and their roles, seen from `region`. */
export function globalDatastoreStatusCommand(config: Config, region: string): string {
  return `aws elasticache describe-global-replication-groups --region ${region} --global-replication-group-id ${
    datastoreId(config).id
  } --show-member-info \\\n  --query 'GlobalReplicationGroups[0].{Status:Status,Members:Members[].{Group:ReplicationGroupId,Region:ReplicationGroupRegion,Role:Role}}'`;
}

/** Detaches `target`'s member: a standalone, writable group, when a failover cannot complete with the primary down. */
export function globalDatastoreDisassociateCommands(config: Config, cache: CacheNames, target: string): string[] {
  return [
    `aws elasticache disassociate-global-replication-group --region ${target} \\`,
    `  --global-replication-group-id ${datastoreId(config).id} \\`,
    `  --replication-group-id ${cache.group()} --replication-group-region ${target}`,
  ];
}

/** The config edit after `target`'s member was detached: the datastore ID dropped until a new one is pinned. */
function disassociatedConfig(config: Config, target: string): string {
  return [
    '```yaml',
    `primaryRegion: ${target}`,
    'secondaryRegions:',
    ...config.allRegions.filter((region) => region !== target).map((region) => `  - ${region}`),
    'cache:',
    '  # globalDatastoreId removed until the new datastore exists',
    '```',
  ].join('\n');
}

function globalSections(config: Config, cache: CacheNames): string[] {
  const run = new Commands(config);
  const primary = config.primaryRegion;
  return config.secondaryRegions.flatMap((target) => [
    `## Planned promotion of ${target}`,
    '',
    `AWS promotes ${target} and demotes ${primary}; about a minute of write unavailability, no data loss once the lag alarm is quiet.`,
    '',
    '```sh',
    ...globalDatastoreFailoverCommands(config, cache, target),
    globalDatastoreStatusCommand(config, target),
    '```',
    '',
    `Wait until the member in ${target} shows \`Role: PRIMARY\` and the status is \`available\`. Then change the config (the Global`,
    'Datastore keeps its ID; members ignore the arguments the datastore owns, and the datastore ignores',
    '`primary_replication_group_id`, so the deploy replaces nothing):',
    '',
    flipConfig(config, target),
    '',
    '```sh',
    run.synth(),
    `${run.diff(StackNames.region(target))}   # expect no replacement`,
    run.deploy([
      StackNames.region(target),
      ...config.allRegions.filter((r) => r !== target).map(StackNames.region),
      StackNames.edge,
    ]),
    '```',
    '',
    `## Unplanned promotion of ${target}`,
    '',
    `When ${primary} is impaired. RTO about 1 minute, RPO under 1 second (the replication lag at the time; AWS disaster`,
    'recovery figures for Global Datastore). Run the same failover from the target region first:',
    '',
    '```sh',
    ...globalDatastoreFailoverCommands(config, cache, target),
    '```',
    '',
    `If AWS cannot complete it while ${primary} is down, detach ${target}'s member: it becomes a standalone, writable group.`,
    '',
    '```sh',
    ...globalDatastoreDisassociateCommands(config, cache, target),
    '```',
    '',
    `After a failover, change the config as for a planned promotion and deploy only the reachable regions (${StackNames.region(
      target,
    )}`,
    'first).',
    '',
    `### After a disassociation of ${target}`,
    '',
    `The datastore must be rebuilt around ${target}. With \`cache.globalDatastoreId\` removed, every region but the primary`,
    'synthesizes without a cache member, so deploying one would delete its replication group and endpoint: deploy **only**',
    `${StackNames.region(
      target,
    )} until the new datastore's ID is pinned. The other regions keep their groups (read-only members of`,
    'the old datastore) meanwhile.',
    '',
    disassociatedConfig(config, target),
    '',
    '```sh',
    run.synth(),
    `${run.deploy([StackNames.region(target)])}   # only the new primary: no other region until the new ID is pinned`,
    '```',
    '',
    `Once ${primary} is back: delete the old datastore (\`aws elasticache delete-global-replication-group\`), deploy the edge stack`,
    '(a new datastore from the new primary), pin its new ID and deploy the secondaries as in "First deploy".',
    '',
  ]);
}

function memorydbSections(config: Config, cache: CacheNames): string[] {
  const run = new Commands(config);
  return [
    '## First deploy',
    '',
    `AWS names the multi-Region cluster \`<5 letters>-${cache.group()}\`; no region can derive the prefix. Until`,
    '`cache.multiRegionClusterName` is set, no region creates its cluster.',
    '',
    '```sh',
    run.synth(),
    `${run.deploy([StackNames.global])}   # the multi-Region cluster, in ${config.globalRegion}`,
    `terraform -chdir=cdktf.out/stacks/${StackNames.global} output -raw cache_multi_region_cluster_name`,
    '```',
    '',
    'Set `cache.multiRegionClusterName` to the output, synthesize and deploy every region.',
    '',
    '## Regional outage: no promotion',
    '',
    'MemoryDB Multi-Region is active-active: every regional cluster takes reads and writes, and replicates asynchronously',
    '(`MultiRegionClusterReplicationLag`, ms, per region pair). There is nothing to promote: point the applications of an',
    "impaired region at another region's endpoint (`cache_endpoint` output of that region). A region isolated from the others",
    'keeps accepting writes and catches up when it reconnects; conflicting writes resolve last-writer-wins. AWS gives no RPO/RTO',
    'SLA for Multi-Region.',
    '',
    '## Changing the node type',
    '',
    'hashicorp/aws 5.100.0 replaces a multi-Region cluster when `node_type` changes (provider #48832): the cluster ignores it.',
    'Scale with the API, then set `cache.nodeType` to the new type:',
    '',
    '```sh',
    `aws memorydb update-multi-region-cluster --region ${config.globalRegion} --multi-region-cluster-name ${
      config.cache.multiRegionClusterName ?? '<cache.multiRegionClusterName>'
    } --node-type <db.r7g.2xlarge>`,
    '```',
    '',
    '## Removing regions',
    '',
    'Remove one region per deploy: deleting several regional clusters of a multi-Region cluster at once races (provider #41623).',
    '',
  ];
}

/** The cache runbook of this deployment. */
export function cacheRunbook(config: Config): string {
  const cache = new CacheNames(new Names(config));
  const c = config.cache;
  const header = [
    `# Cache runbook: ${new Names(config).prefix}`,
    '',
    `Generated by \`cdktf synth\` from the config; do not edit. Mode \`${c.mode}\`, engine \`${
      c.mode === 'memorydb-multi-region' ? 'valkey' : c.engine
    }\` ${c.engineVersion}, ${c.nodeType}, ${c.shards} shard(s).`,
    `Regions: ${config.allRegions.join(', ')} (primary ${config.primaryRegion}).`,
    '',
    `Every region: \`${cache.group()}\` (replication group or cluster), user group / ACL \`${cache.userGroup()}\`, IAM-authenticated user`,
    `\`${cache.appUser()}\` (clients sign a SigV4 token; grant \`${
      c.mode === 'memorydb-multi-region' ? 'memorydb' : 'elasticache'
    }:Connect\` on the cluster and the user). No password exists.`,
    '',
  ];
  if (c.mode === 'regional') {
    return [
      ...header,
      "Mode `regional`: an independent cache per region, no cross-region replication. Nothing to promote: each region's",
      'applications use their local endpoint; after a database switchover the caches repopulate on their own.',
      '',
    ].join('\n');
  }
  if (c.mode === 'memorydb-multi-region') return [...header, ...memorydbSections(config, cache)].join('\n');
  return [
    ...header,
    `Global Datastore: \`${
      c.globalDatastoreId ?? `<not pinned yet: cache.globalDatastoreId>`
    }\`, created in the edge stack from ${config.primaryRegion}'s group.`,
    '',
    ...firstDeployGlobal(config, cache),
    ...(config.secondaryRegions.length === 0
      ? ['No secondary region: nothing to promote.', '']
      : globalSections(config, cache)),
  ].join('\n');
}

const GLOBAL_DATASTORE_SOURCE =
  'AWS Disaster Recovery Workshop, "ElastiCache - Global Datastore", https://disaster-recovery.workshop.aws/en/services/databases/elasticache/global-datastore.html';
const MEMORYDB_SOURCE =
  'MemoryDB Developer Guide, "MemoryDB Multi-Region", https://docs.aws.amazon.com/memorydb/latest/devguide/multi-region.html';

/** The cache's part of the deployment runbook: its objectives, and what a move of the primary to `move.target` asks of it. */
export function cacheRunbookSteps(config: Config, move: Move): TierRunbook {
  const cache = new CacheNames(new Names(config));
  const { target } = move;
  const primary = config.primaryRegion;
  const planned = move.transition === 'planned';
  const lagPrefix = `${cache.group()}-replication-lag`;
  const metric =
    config.cache.mode === 'memorydb-multi-region'
      ? 'MultiRegionClusterReplicationLag'
      : 'GlobalDatastoreReplicationLag';
  const lag: Check = {
    what: `replication lag alarms of ${target} (\`${lagPrefix}*\` on ${metric})`,
    command: alarmsNotOk(target, lagPrefix),
    expect: 'nothing listed (every one OK)',
  };
  switch (config.cache.mode) {
    case 'none':
      return { objectives: [], steps: [] };
    case 'regional':
      return {
        objectives: [
          {
            tier: 'cache',
            mechanism: 'independent regional caches',
            rpo: `the cache contents of ${primary} (not replicated; they repopulate from the database)`,
            rto: '0: each region uses its own cache',
            source: 'no replication, so no AWS figure applies',
          },
        ],
        steps: [
          {
            phase: 'derived-data',
            title: 'Cache: nothing to move',
            text: [
              `Mode \`regional\`: ${target}'s applications already use ${target}'s cache \`${cache.group()}\`, which fills from the database.`,
            ],
            before: [],
            commands: [],
            after: [],
          },
        ],
      };
    case 'memorydb-multi-region':
      return {
        objectives: [
          {
            tier: 'cache',
            mechanism: 'MemoryDB Multi-Region (active-active)',
            rpo: 'writes not yet propagated from the impaired region (typically within a second); they propagate when it returns',
            rto: "no promotion: as long as pointing clients at another region's endpoint takes. Up to 99.999% availability",
            source: MEMORYDB_SOURCE,
          },
        ],
        steps: [
          {
            phase: 'derived-data',
            title: 'Cache: nothing to promote (MemoryDB Multi-Region)',
            text:
              config.cache.multiRegionClusterName === undefined
                ? [
                    `\`cache.multiRegionClusterName\` is not pinned, so no region has its regional cluster yet: there is no cache in ${target} to use. Pin it (runbooks/cache.md, first deploy) before you need this.`,
                  ]
                : [
                    `Every regional cluster takes reads and writes. Point ${primary}'s clients at ${target}'s cluster \`${cache.group()}\` (its stack's \`cache_endpoint\` output); conflicting writes resolve last-writer-wins.`,
                  ],
            before: [lag],
            commands: [],
            after: [],
          },
        ],
      };
    case 'elasticache-global': {
      const pinned = config.cache.globalDatastoreId !== undefined;
      return {
        objectives: [
          {
            tier: 'cache',
            mechanism: `ElastiCache Global Datastore${pinned ? ` \`${config.cache.globalDatastoreId}\`` : ''}`,
            rpo: 'under 1 second (`GlobalDatastoreReplicationLag`)',
            rto: 'about 1 minute (manual promotion)',
            source: GLOBAL_DATASTORE_SOURCE,
          },
        ],
        steps: [
          {
            phase: 'derived-data',
            title: `Cache: promote ${target}'s member of the Global Datastore`,
            text: [
              ...(pinned
                ? []
                : [
                    `\`cache.globalDatastoreId\` is not pinned, so no secondary region has a member yet: ${target} has no cache to promote, and the \`primaryRegion\` change of this switchover destroys ${primary}'s replication group and its data (\`protection.preventDestroy\` makes that plan fail). Pin it (runbooks/cache.md, first deploy) before you need this.`,
                  ]),
              planned
                ? `AWS promotes ${target} and demotes ${primary}; about a minute of write unavailability.`
                : `The same call as a planned promotion, made in ${target}.`,
            ],
            before: [lag],
            commands: [
              ...globalDatastoreFailoverCommands(config, cache, target),
              globalDatastoreStatusCommand(config, target),
            ],
            after: [
              {
                what: `the member in ${target}`,
                expect: '`Role: PRIMARY`, status `available` (the last command above)',
              },
            ],
            fallback: planned
              ? undefined
              : {
                  when: `If the failover cannot complete while ${primary} is down`,
                  text: [
                    `Detach ${target}'s member: it becomes a standalone, writable group. The datastore is then rebuilt around ${target} (runbooks/cache.md, unplanned promotion).`,
                  ],
                  commands: globalDatastoreDisassociateCommands(config, cache, target),
                },
          },
        ],
      };
    }
  }
}
