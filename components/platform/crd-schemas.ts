/**
 * Schemas of the operators' custom resources that cloudtier creates, for the offline planner's validation
 * (the role `kubernetes-models` plays for built-in kinds and `@kubernetes-models/prometheus-operator` for
 * PrometheusRule). Transcribed from the CRDs of CloudNativePG 1.27 (postgresql.cnpg.io/v1 Cluster) and
 * redis-operator 0.22 (redis.redis.opstreelabs.in/v1beta2 Redis, RedisReplication), limited to the fields
 * cloudtier sets: objects are strict, so a misspelt or unsupported field fails the plan.
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
const resources = z
  .object({
    requests: z.object({ cpu: quantity, memory: quantity }).strict().optional(),
    limits: z.object({ cpu: quantity, memory: quantity }).strict().optional(),
  })
  .strict();
const metadata = z
  .object({ name: dnsLabel, namespace: dnsLabel, labels: labels.optional(), annotations: labels.optional() })
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
              .strict(),
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

/** Schemas by `<apiVersion>/<kind>`. */
export const CRD_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  "postgresql.cnpg.io/v1/Cluster": cnpgCluster,
  "redis.redis.opstreelabs.in/v1beta2/Redis": redis,
  "redis.redis.opstreelabs.in/v1beta2/RedisReplication": redisReplication,
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
