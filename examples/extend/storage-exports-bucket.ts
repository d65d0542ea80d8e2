/**
 * Your own constructs next to the storage tier, through the `extend` hook of `synthesize()`: an exports bucket in
 * every region, encrypted with the region's copy of the multi-region key. `SecureBucket` gives it the baseline every
 * bucket is held to (versioning, SSE-KMS, public access blocked, TLS-only policy); a bucket without it fails synthesis.
 *
 *   synthesize(loadConfig(), 'cdktf.out', addExportsBuckets);
 */
import type { Deployment } from '../../src/stacks/deployment';
import { SecureBucket } from '../../src/s3/secure-bucket';

export function addExportsBuckets(deployment: Deployment): void {
  for (const stack of deployment.regions.values()) {
    new SecureBucket(stack, 'exports', {
      bucketName: stack.names.resource('exports', stack.region),
      kmsKeyArn: stack.kmsKeyArn,
      noncurrentVersionExpirationDays: 30,
    });
  }
}
