/**
 * `npm run test:state`: the project's real S3 backend block against s3rver (S3) and dynalite (DynamoDB) on
 * loopback: init, apply, the state object's content, and lock contention (DynamoDB and S3 lock file).
 */
import { spawn } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, DataResource, Fn, TerraformOutput } from 'cdktf';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import S3rver from 's3rver';
import dynalite from 'dynalite';
import { loadConfig, type Config } from '../src/config/load';
import { Names } from '../src/base/names';
import { BaseStack } from '../src/stacks/base-stack';
import { elapsedSeconds, indent, run, type RunResult } from './lib/process';
import { summaryLine } from './lib/terraform-harness';

const REGION = 'us-east-1';
const STACK = `region-${REGION}`;
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const OUTPUT_VALUE = 'state-backend-test';

let passed = 0;
let failed = 0;

function check(name: string, ok: boolean, started: bigint, details = ''): boolean {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name} (${elapsedSeconds(started).toFixed(1)} s)`);
  if (!ok && details) console.log(indent(details));
  return ok;
}

/** A stack with the project's backend block and only built-in resources, so no AWS API is needed. */
function synthesizeStack(config: Config, outdir: string): string {
  const app = new App({ outdir });
  const stack = new BaseStack(app, STACK, { config, stateRegion: REGION });
  // Replaced on every apply, so each apply has changes and asks for approval.
  new DataResource(stack, 'marker', { input: { marker: OUTPUT_VALUE }, triggersReplace: [Fn.timestamp()] });
  new TerraformOutput(stack, 'marker_value', { value: OUTPUT_VALUE });
  app.synth();
  return path.join(outdir, 'stacks', STACK);
}

async function startServers(
  dir: string,
): Promise<{ s3: S3rver; s3Port: number; dynamo: ReturnType<typeof dynalite>; dynamoPort: number }> {
  const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  const { port: s3Port } = await s3.run();
  const dynamo = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve, reject) => dynamo.once('error', reject).listen(0, '127.0.0.1', resolve));
  return { s3, s3Port, dynamo, dynamoPort: (dynamo.address() as AddressInfo).port };
}

interface RecordedPut {
  readonly path: string;
  readonly sse?: string;
  readonly kmsKeyId?: string;
}

/**
 * A loopback proxy in front of s3rver that records the encryption headers of every PUT: s3rver keeps no
 * server-side encryption metadata, so this is where the test sees what Terraform asks S3 for.
 */
async function recordingProxy(target: number, puts: RecordedPut[]): Promise<{ server: Server; port: number }> {
  const server = createServer((incoming, outgoing) => {
    if (incoming.method === 'PUT') {
      puts.push({
        path: decodeURIComponent((incoming.url ?? '').split('?')[0]),
        sse: incoming.headers['x-amz-server-side-encryption'] as string | undefined,
        kmsKeyId: incoming.headers['x-amz-server-side-encryption-aws-kms-key-id'] as string | undefined,
      });
    }
    const forward = httpRequest(
      { host: '127.0.0.1', port: target, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/**
 * Starts `terraform apply` without auto-approval and resolves once it waits at the prompt, that is while
 * it holds the state lock; `release` answers "no" and waits for it to exit.
 */
async function holdLock(
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ release: () => Promise<number>; output: () => string }> {
  const child = spawn('terraform', ['apply', '-no-color'], {
    cwd,
    env: { ...env, TF_INPUT: '1', TF_IN_AUTOMATION: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`no approval prompt within 60 s:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.includes('Enter a value:')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`terraform apply exited with ${code} before its prompt:\n${output}`));
    });
  });
  return {
    output: () => output,
    release: () => {
      child.stdin.end('no\n');
      return exited;
    },
  };
}

