/**
 * IAM documents of a cluster's services, as plain data: what external-dns, the cluster autoscaler and the
 * in-cluster stores' backups may do, each as narrow as the service allows. Pure.
 */
import { AWS_PARTITION } from "./iam.js";

interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly Record<string, unknown>[];
}

/** The service accounts the services run as (their IRSA trust names them). */
export const EXTERNAL_DNS_SERVICE_ACCOUNT = { namespace: "cloudtier-dns", name: "external-dns" } as const;
export const AUTOSCALER_SERVICE_ACCOUNT = { namespace: "kube-system", name: "cluster-autoscaler" } as const;

/**
 * external-dns in Route 53 (its documented policy), limited by record name to this cluster's tenants'
 * hosts: `route53:ChangeResourceRecordSetsNormalizedRecordNames` holds every name a change touches, so
 * no change can reach a name outside `*.<cloud>-<region>.<domain>` (its TXT ownership records included).
 */
export function externalDnsPolicy(hostSuffix: string): PolicyDocument {
  const zones = `arn:${AWS_PARTITION}:route53:::hostedzone/*`;
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["route53:ChangeResourceRecordSets"],
        Resource: [zones],
        Condition: {
          "ForAllValues:StringLike": {
            "route53:ChangeResourceRecordSetsNormalizedRecordNames": [`*.${hostSuffix}`],
          },
        },
      },
      {
        Effect: "Allow",
        Action: ["route53:ListResourceRecordSets", "route53:ListTagsForResources"],
        Resource: [zones],
      },
      { Effect: "Allow", Action: ["route53:ListHostedZones"], Resource: ["*"] },
    ],
  };
}

/**
 * The cluster autoscaler (its documented policy): it may read every Auto Scaling group and instance type,
 * and change only the groups EKS tagged as this cluster's (managed node groups carry
 * `k8s.io/cluster-autoscaler/<cluster>: owned`), within their own minimum and maximum.
 */
export function clusterAutoscalerPolicy(clusterName: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: [
          "autoscaling:DescribeAutoScalingGroups",
          "autoscaling:DescribeAutoScalingInstances",
          "autoscaling:DescribeLaunchConfigurations",
          "autoscaling:DescribeScalingActivities",
          "autoscaling:DescribeTags",
          "ec2:DescribeImages",
          "ec2:DescribeInstanceTypes",
          "ec2:DescribeLaunchTemplateVersions",
          "ec2:GetInstanceTypesFromInstanceRequirements",
          "eks:DescribeNodegroup",
        ],
        Resource: ["*"],
      },
      {
        Effect: "Allow",
        Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
        Resource: ["*"],
        Condition: {
          StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" },
        },
      },
    ],
  };
}

/** EKS Pod Identity's service principal, and what it must be allowed (tags carry the pod's namespace). */
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";

export function podIdentityTrustPolicy(): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: POD_IDENTITY_PRINCIPAL },
        Action: ["sts:AssumeRole", "sts:TagSession"],
      },
    ],
  };
}

/**
 * The backups' one role, shared by every tenant's Postgres through EKS Pod Identity and confined by the
 * session tag EKS sets, `kubernetes-namespace`: a tenant's pods read and write `<bucket>/<namespace>/`
 * only, and list nothing outside it. No tenant can reach another's prefix, whatever it runs.
 */
export function backupBucketPolicy(bucketArn: string): PolicyDocument {
  const namespace = "${aws:PrincipalTag/kubernetes-namespace}";
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
        Resource: [`${bucketArn}/${namespace}/*`],
      },
      {
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: [bucketArn],
        Condition: { StringLike: { "s3:prefix": [`${namespace}/*`] } },
      },
      { Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: [bucketArn] },
    ],
  };
}

/** The bucket's own policy: nothing over plain HTTP. */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}
