/**
 * Pulumi type tokens of the resources the policy pack and the cost estimate look at. They are matched as
 * strings, never through the SDK classes: `validateResourceOfType(aws.eks.Cluster, ...)` would load
 * `@pulumi/aws` into every process that imports the rules, and the planner must not load the SDK of a
 * cloud a stack does not use. Where a provider kept an older token as an alias (Scaleway's `index/...`
 * resources), both are listed. `test/policy/tokens.test.ts` checks each one against the SDK class.
 */

export const TOKENS = {
  // AWS
  eksCluster: ["aws:eks/cluster:Cluster"],
  eksNodeGroup: ["aws:eks/nodeGroup:NodeGroup"],
  eksAddon: ["aws:eks/addon:Addon"],
  awsLaunchTemplate: ["aws:ec2/launchTemplate:LaunchTemplate"],
  awsOidcProvider: ["aws:iam/openIdConnectProvider:OpenIdConnectProvider"],
  awsNatGateway: ["aws:ec2/natGateway:NatGateway"],
  awsEip: ["aws:ec2/eip:Eip"],
  awsLoadBalancer: [
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:alb/loadBalancer:LoadBalancer",
    "aws:elb/loadBalancer:LoadBalancer",
  ],
  awsVolume: ["aws:ebs/volume:Volume"],
  rdsInstance: ["aws:rds/instance:Instance"],
  rdsParameterGroup: ["aws:rds/parameterGroup:ParameterGroup"],
  elasticacheReplicationGroup: ["aws:elasticache/replicationGroup:ReplicationGroup"],
  // GCP
  gkeCluster: ["gcp:container/cluster:Cluster"],
  gkeNodePool: ["gcp:container/nodePool:NodePool"],
  gcpNetwork: ["gcp:compute/network:Network"],
  gcpRouterNat: ["gcp:compute/routerNat:RouterNat"],
  gcpForwardingRule: ["gcp:compute/forwardingRule:ForwardingRule"],
  gcpDisk: ["gcp:compute/disk:Disk"],
  cloudSqlInstance: ["gcp:sql/databaseInstance:DatabaseInstance"],
  memorystoreInstance: ["gcp:redis/instance:Instance"],
  // Azure
  aksCluster: ["azure-native:containerservice:ManagedCluster"],
  aksAgentPool: ["azure-native:containerservice:AgentPool"],
  azureDiagnosticSetting: ["azure-native:monitor:DiagnosticSetting"],
  azureResourceGroup: ["azure-native:resources:ResourceGroup"],
  azureNatGateway: ["azure-native:network:NatGateway"],
  azureLoadBalancer: ["azure-native:network:LoadBalancer"],
  azureDisk: ["azure-native:compute:Disk"],
  azurePostgresServer: ["azure-native:dbforpostgresql:Server"],
  azurePostgresConfiguration: ["azure-native:dbforpostgresql:Configuration"],
  azureRedis: ["azure-native:redis:Redis"],
  // Scaleway
  kapsuleCluster: [
    "scaleway:kubernetes/cluster:Cluster",
    "scaleway:index/kubernetesCluster:KubernetesCluster",
  ],
  kapsulePool: ["scaleway:kubernetes/pool:Pool", "scaleway:index/kubernetesNodePool:KubernetesNodePool"],
  kapsuleAcl: ["scaleway:kubernetes/acl:Acl"],
  scalewayPublicGateway: [
    "scaleway:network/publicGateway:PublicGateway",
    "scaleway:index/vpcPublicGateway:VpcPublicGateway",
  ],
  scalewayPublicGatewayIp: [
    "scaleway:network/publicGatewayIp:PublicGatewayIp",
    "scaleway:index/vpcPublicGatewayIp:VpcPublicGatewayIp",
  ],
  scalewayLoadBalancer: [
    "scaleway:loadbalancers/loadBalancer:LoadBalancer",
    "scaleway:index/loadbalancer:Loadbalancer",
  ],
  scalewayVolume: [
    "scaleway:block/volume:Volume",
    "scaleway:index/blockVolume:BlockVolume",
    "scaleway:instance/volume:Volume",
    "scaleway:index/instanceVolume:InstanceVolume",
  ],
  scalewayDatabase: [
    "scaleway:databases/instance:Instance",
    "scaleway:index/databaseInstance:DatabaseInstance",
  ],
  scalewayRedis: ["scaleway:redis/cluster:Cluster", "scaleway:index/redisCluster:RedisCluster"],
  // Kubernetes
  namespace: ["kubernetes:core/v1:Namespace"],
  resourceQuota: ["kubernetes:core/v1:ResourceQuota"],
  limitRange: ["kubernetes:core/v1:LimitRange"],
  service: ["kubernetes:core/v1:Service", "kubernetes:core/v1:ServicePatch"],
  serviceAccount: ["kubernetes:core/v1:ServiceAccount", "kubernetes:core/v1:ServiceAccountPatch"],
  persistentVolumeClaim: ["kubernetes:core/v1:PersistentVolumeClaim"],
  networkPolicy: ["kubernetes:networking.k8s.io/v1:NetworkPolicy"],
  role: ["kubernetes:rbac.authorization.k8s.io/v1:Role", "kubernetes:rbac.authorization.k8s.io/v1:RolePatch"],
  roleBinding: [
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBindingPatch",
  ],
  clusterRoleBinding: [
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBindingPatch",
  ],
  pod: ["kubernetes:core/v1:Pod"],
  podTemplateOwners: [
    "kubernetes:apps/v1:Deployment",
    "kubernetes:apps/v1:StatefulSet",
    "kubernetes:apps/v1:DaemonSet",
    "kubernetes:apps/v1:ReplicaSet",
    "kubernetes:batch/v1:Job",
    "kubernetes:batch/v1:CronJob",
  ],
  helmRelease: [
    "kubernetes:helm.sh/v3:Release",
    "kubernetes:helm.sh/v4:Chart",
    "kubernetes:helm.sh/v3:Chart",
  ],
} as const satisfies Record<string, readonly string[]>;

export type TokenGroup = keyof typeof TOKENS;

/** Whether a resource type belongs to a token group. */
export function isType(type: string, group: TokenGroup): boolean {
  return (TOKENS[group] as readonly string[]).includes(type);
}
