/**
 * Schemas of the operators' custom resources that cloudtier creates, for the offline planner's validation
 * (the role `kubernetes-models` plays for built-in kinds and `@kubernetes-models/prometheus-operator` for
 * PrometheusRule). Transcribed from the CRDs of CloudNativePG 1.27 (postgresql.cnpg.io/v1 Cluster,
 * ScheduledBackup), redis-operator 0.22 (redis.redis.opstreelabs.in/v1beta2 Redis, RedisReplication),
 * cert-manager 1.21 (cert-manager.io/v1 ClusterIssuer, Certificate) and Cilium 1.18 (cilium.io/v2
 * CiliumNetworkPolicy), limited to the fields cloudtier sets: objects are strict, so a misspelt or
 * unsupported field fails the plan.
 */
import { z } from "zod";

/** A Kubernetes resource quantity (`500m`, `1Gi`, `2`). */
const quantity = z
  .string()
  .regex(/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i?|[munkMGTPE])?$/, "a quantity");
const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
  .max(63);
const labels = z.record(z.string(), z.string());
/** Both CRDs take the core ResourceRequirements: a map of resource names to quantities. */
const resourceList = z
  .object({ cpu: quantity, memory: quantity, "ephemeral-storage": quantity.optional() })
  .strict();
const resources = z.object({ requests: resourceList.optional(), limits: resourceList.optional() }).strict();
const metadata = z
  .object({ name: dnsLabel, namespace: dnsLabel, labels: labels.optional(), annotations: labels.optional() })
  .strict();
/** Cluster-scoped objects: no namespace. */
const clusterMetadata = z
  .object({ name: dnsLabel, labels: labels.optional(), annotations: labels.optional() })
  .strict();
