import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';

// The floor: the smallest CDKTF app with the same runner and provider package, one resource.
const app = new App();
const stack = new TerraformStack(app, 'floor');
new AwsProvider(stack, 'aws', { region: 'us-east-1' });
new S3Bucket(stack, 'bucket', { bucket: 'floor-bucket' });
app.synth();
