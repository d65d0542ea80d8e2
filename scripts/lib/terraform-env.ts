import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run, type RunResult } from './process';
import { cliConfig, type StackJson } from './terraform-harness';

const PROVIDER_BINARY = /^terraform-provider-aws_/;
const REGISTRY_HOST = 'registry.terraform.io';

/** Directories below `root`, or none when it is missing or not a directory. */
function subdirectories(root: string): string[] {
  try {
    return readdirSync(root).filter((entry) => statSync(path.join(root, entry)).isDirectory());
  } catch {
    return [];
  }
}

/** Whether `root` is a mirror holding the aws provider (unpacked `<version>/<os_arch>/` or packed zip layout). */
function holdsAwsProvider(root: string): boolean {
  const type = path.join(root, REGISTRY_HOST, 'hashicorp', 'aws');
  if (!existsSync(type)) return false;
  const unpacked = subdirectories(type).some((version) =>
    subdirectories(path.join(type, version)).some((platform) =>
      readdirSync(path.join(type, version, platform)).some((file) => PROVIDER_BINARY.test(file)),
    ),
  );
  return unpacked || readdirSync(type).some((file) => PROVIDER_BINARY.test(file));
}

/** The places searched for a mirror when `TF_PLUGIN_MIRROR` is unset, in order (read only). */
export function knownMirrorPlaces(home = os.homedir()): string[] {
  return [
    '/opt/tf-plugins',
    '/usr/share/terraform/plugins',
    '/usr/local/share/terraform/plugins',
    path.join(home, '.terraform.d', 'plugins'),
    path.join(home, '.local', 'share', 'terraform', 'plugins'),
  ];
}

/**
 * Root of a filesystem mirror holding hashicorp/aws: `TF_PLUGIN_MIRROR`, else the first of the known places
 * that holds it. A few stat calls, never a search of the disk.
 */
export function findPluginMirror(
  env: NodeJS.ProcessEnv = process.env,
  places: readonly string[] = knownMirrorPlaces(),
): string {
  const fromEnv = env.TF_PLUGIN_MIRROR;
  if (fromEnv) {
    if (!holdsAwsProvider(fromEnv))
      throw new Error(`TF_PLUGIN_MIRROR=${fromEnv} holds no ${REGISTRY_HOST}/hashicorp/aws`);
    return fromEnv;
  }
  const found = places.find(holdsAwsProvider);
  if (found) return found;
  throw new Error(
    `no filesystem mirror with ${REGISTRY_HOST}/hashicorp/aws in ${places.join(
      ', ',
    )}: set TF_PLUGIN_MIRROR to a directory laid out as ` +
      `${REGISTRY_HOST}/hashicorp/aws/<version>/<os>_<arch>/terraform-provider-aws_* (or the packed zip layout)`,
  );
}

/** Provider addresses (`host/namespace/type`) present in the mirror. */
export function mirrorProviders(root: string): string[] {
  return subdirectories(root).flatMap((host) =>
    subdirectories(path.join(root, host)).flatMap((namespace) =>
      subdirectories(path.join(root, host, namespace)).map((type) => `${host}/${namespace}/${type}`),
    ),
  );
}

export interface TerraformEnvironment {
  readonly env: NodeJS.ProcessEnv;
  readonly mirror: string;
  /** Provider addresses installable offline. */
  readonly providers: ReadonlySet<string>;
}

/**
 * Environment for running Terraform offline: a CLI config in `workDir` that installs the mirrored providers
 * from the mirror only, no checkpoint calls, no prompts.
 */
export function terraformEnvironment(workDir: string): TerraformEnvironment {
  const mirror = findPluginMirror();
  const providers = mirrorProviders(mirror);
  const configFile = path.join(workDir, 'terraform.rc');
  writeFileSync(configFile, cliConfig(mirror, providers));
  return {
    mirror,
    providers: new Set(providers),
    env: {
      ...process.env,
      TF_CLI_CONFIG_FILE: configFile,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
    },
  };
}

/**
 * `terraform init` once per distinct `required_providers`, in a directory of its own; stacks then link its
 * `.terraform/providers` and copy its lock file instead of each running init (the providers come from the same
 * mirror either way). Enough for `test`, `validate` and `plan` of a configuration without a backend or modules,
 * which is all an init would set up besides the providers.
 */
export class ProviderCache {
  private readonly inits = new Map<string, Promise<{ dir: string; result: RunResult }>>();

  constructor(private readonly workDir: string, private readonly env: NodeJS.ProcessEnv) {}

