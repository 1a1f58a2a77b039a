/**
 * The Pulumi type tokens of the Google Cloud resources cloudtier creates or reads, by name. Part of the one
 * token registry (`clouds/tokens.ts`): every module that matches a resource by type takes the token from
 * there, and `test/clouds/tokens.test.ts` checks each one against the installed SDK.
 */
export const GCP_TYPES = {
  gcpComputeDisk: "gcp:compute/disk:Disk",
  gcpComputeForwardingRule: "gcp:compute/forwardingRule:ForwardingRule",
  gcpComputeGlobalAddress: "gcp:compute/globalAddress:GlobalAddress",
  gcpComputeNetwork: "gcp:compute/network:Network",
  gcpComputeRouter: "gcp:compute/router:Router",
  gcpComputeRouterNat: "gcp:compute/routerNat:RouterNat",
  gcpComputeSubnetwork: "gcp:compute/subnetwork:Subnetwork",
  gcpContainerCluster: "gcp:container/cluster:Cluster",
  gcpContainerNodePool: "gcp:container/nodePool:NodePool",
  gcpDnsDnsManagedZoneIamMember: "gcp:dns/dnsManagedZoneIamMember:DnsManagedZoneIamMember",
  gcpKmsCryptoKey: "gcp:kms/cryptoKey:CryptoKey",
  gcpKmsCryptoKeyIAMMember: "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember",
  gcpKmsKeyRing: "gcp:kms/keyRing:KeyRing",
  gcpMemorystoreInstance: "gcp:memorystore/instance:Instance",
  gcpProjectsIAMMember: "gcp:projects/iAMMember:IAMMember",
  gcpRedisInstance: "gcp:redis/instance:Instance",
  gcpServiceaccountAccount: "gcp:serviceaccount/account:Account",
  gcpServicenetworkingConnection: "gcp:servicenetworking/connection:Connection",
  gcpSqlDatabase: "gcp:sql/database:Database",
  gcpSqlDatabaseInstance: "gcp:sql/databaseInstance:DatabaseInstance",
  gcpSqlUser: "gcp:sql/user:User",
  gcpStorageBucket: "gcp:storage/bucket:Bucket",
  gcpStorageBucketIAMMember: "gcp:storage/bucketIAMMember:BucketIAMMember",
} as const;
