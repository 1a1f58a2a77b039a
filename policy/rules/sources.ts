/**
 * Where each rule comes from, as the tags a policy carries. Every rule has at least one source tag; the
 * CIS item numbers are those of the CIS Amazon EKS, Google Kubernetes Engine and Azure Kubernetes Service
 * benchmarks (1.x editions), whose Kubernetes-level items (section 4) mirror the CIS Kubernetes benchmark.
 */

export const cisEks = (item: string): string => `CIS EKS ${item}`;
export const cisGke = (item: string): string => `CIS GKE ${item}`;
export const cisAks = (item: string): string => `CIS AKS ${item}`;
/** The CIS foundations benchmarks of the clouds themselves, for the managed data stores. */
export const cisAwsFoundations = (item: string): string => `CIS AWS Foundations ${item}`;
export const cisGcpFoundations = (item: string): string => `CIS GCP Foundations ${item}`;
/** A Kubernetes-level item that has the same number in the EKS, GKE and AKS benchmarks. */
export const cisK8s = (item: string): string[] => [cisEks(item), cisGke(item), cisAks(item)];

/** The Kubernetes Pod Security Standards, `restricted` profile. */
export const PSS_RESTRICTED = "Kubernetes Pod Security Standards: restricted";

/** A check of the Kubernetes multi-tenancy benchmarks (kubernetes-sigs multi-tenancy working group). */
export const mtb = (id: string): string => `Multi-Tenancy Benchmark ${id}`;

/** A rule of this project: a decision of its design rather than an external benchmark item. */
export const OWN = "cloudtier";

/** The tag prefixes a source tag starts with; every policy carries at least one. */
export const SOURCE_PREFIXES = [
  "CIS EKS ",
  "CIS GKE ",
  "CIS AKS ",
  "CIS AWS Foundations ",
  "CIS GCP Foundations ",
  PSS_RESTRICTED,
  "Multi-Tenancy Benchmark ",
  OWN,
] as const;
