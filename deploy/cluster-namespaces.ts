/**
 * Reads one namespace of an existing cluster (a `kubeconfig:<context>` region) before onboarding writes
 * anything: whether it is absent, cloudtier's own (labelled with the customer it is named after), or
 * someone else's. Plain HTTPS with the kubeconfig context's own credentials (client certificates, bearer
 * tokens, the cluster's CA); no kubectl, no Pulumi. Credentials an exec plugin or an auth provider
 * issues (EKS's `aws eks get-token`, GKE's `gke-gcloud-auth-plugin`, OIDC logins) are not run: such a
 * context is reported as not checkable. The offline plan never calls this.
 */
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { homedir } from "node:os";
import { delimiter, dirname, isAbsolute, join } from "node:path";
import { parse } from "yaml";
import { CUSTOMER_LABEL } from "../components/labels.js";

/** What the cluster says about the namespace. */
export type NamespaceState =
  /** The namespace does not exist: onboarding creates it. */
  | { readonly kind: "absent"; readonly context: string }
  /** It exists and is labelled with this customer: cloudtier created it. */
  | { readonly kind: "ours"; readonly context: string }
  /** It exists and is not cloudtier's for this customer (`customer`: its customer label, if any). */
  | { readonly kind: "foreign"; readonly context: string; readonly customer?: string }
  /** The kubeconfig has no such context (or no current one): nothing to check on this machine. */
  | { readonly kind: "no-context"; readonly context: string; readonly where: string }
  /** The check could not be made: the cluster did not answer, refused the credentials, or needs a plugin. */
  | { readonly kind: "unchecked"; readonly context: string; readonly reason: string };

type Env = Readonly<Record<string, string | undefined>>;

interface KubeconfigFile {
  readonly path: string;
  readonly doc: {
    "current-context"?: string;
    contexts?: { name?: string; context?: { cluster?: string; user?: string } }[];
    clusters?: { name?: string; cluster?: Record<string, unknown> }[];
    users?: { name?: string; user?: Record<string, unknown> }[];
  };
}

/** The kubeconfig files in use: `KUBECONFIG` (a list), else `~/.kube/config`. */
export function kubeconfigPaths(env: Env = process.env): string[] {
  const home = env["HOME"] || homedir();
  return (env["KUBECONFIG"] || join(home, ".kube", "config")).split(delimiter).filter(Boolean);
}

function readFiles(paths: readonly string[]): KubeconfigFile[] {
  const files: KubeconfigFile[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      continue;
    }
    const doc = parse(text) as KubeconfigFile["doc"] | null;
    if (doc && typeof doc === "object") files.push({ path, doc });
  }
  return files;
}

/** The first entry of a name across the files, as kubectl merges them, with the file it came from. */
function lookup<T extends { name?: string }>(
  files: readonly KubeconfigFile[],
  list: (doc: KubeconfigFile["doc"]) => readonly T[] | undefined,
  name: string,
): { entry: T; path: string } | undefined {
  for (const file of files) {
    const entry = (list(file.doc) ?? []).find((e) => e?.name === name);
    if (entry) return { entry, path: file.path };
  }
  return undefined;
}

/** A file path in a kubeconfig is relative to the file that names it. */
const resolveFrom = (kubeconfig: string, path: string) =>
  isAbsolute(path) ? path : join(dirname(kubeconfig), path);

function dataOrFile(
  section: Record<string, unknown>,
  dataKey: string,
  fileKey: string,
  from: string,
): Buffer | undefined {
  const data = section[dataKey];
  if (typeof data === "string" && data.length > 0) return Buffer.from(data, "base64");
  const file = section[fileKey];
  if (typeof file === "string" && file.length > 0) return readFileSync(resolveFrom(from, file));
  return undefined;
}

/** How to reach a context's cluster: its server, CA and the user's credentials. */
export interface ClusterAccess {
  readonly server: string;
  readonly ca?: Buffer;
  readonly insecure: boolean;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly token?: string;
}

