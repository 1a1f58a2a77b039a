/**
 * The Pulumi type tokens of the DigitalOcean resources cloudtier creates or reads, by name. Part of the one
 * token registry (`clouds/tokens.ts`): every module that matches a resource by type takes the token from
 * there, and `test/clouds/tokens.test.ts` checks each one against the installed SDK.
 */
export const DIGITALOCEAN_TYPES = {
  doVpc: "digitalocean:index/vpc:Vpc",
  doKubernetesCluster: "digitalocean:index/kubernetesCluster:KubernetesCluster",
  doKubernetesNodePool: "digitalocean:index/kubernetesNodePool:KubernetesNodePool",
  doDatabaseCluster: "digitalocean:index/databaseCluster:DatabaseCluster",
  doDatabaseDb: "digitalocean:index/databaseDb:DatabaseDb",
  doDatabaseUser: "digitalocean:index/databaseUser:DatabaseUser",
  doDatabaseFirewall: "digitalocean:index/databaseFirewall:DatabaseFirewall",
  doLoadBalancer: "digitalocean:index/loadBalancer:LoadBalancer",
  doVolume: "digitalocean:index/volume:Volume",
  doSpacesBucket: "digitalocean:index/spacesBucket:SpacesBucket",
  doSpacesKey: "digitalocean:index/spacesKey:SpacesKey",
} as const;
