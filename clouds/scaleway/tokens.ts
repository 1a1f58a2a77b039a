/**
 * The Pulumi type tokens of the Scaleway resources cloudtier creates or reads, by name. Part of the one
 * token registry (`clouds/tokens.ts`): every module that matches a resource by type takes the token from
 * there, and `test/clouds/tokens.test.ts` checks each one against the installed SDK.
 */
export const SCALEWAY_TYPES = {
  scwBlockVolume: "scaleway:block/volume:Volume",
  scwDatabasesDatabase: "scaleway:databases/database:Database",
  scwDatabasesInstance: "scaleway:databases/instance:Instance",
  scwIamApiKey: "scaleway:iam/apiKey:ApiKey",
  scwIamApplication: "scaleway:iam/application:Application",
  scwIamPolicy: "scaleway:iam/policy:Policy",
  scwIndexBlockVolume: "scaleway:index/blockVolume:BlockVolume",
  scwIndexDatabaseInstance: "scaleway:index/databaseInstance:DatabaseInstance",
  scwIndexInstanceVolume: "scaleway:index/instanceVolume:InstanceVolume",
  scwIndexKubernetesCluster: "scaleway:index/kubernetesCluster:KubernetesCluster",
  scwIndexKubernetesNodePool: "scaleway:index/kubernetesNodePool:KubernetesNodePool",
  scwIndexLoadbalancer: "scaleway:index/loadbalancer:Loadbalancer",
  scwIndexRedisCluster: "scaleway:index/redisCluster:RedisCluster",
  scwIndexVpcPublicGateway: "scaleway:index/vpcPublicGateway:VpcPublicGateway",
  scwIndexVpcPublicGatewayIp: "scaleway:index/vpcPublicGatewayIp:VpcPublicGatewayIp",
  scwInstanceVolume: "scaleway:instance/volume:Volume",
  scwKubernetesAcl: "scaleway:kubernetes/acl:Acl",
  scwKubernetesCluster: "scaleway:kubernetes/cluster:Cluster",
  scwKubernetesPool: "scaleway:kubernetes/pool:Pool",
  scwLoadbalancersLoadBalancer: "scaleway:loadbalancers/loadBalancer:LoadBalancer",
  scwNetworkGatewayNetwork: "scaleway:network/gatewayNetwork:GatewayNetwork",
  scwNetworkPrivateNetwork: "scaleway:network/privateNetwork:PrivateNetwork",
  scwNetworkPublicGateway: "scaleway:network/publicGateway:PublicGateway",
  scwNetworkPublicGatewayIp: "scaleway:network/publicGatewayIp:PublicGatewayIp",
  scwNetworkVpc: "scaleway:network/vpc:Vpc",
  scwObjectBucket: "scaleway:object/bucket:Bucket",
  scwObjectBucketServerSideEncryptionConfiguration:
    "scaleway:object/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  scwRedisCluster: "scaleway:redis/cluster:Cluster",
} as const;