/** The access of a context, or why it cannot be used (a reason), or undefined when the context is absent. */
export function contextAccess(
  context: string | undefined,
  env: Env = process.env,
):
  | { name: string; access: ClusterAccess }
  | { name: string; reason: string }
  | { name: string; absent: string } {
  const paths = kubeconfigPaths(env);
  const files = readFiles(paths);
  const where = paths.join(delimiter);
  const name = context ?? files.map((f) => f.doc["current-context"]).find((c) => c) ?? "";
  if (!name) return { name: "the current context", absent: `no current context in ${where}` };
  const ctx = lookup(files, (d) => d.contexts, name);
  if (!ctx) return { name, absent: `no context ${name} in ${where}` };
  const cluster = lookup(files, (d) => d.clusters, ctx.entry.context?.cluster ?? "");
  const server = cluster?.entry.cluster?.["server"];
  if (!cluster || typeof server !== "string") {
    return { name, reason: `the context's cluster ${ctx.entry.context?.cluster ?? "(none)"} has no server` };
  }
  const user = lookup(files, (d) => d.users, ctx.entry.context?.user ?? "")?.entry.user ?? {};
  const userFrom = lookup(files, (d) => d.users, ctx.entry.context?.user ?? "")?.path ?? cluster.path;
  if (user["exec"] !== undefined || user["auth-provider"] !== undefined) {
    return {
      name,
      reason: `its user's credentials come from ${user["exec"] !== undefined ? "an exec plugin" : "an auth provider"}, which this check does not run`,
    };
  }
  try {
    const tokenFile = user["tokenFile"];
    const token =
      typeof user["token"] === "string"
        ? user["token"]
        : typeof tokenFile === "string"
          ? readFileSync(resolveFrom(userFrom, tokenFile), "utf8").trim()
          : undefined;
    return {
      name,
      access: {
        server,
        ca: dataOrFile(
          cluster.entry.cluster!,
          "certificate-authority-data",
          "certificate-authority",
          cluster.path,
        ),
        insecure: cluster.entry.cluster!["insecure-skip-tls-verify"] === true,
        cert: dataOrFile(user, "client-certificate-data", "client-certificate", userFrom),
        key: dataOrFile(user, "client-key-data", "client-key", userFrom),
        ...(token ? { token } : {}),
      },
    };
  } catch (err) {
    return { name, reason: `its credentials could not be read: ${(err as Error).message}` };
  }
}

/** GET a path of the cluster's API: the status and the parsed body. */
export function getJson(
  access: ClusterAccess,
  path: string,
  timeoutMs = 10_000,
): Promise<{ status: number; body: unknown }> {
  const url = new URL(path, access.server.endsWith("/") ? access.server : `${access.server}/`);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "GET",
        headers: {
          Accept: "application/json",
          ...(access.token ? { Authorization: `Bearer ${access.token}` } : {}),
        },
        ...(access.ca ? { ca: access.ca } : {}),
        ...(access.cert ? { cert: access.cert } : {}),
        ...(access.key ? { key: access.key } : {}),
        rejectUnauthorized: !access.insecure,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // Not JSON: kept as text.
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on("error", reject);
    req.end();
  });
}

/**
 * The state of namespace `name` in a context's cluster (`undefined`: the current context), for the
 * customer of that id.
 */
export async function namespaceState(
  context: string | undefined,
  name: string,
  env: Env = process.env,
): Promise<NamespaceState> {
  const found = contextAccess(context, env);
  if ("absent" in found) return { kind: "no-context", context: found.name, where: found.absent };
  if ("reason" in found) return { kind: "unchecked", context: found.name, reason: found.reason };
  let answer: { status: number; body: unknown };
  try {
    answer = await getJson(found.access, `api/v1/namespaces/${encodeURIComponent(name)}`);
  } catch (err) {
    return {
      kind: "unchecked",
      context: found.name,
      reason: `its cluster (${found.access.server}) could not be reached: ${(err as Error).message}`,
    };
  }
  if (answer.status === 404) return { kind: "absent", context: found.name };
  if (answer.status !== 200) {
    return {
      kind: "unchecked",
      context: found.name,
      reason: `its cluster (${found.access.server}) answered ${answer.status} to reading the namespace`,
    };
  }
  const labels =
    (answer.body as { metadata?: { labels?: Record<string, string> } } | undefined)?.metadata?.labels ?? {};
  const customer = labels[CUSTOMER_LABEL];
  if (customer === name) return { kind: "ours", context: found.name };
  return { kind: "foreign", context: found.name, ...(customer !== undefined ? { customer } : {}) };
}
