import {
  ADDON_NAMES,
  ADDON_PINS,
  DEFAULT_KUBERNETES_VERSION,
  addonPinsStaleWarning,
  addonVersions,
  calendarStaleWarning,
  versionSupport,
} from '../../src/clusters/config';
import { type Patch, issuesOf, withRegions } from '../helpers/config';

const INVALID: ReadonlyArray<[string, Patch, string]> = [
  [
    'a version past extended support',
    (i) => {
      i.clusters.kubernetesVersion = '1.31';
    },
    'clusters.kubernetesVersion: "1.31" is not a Kubernetes version EKS supports (calendar checked 2026-12-05); allowed: 1.36, 1.35 (standard support), 1.34, 1.33, 1.32 (extended support, supportType EXTENDED)',
  ],
  [
    'a version EKS never offered',
    (i) => {
      i.clusters.kubernetesVersion = '2.0';
    },
    'clusters.kubernetesVersion: "2.0" is not a Kubernetes version EKS supports (calendar checked 2026-12-05); allowed: 1.36, 1.35 (standard support), 1.34, 1.33, 1.32 (extended support, supportType EXTENDED)',
  ],
  [
    'an extended-support version with supportType STANDARD',
    (i) => {
      i.clusters.kubernetesVersion = '1.33';
      i.clusters.addons = { 'kube-proxy': 'v1.33.3-eksbuild.4', coredns: 'v1.12.1-eksbuild.2' };
    },
    'clusters.kubernetesVersion: "1.33" is only in extended support (standard support ended 2026-07-29); set supportType EXTENDED or use 1.36, 1.35',
  ],
  [
    'a version the add-on pins have no row for',
    (i) => {
      i.clusters.kubernetesVersion = '1.36';
    },
    'clusters.kubernetesVersion: "1.36" has no add-on pins: ADDON_PINS (src/clusters/config.ts, checked 2026-11-28) has 1.35; add its row from aws eks describe-addon-versions --kubernetes-version 1.36 --addon-name <name> --query \'addons[0].addonVersions[0].addonVersion\' --output text, or pin vpc-cni, coredns, kube-proxy, eks-pod-identity-agent, amazon-cloudwatch-observability, aws-secrets-store-csi-driver-provider in clusters.addons',
  ],
  [
    'a version without a row, pinned only in part',
    (i) => {
      i.clusters.kubernetesVersion = '1.36';
      i.clusters.addons = { 'kube-proxy': 'v1.36.0-eksbuild.1', coredns: 'v1.13.2-eksbuild.3' };
    },
    'clusters.kubernetesVersion: "1.36" has no add-on pins: ADDON_PINS (src/clusters/config.ts, checked 2026-11-28) has 1.35; add its row from aws eks describe-addon-versions --kubernetes-version 1.36 --addon-name <name> --query \'addons[0].addonVersions[0].addonVersion\' --output text, or pin vpc-cni, eks-pod-identity-agent, amazon-cloudwatch-observability, aws-secrets-store-csi-driver-provider in clusters.addons',
  ],
  [
    '1.34 with standard support, which it left on 2026-12-02',
    (i) => {
      i.clusters.kubernetesVersion = '1.34';
      i.clusters.addons = { 'kube-proxy': 'v1.34.1-eksbuild.2', coredns: 'v1.12.4-eksbuild.1' };
    },
    'clusters.kubernetesVersion: "1.34" is only in extended support (standard support ended 2026-12-02); set supportType EXTENDED or use 1.36, 1.35',
  ],
  [
    'a public endpoint without CIDRs',
    (i) => {
      i.clusters.publicEndpoint = true;
    },
    'clusters.publicAccessCidrs: is empty while publicEndpoint is true: list the CIDRs allowed to reach the API server',
  ],
  [
    'a public endpoint open to the internet',
    (i) => {
      i.clusters.publicEndpoint = true;
      i.clusters.publicAccessCidrs = ['203.0.113.0/24', '0.0.0.0/0'];
    },
    'clusters.publicAccessCidrs[1]: "0.0.0.0/0" opens the API server to the whole internet; list specific CIDRs',
  ],
  [
    'CIDRs on a private endpoint',
    (i) => {
      i.clusters.publicAccessCidrs = ['203.0.113.0/24'];
    },
    'clusters.publicAccessCidrs: is set while publicEndpoint is false: the endpoint is private, set publicEndpoint true or remove the CIDRs',
  ],
  [
    '41 public CIDRs',
    (i) => {
      i.clusters.publicEndpoint = true;
      i.clusters.publicAccessCidrs = Array.from({ length: 41 }, (_, n) => `203.0.${n}.0/24`);
    },
    'clusters.publicAccessCidrs: has 41 CIDRs; EKS allows at most 40',
  ],
  [
    'log types without audit',
    (i) => {
      i.clusters.logTypes = ['api', 'authenticator', 'scheduler'];
    },
    'clusters.logTypes: must include api, audit, authenticator; missing: audit',
  ],
  [
    'desired below min',
    (i) => {
      i.clusters.nodeGroup = { minSize: 3, desiredSize: 2, maxSize: 6 };
    },
    'clusters.nodeGroup.desiredSize: 2 is outside minSize 3 to maxSize 6',
  ],
  [
    'min above max',
    (i) => {
      i.clusters.nodeGroup = { minSize: 7, desiredSize: 7, maxSize: 6 };
    },
    'clusters.nodeGroup.minSize: 7 is larger than maxSize 6',
  ],
  [
    'more nodes than a managed node group holds',
    (i) => {
      i.clusters.nodeGroup = { maxSize: 451 };
    },
    'clusters.nodeGroup.maxSize: 451 is more nodes than EKS allows in a managed node group: at most 450',
  ],
  [
    'arm64 and x86_64 instance types together',
    (i) => {
      i.clusters.nodeGroup = { instanceTypes: ['m7g.large', 'm7i.large'] };
    },
    'clusters.nodeGroup.instanceTypes: mixes arm64 (m7g.large) and x86_64 instance types; a node group runs one AMI type',
  ],
  [
    'a secret that is not declared',
    (i) => {
      i.clusters.namespaces.shop.serviceAccounts.api.secrets = ['payments_api_key', 'stripe_key'];
    },
    'clusters.namespaces.shop.serviceAccounts.api.secrets[1]: "stripe_key" is not declared in secrets.items; declared: payments_api_key, session_signing_key',
  ],
  [
    'a parameter that is not declared',
    (i) => {
      i.clusters.namespaces.shop.serviceAccounts.api.parameters = ['/shop/prod/app/missing'];
    },
    'clusters.namespaces.shop.serviceAccounts.api.parameters[0]: "/shop/prod/app/missing" is not declared in parameters.items; declared: /shop/prod/feature/checkout-v2, /shop/prod/app/log-level, /shop/prod/app/allowed-origins, /shop/prod/app/region-label, /shop/prod/integrations/webhook-token',
  ],
  [
    'a service account whose role name is too long',
    (i) => {
      i.clusters.namespaces.shop.serviceAccounts['payment-reconciliation-worker-europe'] = {};
    },
    'clusters.namespaces.shop.serviceAccounts.payment-reconciliation-worker-europe: gives the IAM role name "shop-prod-us-east-1-eks-shop-payment-reconciliation-worker-europe" (65 characters); IAM allows at most 64: shorten the namespace or service account name',
  ],
  [
    'an admin that is not a role ARN',
    (i) => {
      i.clusters.admins = ['arn:aws:iam::123456789012:user/alice'];
    },
    'clusters.admins[0]: "arn:aws:iam::123456789012:user/alice" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
  ],
  [
    'a principal both admin and viewer',
    (i) => {
      i.clusters.viewers = ['arn:aws:iam::123456789012:role/shop-prod-platform-admin'];
    },
    'clusters.viewers[0]: "arn:aws:iam::123456789012:role/shop-prod-platform-admin" is also in admins; a principal has one access entry, keep it in one list',
  ],
  [
    'an add-on this tier does not install',
    (i) => {
      i.clusters.addons = { 'aws-ebs-csi-driver': 'v1.54.0-eksbuild.1' };
    },
    `clusters.addons.aws-ebs-csi-driver: "aws-ebs-csi-driver" is not an add-on this tier installs; allowed: ${ADDON_NAMES.join(
      ', ',
    )}`,
  ],
  [
    'an add-on version that is not an EKS build',
    (i) => {
      i.clusters.addons = { coredns: '1.13.2' };
    },
    'clusters.addons.coredns: "1.13.2" is not an EKS add-on version (v<major>.<minor>.<patch>-eksbuild.<n>)',
  ],
  [
    'a namespace name Kubernetes rejects',
    (i) => {
      i.clusters.namespaces.Shop_Prod = {};
    },
    'clusters.namespaces.Shop_Prod: "Shop_Prod" is not a Kubernetes namespace name; allowed: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit',
  ],
  [
    'a ConfigMap name Kubernetes rejects',
    (i) => {
      i.clusters.namespaces.shop.configMaps['app settings'] = {};
    },
    'clusters.namespaces.shop.configMaps.app settings: "app settings" is not a Kubernetes object name; allowed: at most 253 lowercase letters, digits, "-" and ".", each "."-separated part starting and ending with a letter or digit',
  ],
];