async function main(): Promise<number> {
  // Quiets the SDK's notice that its releases from 2027 need Node 22 (README, "Quiet output").
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const started = process.hrtime.bigint();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'state-backend-test-'));
  const s3Dir = path.join(workDir, 's3rver');
  mkdirSync(s3Dir);
  let servers: Awaited<ReturnType<typeof startServers>> | undefined;
  let proxy: Server | undefined;
  const puts: RecordedPut[] = [];
  let s3Client: S3Client | undefined;
  let dynamoClient: DynamoDBClient | undefined;
  try {
    servers = await startServers(s3Dir);
    const recording = await recordingProxy(servers.s3Port, puts);
    proxy = recording.server;
    const s3Endpoint = `http://127.0.0.1:${recording.port}`;
    const dynamoEndpoint = `http://127.0.0.1:${servers.dynamoPort}`;
    console.log(`state-backend-test: s3rver ${s3Endpoint}, dynalite ${dynamoEndpoint}, work dir ${workDir}`);
    const clientOptions = { region: REGION, credentials: CREDENTIALS };
    // Recent SDKs add flexible checksums by default; s3rver predates them.
    s3Client = new S3Client({
      ...clientOptions,
      endpoint: s3Endpoint,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    dynamoClient = new DynamoDBClient({ ...clientOptions, endpoint: dynamoEndpoint });

    const config = loadConfig();
    const names = new Names(config);
    const bucket = names.stateBucket(REGION);
    const table = names.lockTable();
    const key = `${STACK}/terraform.tfstate`;
    await s3Client.send(new CreateBucketCommand({ Bucket: bucket }));
    await dynamoClient.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [{ AttributeName: 'LockID', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'LockID', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );

    const cliConfig = path.join(workDir, 'terraform.rc');
    writeFileSync(cliConfig, '');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfig,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const backendConfig = path.join(workDir, 'backend.hcl');
    writeFileSync(
      backendConfig,
      [
        `endpoints = { s3 = "${s3Endpoint}", dynamodb = "${dynamoEndpoint}" }`,
        'use_path_style              = true',
        'skip_credentials_validation = true',
        'skip_requesting_account_id  = true',
        'skip_metadata_api_check     = true',
        'skip_region_validation      = true',
        `access_key                  = "${CREDENTIALS.accessKeyId}"`,
        `secret_key                  = "${CREDENTIALS.secretAccessKey}"`,
        '',
      ].join('\n'),
    );

    // 1. Both locks, as the default config declares them.
    const stackDir = synthesizeStack(config, path.join(workDir, 'both-locks'));
    const backend = (
      JSON.parse(readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as {
        terraform: { backend: { s3: Record<string, unknown> } };
      }
    ).terraform.backend.s3;
    console.log(`backend block: ${JSON.stringify(backend)}`);
    const terraform = (cwd: string, ...args: string[]): Promise<RunResult> =>
      run('terraform', [...args, '-no-color'], { cwd, env });
    const step = async (
      name: string,
      cwd: string,
      args: string[],
      expect: (result: RunResult) => boolean,
    ): Promise<boolean> => {
      const stepStarted = process.hrtime.bigint();
      const result = await terraform(cwd, ...args);
      return check(name, expect(result), stepStarted, result.output);
    };
    const succeeds = (result: RunResult): boolean => result.code === 0;
    const lockedOut = (result: RunResult): boolean =>
      result.code !== 0 && result.output.includes('Error acquiring the state lock');

    if (
      !(await step(
        'init with the real backend block and loopback endpoints',
        stackDir,
        ['init', '-input=false', `-backend-config=${backendConfig}`],
        succeeds,
      ))
    )
      return 1;
    if (!(await step('apply writes state', stackDir, ['apply', '-auto-approve', '-input=false'], succeeds))) return 1;

    let checkStarted = process.hrtime.bigint();
    const object = await s3Client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const state = JSON.parse(await object.Body!.transformToString()) as {
      outputs?: Record<string, { value: unknown }>;
      resources?: Array<{ type: string }>;
    };
    check(
      `state object s3://${bucket}/${key} holds the output and the resource`,
      state.outputs?.marker_value?.value === OUTPUT_VALUE &&
        (state.resources ?? []).some((resource) => resource.type === 'terraform_data'),
      checkStarted,
      JSON.stringify(state, null, 2),
    );

    // The backend asks for SSE-KMS with the region's state key: `encrypt` alone would send AES256.
    checkStarted = process.hrtime.bigint();
    const statePuts = puts.filter((put) => put.path === `/${bucket}/${key}`);
    const lockPuts = puts.filter((put) => put.path === `/${bucket}/${key}.tflock`);
    const withStateKey = (put: RecordedPut): boolean => put.sse === 'aws:kms' && put.kmsKeyId === names.stateKeyAlias();
    check(
      `every state and lock file write asks for SSE-KMS with ${names.stateKeyAlias()}`,
      statePuts.length > 0 && lockPuts.length > 0 && [...statePuts, ...lockPuts].every(withStateKey),
      checkStarted,
      JSON.stringify([...statePuts, ...lockPuts]),
    );

    checkStarted = process.hrtime.bigint();
    const digest = await dynamoClient.send(
      new GetItemCommand({ TableName: table, Key: { LockID: { S: `${bucket}/${key}-md5` } } }),
    );
    check(
      `lock table ${table} holds the state digest`,
      typeof digest.Item?.Digest?.S === 'string',
      checkStarted,
      JSON.stringify(digest.Item),
    );

    // A lock item written the way Terraform writes one.
    const lockId = '11111111-2222-3333-4444-555555555555';
    await dynamoClient.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          LockID: { S: `${bucket}/${key}` },
          Info: {
            S: JSON.stringify({
              ID: lockId,
              Operation: 'OperationTypeApply',
              Info: '',
              Who: 'state-backend-test@loopback',
              Version: '1.11.4',
              Created: new Date().toISOString(),
              Path: `${bucket}/${key}`,
            }),
          },
        },
      }),
    );
    await step(
      'a DynamoDB lock item blocks plan (-lock-timeout=0s)',
      stackDir,
      ['plan', '-input=false', '-lock-timeout=0s'],
      (result) => lockedOut(result) && result.output.includes(lockId),
    );
    // Not `force-unlock`: with use_lockfile also set it first deletes the S3 lock file, which this lock lacks, and fails.
    await dynamoClient.send(new DeleteItemCommand({ TableName: table, Key: { LockID: { S: `${bucket}/${key}` } } }));
    await step(
      'plan runs again once the item is deleted',
      stackDir,
      ['plan', '-input=false', '-lock-timeout=0s'],
      succeeds,
    );

    checkStarted = process.hrtime.bigint();
    const holder = await holdLock(stackDir, env);
    await step(
      'a running apply (waiting at its prompt) blocks a second plan',
      stackDir,
      ['plan', '-input=false', '-lock-timeout=0s'],
      lockedOut,
    );
    const holderCode = await holder.release();
    check(
      'the first apply, answered "no", exits and releases its lock',
      holderCode !== 0 && holder.output().includes('Apply cancelled'),
      checkStarted,
      holder.output(),
    );
    await step('plan runs again after the release', stackDir, ['plan', '-input=false', '-lock-timeout=0s'], succeeds);

    // 2. S3 native locking alone (use_lockfile), which needs conditional writes (If-None-Match: *).
    const lockfileDir = synthesizeStack(
      { ...config, state: { ...config.state, s3: { ...config.state.s3, dynamodbLocking: false, useLockfile: true } } },
      path.join(workDir, 'lockfile'),
    );
    await step(
      'init with use_lockfile only',
      lockfileDir,
      ['init', '-input=false', `-backend-config=${backendConfig}`],
      succeeds,
    );
    checkStarted = process.hrtime.bigint();
    const lockKey = `${key}.tflock`;
    const lockfileHolder = await holdLock(lockfileDir, env);
    const head = await s3Client.send(new HeadObjectCommand({ Bucket: bucket, Key: lockKey })).then(
      () => true,
      () => false,
    );
    check(`a running apply holds s3://${bucket}/${lockKey}`, head, checkStarted);
    checkStarted = process.hrtime.bigint();
    await lockfileHolder.release();
    const gone = await s3Client.send(new HeadObjectCommand({ Bucket: bucket, Key: lockKey })).then(
      () => false,
      () => true,
    );
    check('the lock file is deleted when the apply ends', gone, checkStarted, lockfileHolder.output());

    const probeKey = 'conditional-write-probe';
    await s3Client.send(new PutObjectCommand({ Bucket: bucket, Key: probeKey, Body: 'first' }));
    const conditional = await s3Client
      .send(new PutObjectCommand({ Bucket: bucket, Key: probeKey, Body: 'second', IfNoneMatch: '*' }))
      .then(
        () => 'accepted',
        (error: { $metadata?: { httpStatusCode?: number } }) => String(error.$metadata?.httpStatusCode ?? error),
      );
    await s3Client.send(new DeleteObjectCommand({ Bucket: bucket, Key: probeKey }));
    if (conditional === '412') {
      await writeLockfile(s3Client, bucket, lockKey);
      await step(
        'an S3 lock file blocks plan (-lock-timeout=0s)',
        lockfileDir,
        ['plan', '-input=false', '-lock-timeout=0s'],
        lockedOut,
      );
    } else {
      console.log(
        `SKIPPED use_lockfile contention: s3rver 3.7.1 ignores If-None-Match on PutObject (an overwrite with If-None-Match: * ` +
          `of an existing key returned ${
            conditional === 'accepted' ? '200' : conditional
          }, not 412), so a second Terraform ` +
          'would overwrite the lock file instead of failing; this needs real S3 or another server with conditional writes',
      );
    }

    console.log(`wall time ${elapsedSeconds(started).toFixed(1)} s`);
    return failed === 0 ? 0 : 1;
  } catch (error) {
    failed++;
    console.error(error);
    return 1;
  } finally {
    s3Client?.destroy();
    dynamoClient?.destroy();
    if (proxy) {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy!.close(() => resolve()));
    }
    if (servers) {
      servers.s3.httpServer?.closeAllConnections();
      await servers.s3.close();
      servers.dynamo.closeAllConnections();
      await new Promise<void>((resolve) => servers!.dynamo.close(() => resolve()));
    }
    if (failed === 0) rmSync(workDir, { recursive: true, force: true });
    else console.log(`work dir kept for inspection: ${workDir}`);
    console.log(summaryLine(passed, failed));
  }
}

/** A lock file as another Terraform would have left it. */
async function writeLockfile(client: S3Client, bucket: string, key: string): Promise<void> {
  const info = {
    ID: 'held-by-state-backend-test',
    Operation: 'OperationTypeApply',
    Who: 'state-backend-test@loopback',
    Version: '1.11.4',
    Created: new Date().toISOString(),
    Path: key,
  };
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(info) }));
}

void main().then((code) => {
  process.exitCode = code;
});
