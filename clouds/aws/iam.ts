/**
 * IAM documents of an EKS cluster, as plain data. The roles carry only the AWS managed policies EKS
 * documents as required, plus inline policies scoped to this cluster's own key and log group.
 */

/** Every catalog region is in the commercial partition; GovCloud and China would need their own. */
export const AWS_PARTITION = "aws";

const managed = (name: string) => `arn:${AWS_PARTITION}:iam::aws:policy/${name}`;

/** What the EKS control plane needs to manage the cluster's network interfaces and load balancers. */
export const CLUSTER_ROLE_POLICIES = [managed("AmazonEKSClusterPolicy")] as const;

/**
 * What a node needs: join the cluster and pull images. `AmazonEC2ContainerRegistryPullOnly` rather than
 * `...ReadOnly`: nodes only pull, they never list or describe repositories. The VPC CNI's permissions are
 * not here: the CNI gets them through its own IRSA role, so no pod on the node can borrow them.
 */
export const NODE_ROLE_POLICIES = [
  managed("AmazonEKSWorkerNodePolicy"),
  managed("AmazonEC2ContainerRegistryPullOnly"),
] as const;

/** What the VPC CNI (the `aws-node` DaemonSet) needs to attach interfaces and addresses to nodes. */
export const CNI_ROLE_POLICIES = [managed("AmazonEKS_CNI_Policy")] as const;

/** The service account the VPC CNI runs as. */
export const CNI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "aws-node" } as const;

/** The EKS access policy that makes a principal cluster-admin (through an access entry). */
export const EKS_CLUSTER_ADMIN_POLICY = `arn:${AWS_PARTITION}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`;

/** The audience EKS service-account tokens are issued for when exchanged with STS (IRSA). */
export const STS_AUDIENCE = "sts.amazonaws.com";

/**
 * SHA-1 thumbprint of the root CA that signs the EKS OIDC issuers (Starfield Services Root CA - G2, used by
 * Amazon Trust Services), as published in the EKS and eksctl documentation. IAM validates issuers hosted
 * by AWS against its own trusted CA library, so this value is a fallback, not the trust anchor; giving it
 * keeps the plan free of a network call to fetch it.
 */
export const EKS_OIDC_ROOT_CA_THUMBPRINT = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280";

interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly Record<string, unknown>[];
}

/** A trust policy that lets one AWS service assume the role. */
export function serviceTrustPolicy(service: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  };
}

/**
 * A trust policy for IRSA: only the named Kubernetes service account of this cluster, presenting a token
 * issued for STS, may assume the role.
 */
export function serviceAccountTrustPolicy(
  oidcProviderArn: string,
  issuerUrl: string,
  serviceAccount: { readonly namespace: string; readonly name: string },
): PolicyDocument {
  const issuer = issuerUrl.replace(/^https:\/\//, "");
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: `system:serviceaccount:${serviceAccount.namespace}:${serviceAccount.name}`,
            [`${issuer}:aud`]: STS_AUDIENCE,
          },
        },
      },
    ],
  };
}

/** Lets the cluster role use the customer-managed key for envelope encryption of Secrets. */
export function secretsKeyPolicy(keyArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
        Resource: keyArn,
      },
    ],
  };
}

/** Lets VPC Flow Logs write into one log group and nothing else. */
export function flowLogWriterPolicy(logGroupArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [logGroupArn, `${logGroupArn}:*`],
      },
    ],
  };
}