const secretKeyRef = z.object({ name: dnsLabel, key: z.string().min(1) }).strict();
const compression = z.enum(["gzip", "bzip2", "snappy", "lz4", "xz", "zstd"]);
/** CloudNativePG's `barmanObjectStore` (in-tree Barman Cloud), the fields cloudtier sets. */
const barmanObjectStore = z
  .object({
    destinationPath: z.string().regex(/^(s3|gs):\/\/|^https:\/\//, "an s3://, gs:// or https:// URL"),
    endpointURL: z.url().optional(),
    serverName: z.string().min(1).optional(),
    s3Credentials: z
      .union([
        z.object({ inheritFromIAMRole: z.literal(true) }).strict(),
        z.object({ accessKeyId: secretKeyRef, secretAccessKey: secretKeyRef }).strict(),
      ])
      .optional(),
    googleCredentials: z
      .object({ gkeEnvironment: z.literal(true) })
      .strict()
      .optional(),
    azureCredentials: z
      .object({ inheritFromAzureAD: z.literal(true) })
      .strict()
      .optional(),
    wal: z
      .object({ compression: compression.optional(), maxParallel: z.number().int().min(1).optional() })
      .strict()
      .optional(),
    data: z.object({ compression: compression.optional() }).strict().optional(),
  })
  .strict();

const cnpgCluster = z
  .object({
    apiVersion: z.literal("postgresql.cnpg.io/v1"),
    kind: z.literal("Cluster"),
    metadata,
    spec: z
      .object({
        instances: z.number().int().min(1),
        imageName: z.string().min(1).optional(),
        enableSuperuserAccess: z.boolean().optional(),
        bootstrap: z
          .object({
            initdb: z
              .object({
                database: z.string().min(1),
                owner: z.string().min(1),
                secret: z.object({ name: dnsLabel }).strict().optional(),
              })
              .strict()
              .optional(),
            recovery: z
              .object({
                source: z.string().min(1),
                recoveryTarget: z
                  .object({ targetTime: z.string().min(1) })
                  .strict()
                  .optional(),
              })
              .strict()
              .optional(),
          })
          .strict()
          .refine((b) => (b.initdb === undefined) !== (b.recovery === undefined), {
            message: "exactly one of initdb and recovery",
          })
          .optional(),
        externalClusters: z
          .array(z.object({ name: z.string().min(1), barmanObjectStore }).strict())
          .optional(),
        backup: z
          .object({
            barmanObjectStore,
            retentionPolicy: z.string().regex(/^[1-9][0-9]*[dwm]$/, "e.g. 30d, 4w or 6m"),
          })
          .strict()
          .optional(),
        serviceAccountTemplate: z
          .object({
            metadata: z.object({ annotations: labels.optional(), labels: labels.optional() }).strict(),
          })
          .strict()
          .optional(),
        storage: z.object({ size: quantity, storageClass: z.string().optional() }).strict(),
        resources: resources.optional(),
        inheritedMetadata: z
          .object({ labels: labels.optional(), annotations: labels.optional() })
          .strict()
          .optional(),
        affinity: z
          .object({
            enablePodAntiAffinity: z.boolean().optional(),
            topologyKey: z.string().optional(),
            podAntiAffinityType: z.enum(["preferred", "required"]).optional(),
          })
          .strict()
          .optional(),
        postgresql: z
          .object({ pg_hba: z.array(z.string()).optional(), parameters: labels.optional() })
          .strict()
          .optional(),
        managed: z
          .object({
            services: z
              .object({ disabledDefaultServices: z.array(z.enum(["ro", "r"])).optional() })
              .strict()
              .optional(),
          })
          .strict()
          .optional(),
        primaryUpdateStrategy: z.enum(["unsupervised", "supervised"]).optional(),
      })
      .strict(),
  })
  .strict();

const redisSpec = {
  kubernetesConfig: z
    .object({
      image: z.string().min(1),
      imagePullPolicy: z.enum(["Always", "IfNotPresent", "Never"]).optional(),
      resources: resources.optional(),
      redisSecret: z
        .object({ name: dnsLabel, key: z.string().min(1) })
        .strict()
        .optional(),
    })
    .strict(),
  storage: z
    .object({
      volumeClaimTemplate: z
        .object({
          metadata: z.object({ labels: labels.optional() }).strict().optional(),
          spec: z
            .object({
              accessModes: z.array(
                z.enum(["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]),
              ),
              resources: z.object({ requests: z.object({ storage: quantity }).strict() }).strict(),
              storageClassName: z.string().optional(),
            })
            .strict(),
        })
        .strict(),
    })
    .strict()
    .optional(),
  redisConfig: z.object({ additionalRedisConfig: dnsLabel }).strict().optional(),
  podSecurityContext: z
    .object({
      runAsNonRoot: z.boolean().optional(),
      runAsUser: z.number().int().optional(),
      runAsGroup: z.number().int().optional(),
      fsGroup: z.number().int().optional(),
      seccompProfile: z
        .object({ type: z.enum(["RuntimeDefault", "Localhost", "Unconfined"]) })
        .strict()
        .optional(),
    })
    .strict()
    .optional(),
  securityContext: z
    .object({
      allowPrivilegeEscalation: z.boolean().optional(),
      capabilities: z
        .object({ drop: z.array(z.string()).optional() })
        .strict()
        .optional(),
      runAsNonRoot: z.boolean().optional(),
      readOnlyRootFilesystem: z.boolean().optional(),
    })
    .strict()
    .optional(),
};

const redis = z
  .object({
    apiVersion: z.literal("redis.redis.opstreelabs.in/v1beta2"),
    kind: z.literal("Redis"),
    metadata,
    spec: z.object(redisSpec).strict(),
  })
  .strict();

const redisReplication = z
  .object({
    apiVersion: z.literal("redis.redis.opstreelabs.in/v1beta2"),
    kind: z.literal("RedisReplication"),
    metadata,
    spec: z.object({ clusterSize: z.number().int().min(1), ...redisSpec }).strict(),
  })
  .strict();

const scheduledBackup = z
  .object({
    apiVersion: z.literal("postgresql.cnpg.io/v1"),
    kind: z.literal("ScheduledBackup"),
    metadata,
    spec: z
      .object({
        // Six fields, seconds first.
        schedule: z.string().regex(/^(\S+\s+){5}\S+$/, "a six-field cron schedule, seconds first"),
        immediate: z.boolean().optional(),
        backupOwnerReference: z.enum(["none", "self", "cluster"]).optional(),
        method: z.enum(["barmanObjectStore", "volumeSnapshot", "plugin"]).optional(),
        cluster: z.object({ name: dnsLabel }).strict(),
      })
      .strict(),
  })
  .strict();

const issuerRef = z
  .object({ name: dnsLabel, kind: z.enum(["Issuer", "ClusterIssuer"]), group: z.literal("cert-manager.io") })
  .strict();

const clusterIssuer = z
  .object({
    apiVersion: z.literal("cert-manager.io/v1"),
    kind: z.literal("ClusterIssuer"),
    metadata: clusterMetadata,
    spec: z
      .object({
        selfSigned: z.object({}).strict().optional(),
        ca: z.object({ secretName: dnsLabel }).strict().optional(),
        acme: z
          .object({
            server: z.url({ protocol: /^https$/ }),
            email: z.email().optional(),
            privateKeySecretRef: z.object({ name: dnsLabel }).strict(),
            solvers: z
              .array(
                z
                  .object({
                    http01: z.object({ ingress: z.object({ ingressClassName: dnsLabel }).strict() }).strict(),
                  })
                  .strict(),
              )
              .min(1),
          })
          .strict()
          .optional(),
      })
      .strict()
      .refine((s) => [s.selfSigned, s.ca, s.acme].filter((v) => v !== undefined).length === 1, {
        message: "exactly one of selfSigned, ca and acme",
      }),
  })
  .strict();

const certificate = z
  .object({
    apiVersion: z.literal("cert-manager.io/v1"),
    kind: z.literal("Certificate"),
    metadata,
    spec: z
      .object({
        isCA: z.boolean().optional(),
        commonName: z.string().min(1).max(64).optional(),
        dnsNames: z.array(z.string().min(1)).optional(),
        secretName: dnsLabel,
        duration: z
          .string()
          .regex(/^\d+h$/, "hours, e.g. 2160h")
          .optional(),
        privateKey: z
          .object({ algorithm: z.enum(["RSA", "ECDSA", "Ed25519"]), size: z.number().int().optional() })
          .strict()
          .optional(),
        issuerRef,
      })
      .strict(),
  })
  .strict();

const ciliumPorts = z
  .array(z.object({ port: z.string().regex(/^\d+$/), protocol: z.enum(["TCP", "UDP", "ANY"]) }).strict())
  .min(1);
const ciliumNetworkPolicy = z
  .object({
    apiVersion: z.literal("cilium.io/v2"),
    kind: z.literal("CiliumNetworkPolicy"),
    metadata,
    spec: z
      .object({
        endpointSelector: z.object({ matchLabels: labels.optional() }).strict(),
        egress: z
          .array(
            z
              .object({
                toEndpoints: z.array(z.object({ matchLabels: labels }).strict()).optional(),
                toPorts: z
                  .array(
                    z
                      .object({
                        ports: ciliumPorts,
                        rules: z
                          .object({ dns: z.array(z.object({ matchPattern: z.string().min(1) }).strict()) })
                          .strict()
                          .optional(),
                      })
                      .strict(),
                  )
                  .optional(),
                toFQDNs: z
                  .array(
                    z.union([
                      z.object({ matchName: z.string().min(1) }).strict(),
                      z.object({ matchPattern: z.string().min(1) }).strict(),
                    ]),
                  )
                  .optional(),
              })
              .strict(),
          )
          .min(1),
      })
      .strict(),
  })
  .strict();

/** Schemas by `<apiVersion>/<kind>`. */
export const CRD_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  "postgresql.cnpg.io/v1/Cluster": cnpgCluster,
  "postgresql.cnpg.io/v1/ScheduledBackup": scheduledBackup,
  "redis.redis.opstreelabs.in/v1beta2/Redis": redis,
  "redis.redis.opstreelabs.in/v1beta2/RedisReplication": redisReplication,
  "cert-manager.io/v1/ClusterIssuer": clusterIssuer,
  "cert-manager.io/v1/Certificate": certificate,
  "cilium.io/v2/CiliumNetworkPolicy": ciliumNetworkPolicy,
};

/** A model class in the shape the planner's schema check uses: construct, then `validate()` throws. */
export function crdModel(
  apiVersion: string,
  kind: string,
): (new (data: Record<string, unknown>) => { validate(): void }) | null {
  const schema = CRD_SCHEMAS[`${apiVersion}/${kind}`];
  if (!schema) return null;
  return class {
    constructor(private readonly data: Record<string, unknown>) {}
    validate(): void {
      const result = schema.safeParse(this.data);
      if (!result.success) {
        throw new Error(
          result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; "),
        );
      }
    }
  };
}
