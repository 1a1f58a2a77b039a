/**
 * The one registry of Pulumi type tokens. Every module that recognises a resource by its type (the policy
 * rules, the cost estimate, plan analysis, the offline planner's mocks, offboarding's state edits) takes
 * the token from here: `TYPE` names each token once (each cloud's own in `clouds/<cloud>/tokens.ts`,
 * Kubernetes' and the random provider's below), and `TOKENS` groups them for the rules and the estimate.
 *
 * Tokens are matched as strings, never through the SDK classes: `validateResourceOfType(aws.eks.Cluster,
 * ...)` would load `@pulumi/aws` into every process that imports the rules, and the planner must not load
 * the SDK of a cloud a stack does not use. Where a provider kept an older token as an alias (Scaleway's
 * `index/...` resources), both are listed. `test/clouds/tokens.test.ts` checks every token against the
 * installed SDKs, and that no other module spells one out.
 */
import { AWS_TYPES } from "./aws/tokens.js";
import { AZURE_TYPES } from "./azure/tokens.js";
import { DIGITALOCEAN_TYPES } from "./digitalocean/tokens.js";
import { GCP_TYPES } from "./gcp/tokens.js";
import { SCALEWAY_TYPES } from "./scaleway/tokens.js";

/** Kubernetes objects (core types and the custom resources of the operators the platform installs). */
export const KUBERNETES_TYPES = {
  k8sAdmissionValidatingAdmissionPolicy:
    "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy",
  k8sAdmissionValidatingAdmissionPolicyBinding:
    "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding",
  k8sCertManagerCertificate: "kubernetes:cert-manager.io/v1:Certificate",
  k8sCertManagerClusterIssuer: "kubernetes:cert-manager.io/v1:ClusterIssuer",
  k8sCiliumNetworkPolicy: "kubernetes:cilium.io/v2:CiliumNetworkPolicy",
  k8sAppsDaemonSet: "kubernetes:apps/v1:DaemonSet",
  k8sAppsDeployment: "kubernetes:apps/v1:Deployment",
  k8sAppsReplicaSet: "kubernetes:apps/v1:ReplicaSet",
  k8sAppsStatefulSet: "kubernetes:apps/v1:StatefulSet",
  k8sBatchCronJob: "kubernetes:batch/v1:CronJob",
  k8sBatchJob: "kubernetes:batch/v1:Job",
  k8sCoreLimitRange: "kubernetes:core/v1:LimitRange",
  k8sCoreNamespace: "kubernetes:core/v1:Namespace",
  k8sCorePersistentVolume: "kubernetes:core/v1:PersistentVolume",
  k8sCorePersistentVolumeClaim: "kubernetes:core/v1:PersistentVolumeClaim",
  k8sCorePod: "kubernetes:core/v1:Pod",
  k8sCoreResourceQuota: "kubernetes:core/v1:ResourceQuota",
  k8sCoreService: "kubernetes:core/v1:Service",
  k8sCoreServiceAccount: "kubernetes:core/v1:ServiceAccount",
  k8sCoreServiceAccountPatch: "kubernetes:core/v1:ServiceAccountPatch",
  k8sCoreServicePatch: "kubernetes:core/v1:ServicePatch",
  k8sHelmChartV3: "kubernetes:helm.sh/v3:Chart",
  k8sHelmReleaseV3: "kubernetes:helm.sh/v3:Release",
  k8sHelmChartV4: "kubernetes:helm.sh/v4:Chart",
  k8sMonitoringPrometheusRule: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
  k8sNetworkingNetworkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
  k8sPostgresqlCluster: "kubernetes:postgresql.cnpg.io/v1:Cluster",
  k8sPostgresqlScheduledBackup: "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup",
  k8sRbacClusterRoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
  k8sRbacClusterRoleBindingPatch: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBindingPatch",
  k8sRbacRole: "kubernetes:rbac.authorization.k8s.io/v1:Role",
  k8sRbacRoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
  k8sRbacRoleBindingPatch: "kubernetes:rbac.authorization.k8s.io/v1:RoleBindingPatch",
  k8sRbacRolePatch: "kubernetes:rbac.authorization.k8s.io/v1:RolePatch",
  k8sRedis: "kubernetes:redis.redis.opstreelabs.in/v1beta2:Redis",
  k8sRedisRedisReplication: "kubernetes:redis.redis.opstreelabs.in/v1beta2:RedisReplication",
} as const;