describe('clusters config', () => {
  it('accepts the default config', () => {
    expect(issuesOf(() => undefined)).toEqual([]);
  });

  it.each(INVALID)(
    'rejects %s with a message naming the field, the value and what is allowed',
    (_name, patch, expected) => {
      expect(issuesOf(patch)).toEqual([expected]);
    },
  );

  it('accepts an extended-support version with supportType EXTENDED and its add-ons pinned', () => {
    expect(
      issuesOf((i) => {
        i.clusters.kubernetesVersion = '1.33';
        i.clusters.supportType = 'EXTENDED';
        i.clusters.addons = {
          ...ADDON_PINS['1.35'],
          'kube-proxy': 'v1.33.3-eksbuild.4',
          coredns: 'v1.12.1-eksbuild.2',
        };
      }),
    ).toEqual([]);
  });

  it("installs the pins of the cluster's Kubernetes version, each overridable", () => {
    expect(addonVersions({ kubernetesVersion: '1.35', addons: {} })).toEqual(ADDON_PINS['1.35']);
    expect(addonVersions({ kubernetesVersion: '1.35', addons: { coredns: 'v1.13.3-eksbuild.1' } }).coredns).toBe(
      'v1.13.3-eksbuild.1',
    );
    // A version without a row installs nothing unpinned (validation refuses it before any synth).
    expect(addonVersions({ kubernetesVersion: '1.36', addons: { coredns: 'v1.13.2-eksbuild.3' } })).toEqual({
      coredns: 'v1.13.2-eksbuild.3',
    });
  });

  it('keeps a full row per pinned Kubernetes version, every pin an EKS add-on build', () => {
    for (const [version, pins] of Object.entries(ADDON_PINS)) {
      expect([version, Object.keys(pins)]).toEqual([version, ADDON_NAMES]);
      for (const pin of Object.values(pins)) expect(pin).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
    }
    expect(ADDON_PINS[DEFAULT_KUBERNETES_VERSION]).toBeDefined();
  });

  it('warns on every synth once the add-on pins are more than 30 days old, and not before', () => {
    expect(addonPinsStaleWarning('2026-12-28', '2026-11-28')).toBeUndefined();
    expect(addonPinsStaleWarning('2026-12-29', '2026-11-28')).toBe(
      "clusters: the add-on pins (ADDON_PINS in src/clusters/config.ts) was checked 2026-11-28, 31 days ago; newer builds may carry fixes: refresh each Kubernetes version's row with aws eks describe-addon-versions --kubernetes-version <version> --addon-name <name> --query 'addons[0].addonVersions[0].addonVersion' --output text and update ADDON_PINS_CHECKED",
    );
  });

  it('rejects a name and environment that make a cluster role name longer than IAM allows', () => {
    const issues = issuesOf((i) => {
      withRegions(i as never, 'ap-southeast-1', ['ap-southeast-2']);
      i.name = 'northwind-commerce';
      i.environment = 'production';
      i.cache = { mode: 'none' };
    });
    expect(issues).toContain(
      'clusters: gives the IAM role name "northwind-commerce-production-ap-southeast-1-eks-cloudwatch-agent" (65 characters); IAM allows at most 64: shorten name or environment',
    );
  });

  it('reads the calendar for the day it was checked, so a synth gives the same answer every day', () => {
    expect(['1.36', '1.35', '1.34', '1.33', '1.32', '1.31'].map((v) => versionSupport(v))).toEqual([
      'standard',
      'standard',
      'extended',
      'extended',
      'extended',
      'unsupported',
    ]);
    expect(versionSupport('1.34', '2026-12-02')).toBe('extended');
  });

  it('warns on every synth once the calendar is more than 30 days old, and not before', () => {
    expect(calendarStaleWarning('2027-01-04', '2026-12-05')).toBeUndefined();
    expect(calendarStaleWarning('2027-01-05', '2026-12-05')).toBe(
      'clusters: the EKS version calendar (EKS_VERSIONS in src/clusters/config.ts) was checked 2026-12-05, 31 days ago; versions may have left standard or extended support since: check https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html, update the table and CALENDAR_CHECKED, and refresh the add-on pins (ADDON_PINS)',
    );
  });
});