  /** Installs the stack's providers into `dir`; the result is the shared init's (its time counted once). */
  async install(json: Pick<StackJson, 'terraform'>, dir: string): Promise<RunResult> {
    const required = json.terraform?.required_providers ?? {};
    const key = JSON.stringify(
      Object.keys(required)
        .sort()
        .map((name) => [name, required[name]]),
    );
    let init = this.inits.get(key);
    const first = !init;
    if (!init) {
      const shared = path.join(this.workDir, `providers-${this.inits.size}`);
      mkdirSync(shared, { recursive: true });
      writeFileSync(
        path.join(shared, 'main.tf.json'),
        JSON.stringify({ terraform: { required_providers: required } }, null, 2),
      );
      init = run('terraform', ['init', '-backend=false', '-input=false', '-no-color'], {
        cwd: shared,
        env: this.env,
      }).then((result) => ({ dir: shared, result }));
      this.inits.set(key, init);
    }
    const { dir: shared, result } = await init;
    if (result.code !== 0) return result;
    mkdirSync(path.join(dir, '.terraform'), { recursive: true });
    const providers = path.join(shared, '.terraform', 'providers');
    if (existsSync(providers)) symlinkSync(providers, path.join(dir, '.terraform', 'providers'));
    const lock = path.join(shared, '.terraform.lock.hcl');
    if (existsSync(lock)) copyFileSync(lock, path.join(dir, '.terraform.lock.hcl'));
    return first ? result : { ...result, seconds: 0 };
  }
}

/** Where an unpacked mirror keeps the aws provider binary of `version` for this platform, if it does. */
export function awsProviderBinary(mirror: string, version: string): string | undefined {
  const arch = ({ x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' } as Record<string, string>)[process.arch];
  const dir = path.join(mirror, REGISTRY_HOST, 'hashicorp', 'aws', version, `${process.platform}_${arch}`);
  const binary = existsSync(dir) ? readdirSync(dir).find((file) => PROVIDER_BINARY.test(file)) : undefined;
  return binary && path.join(dir, binary);
}

/**
 * One aws provider process per version for every mocked `terraform test` and every `terraform validate` of a run,
 * attached through `TF_REATTACH_PROVIDERS` (how Terraform attaches to a provider started with `-debug`).
 *
 * Why it pays: otherwise every provider configuration starts its own aws provider process (about 0.5 s) in every
 * graph walk of every run; an 11-region stack's plan run started 23 of them.
 * Why it is safe: a `mock_provider` never configures the provider it wraps, it only forwards the schema and
 * config-validation calls (Terraform 1.11 internal/providers/mock.go), and validate configures nothing either; those
 * calls carry no per-configuration state (re-read mock.go when upgrading Terraform). Never for plans of the real
 * provider, which configure it once per region.
 */
export class SharedAwsProvider {
  private readonly servers = new Map<string, Promise<string | undefined>>();
  private readonly children: ChildProcess[] = [];

  constructor(private readonly mirror: string) {}

  /**
   * `env` attached to the server of the aws version that every stack of `jsons` requires; `env` unchanged when they
   * require different or no exact versions, or the mirror holds no binary to run for it.
   */
  async envFor(env: NodeJS.ProcessEnv, jsons: ReadonlyArray<Pick<StackJson, 'terraform'>>): Promise<NodeJS.ProcessEnv> {
    const versions = new Set(
      jsons.map((json) => (json.terraform?.required_providers?.aws as { version?: unknown } | undefined)?.version),
    );
    const [version] = versions;
    if (versions.size !== 1 || typeof version !== 'string' || !/^\d+\.\d+\.\d+$/.test(version)) return env;
    let server = this.servers.get(version);
    if (!server) {
      const binary = awsProviderBinary(this.mirror, version);
      server = binary ? this.start(binary) : Promise.resolve(undefined);
      this.servers.set(version, server);
    }
    const reattach = await server;
    return reattach ? { ...env, TF_REATTACH_PROVIDERS: reattach } : env;
  }

  /** Stops every server started, and waits until each has exited. */
  async stop(): Promise<void> {
    await Promise.all(
      this.children.splice(0).map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGINT');
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
  }

  private start(binary: string): Promise<string> {
    const child = spawn(binary, ['-debug'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.push(child);
    // Not left running when the harness ends without stop() (an uncaught error, process.exit).
    process.once('exit', () => child.kill('SIGKILL'));
    return new Promise((resolve, reject) => {
      // Kept until the provider is ready, for the error if it exits first; both streams are read to the end
      // (a provider writing to a full pipe would block), and dropped once it is ready.
      let output: string | undefined = '';
      const read = (chunk: Buffer) => {
        if (output === undefined) return;
        output += chunk.toString('utf8');
        const reattach = /TF_REATTACH_PROVIDERS='([^']+)'/.exec(output)?.[1];
        if (!reattach) return;
        output = undefined;
        resolve(reattach);
      };
      child.stderr.on('data', read);
      child.stdout.on('data', read);
      setTimeout(() => {
        if (output === undefined) return;
        reject(new Error(`${binary} -debug printed no TF_REATTACH_PROVIDERS in 60 s:\n${output}`));
        child.kill('SIGKILL');
      }, 60_000).unref();
      child.on('error', reject);
      child.on('exit', (code, signal) =>
        reject(new Error(`${binary} -debug exited (${signal ?? code}):\n${output ?? ''}`)),
      );
    });
  }
}