/** The random provider, which generates the data stores' passwords. */
export const RANDOM_TYPES = {
  randomRandomPassword: "random:index/randomPassword:RandomPassword",
} as const;

/** Every type token cloudtier matches, by name. */
export const TYPE = {
  ...AWS_TYPES,
  ...GCP_TYPES,
  ...AZURE_TYPES,
  ...SCALEWAY_TYPES,
  ...DIGITALOCEAN_TYPES,
  ...KUBERNETES_TYPES,
  ...RANDOM_TYPES,
} as const;
export type TypeName = keyof typeof TYPE;
export type TypeToken = (typeof TYPE)[TypeName];

/** Groups of tokens the policy rules and the cost estimate match on (aliases of one resource together). */
export const TOKENS = {
  // AWS
  eksCluster: [TYPE.awsEksCluster],
  eksNodeGroup: [TYPE.awsEksNodeGroup],
  eksAddon: [TYPE.awsEksAddon],
  awsLaunchTemplate: [TYPE.awsEc2LaunchTemplate],
  awsOidcProvider: [TYPE.awsIamOpenIdConnectProvider],
  awsNatGateway: [TYPE.awsEc2NatGateway],
  awsEip: [TYPE.awsEc2Eip],
  awsLoadBalancer: [TYPE.awsLbLoadBalancer, TYPE.awsAlbLoadBalancer, TYPE.awsElbLoadBalancer],
  awsVolume: [TYPE.awsEbsVolume],
  rdsInstance: [TYPE.awsRdsInstance],
  rdsParameterGroup: [TYPE.awsRdsParameterGroup],
  elasticacheReplicationGroup: [TYPE.awsElasticacheReplicationGroup],
  s3Bucket: [TYPE.awsS3Bucket],
  s3PublicAccessBlock: [TYPE.awsS3BucketPublicAccessBlock],
  s3Encryption: [TYPE.awsS3BucketServerSideEncryptionConfiguration],
  s3Lifecycle: [TYPE.awsS3BucketLifecycleConfiguration],
  s3BucketPolicy: [TYPE.awsS3BucketPolicy],
  // GCP
  gkeCluster: [TYPE.gcpContainerCluster],
  gkeNodePool: [TYPE.gcpContainerNodePool],
  gcpNetwork: [TYPE.gcpComputeNetwork],
  gcpRouterNat: [TYPE.gcpComputeRouterNat],
  gcpForwardingRule: [TYPE.gcpComputeForwardingRule],
  gcpDisk: [TYPE.gcpComputeDisk],
  cloudSqlInstance: [TYPE.gcpSqlDatabaseInstance],
  memorystoreInstance: [TYPE.gcpRedisInstance],
  gcsBucket: [TYPE.gcpStorageBucket],
  // Azure
  aksCluster: [TYPE.azureContainerserviceManagedCluster],
  aksAgentPool: [TYPE.azureContainerserviceAgentPool],
  azureDiagnosticSetting: [TYPE.azureMonitorDiagnosticSetting],
  azureResourceGroup: [TYPE.azureResourcesResourceGroup],
  azureNatGateway: [TYPE.azureNetworkNatGateway],
  azureLoadBalancer: [TYPE.azureNetworkLoadBalancer],
  azureDisk: [TYPE.azureComputeDisk],
  azurePostgresServer: [TYPE.azureDbforpostgresqlServer],
  azurePostgresConfiguration: [TYPE.azureDbforpostgresqlConfiguration],
  azureRedis: [TYPE.azureRedis],
  azureStorageAccount: [TYPE.azureStorageStorageAccount],
  azureStorageLifecycle: [TYPE.azureStorageManagementPolicy],
  // Scaleway
  kapsuleCluster: [TYPE.scwKubernetesCluster, TYPE.scwIndexKubernetesCluster],
  kapsulePool: [TYPE.scwKubernetesPool, TYPE.scwIndexKubernetesNodePool],
  kapsuleAcl: [TYPE.scwKubernetesAcl],
  scalewayPublicGateway: [TYPE.scwNetworkPublicGateway, TYPE.scwIndexVpcPublicGateway],
  scalewayPublicGatewayIp: [TYPE.scwNetworkPublicGatewayIp, TYPE.scwIndexVpcPublicGatewayIp],
  scalewayLoadBalancer: [TYPE.scwLoadbalancersLoadBalancer, TYPE.scwIndexLoadbalancer],
  scalewayVolume: [
    TYPE.scwBlockVolume,
    TYPE.scwIndexBlockVolume,
    TYPE.scwInstanceVolume,
    TYPE.scwIndexInstanceVolume,
  ],
  scalewayDatabase: [TYPE.scwDatabasesInstance, TYPE.scwIndexDatabaseInstance],
  scalewayRedis: [TYPE.scwRedisCluster, TYPE.scwIndexRedisCluster],
  scalewayBucket: [TYPE.scwObjectBucket],
  scalewayBucketEncryption: [TYPE.scwObjectBucketServerSideEncryptionConfiguration],
  // DigitalOcean
  doksCluster: [TYPE.doKubernetesCluster],
  doksNodePool: [TYPE.doKubernetesNodePool],
  doVpc: [TYPE.doVpc],
  doDatabaseCluster: [TYPE.doDatabaseCluster],
  doDatabaseFirewall: [TYPE.doDatabaseFirewall],
  doLoadBalancer: [TYPE.doLoadBalancer],
  doVolume: [TYPE.doVolume],
  spacesBucket: [TYPE.doSpacesBucket],
  // Kubernetes
  namespace: [TYPE.k8sCoreNamespace],
  resourceQuota: [TYPE.k8sCoreResourceQuota],
  limitRange: [TYPE.k8sCoreLimitRange],
  service: [TYPE.k8sCoreService, TYPE.k8sCoreServicePatch],
  serviceAccount: [TYPE.k8sCoreServiceAccount, TYPE.k8sCoreServiceAccountPatch],
  persistentVolumeClaim: [TYPE.k8sCorePersistentVolumeClaim],
  networkPolicy: [TYPE.k8sNetworkingNetworkPolicy],
  role: [TYPE.k8sRbacRole, TYPE.k8sRbacRolePatch],
  roleBinding: [TYPE.k8sRbacRoleBinding, TYPE.k8sRbacRoleBindingPatch],
  clusterRoleBinding: [TYPE.k8sRbacClusterRoleBinding, TYPE.k8sRbacClusterRoleBindingPatch],
  pod: [TYPE.k8sCorePod],
  podTemplateOwners: [
    TYPE.k8sAppsDeployment,
    TYPE.k8sAppsStatefulSet,
    TYPE.k8sAppsDaemonSet,
    TYPE.k8sAppsReplicaSet,
    TYPE.k8sBatchJob,
    TYPE.k8sBatchCronJob,
  ],
  helmRelease: [TYPE.k8sHelmReleaseV3, TYPE.k8sHelmChartV4, TYPE.k8sHelmChartV3],
  admissionPolicy: [TYPE.k8sAdmissionValidatingAdmissionPolicy],
  admissionPolicyBinding: [TYPE.k8sAdmissionValidatingAdmissionPolicyBinding],
  cnpgCluster: [TYPE.k8sPostgresqlCluster],
  cnpgScheduledBackup: [TYPE.k8sPostgresqlScheduledBackup],
  inClusterRedis: [TYPE.k8sRedis, TYPE.k8sRedisRedisReplication],
  ciliumNetworkPolicy: [TYPE.k8sCiliumNetworkPolicy],
} as const satisfies Record<string, readonly string[]>;

export type TokenGroup = keyof typeof TOKENS;

/** Whether a resource type belongs to a token group. */
export function isType(type: string, group: TokenGroup): boolean {
  return (TOKENS[group] as readonly string[]).includes(type);
}
