/**
 * Where state lives and how secrets are encrypted. Pure: resolves flags and environment into settings and
 * rejects what would fail later, before anything is written or any stack is touched.
 *
 * - State backend: `--backend`, else `PULUMI_BACKEND_URL`, else a file backend inside the project
 *   (`file://<project>/.pulumi-state`, gitignored), so a fresh checkout needs no account.
 * - Secrets: the passphrase provider by default on self-managed backends (it needs
 *   `PULUMI_CONFIG_PASSPHRASE` or `PULUMI_CONFIG_PASSPHRASE_FILE`), Pulumi Cloud's own encryption on
 *   Pulumi Cloud, or a KMS provider (`--secrets-provider`) used when a stack is created.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { InputError, type InputProblem } from "../domain/errors.js";

/** The state directory of the default file backend, relative to the project. */
export const STATE_DIR = ".pulumi-state";

export const BACKEND_SCHEMES = ["file://", "s3://", "gs://", "azblob://", "https://", "http://"] as const;
export const KMS_SCHEMES = ["awskms://", "gcpkms://", "azurekeyvault://", "hashivault://"] as const;

export interface Backend {
  readonly url: string;
  /** Where the URL came from, for error messages. */
  readonly source: "--backend" | "PULUMI_BACKEND_URL" | "default";
  /** Pulumi Cloud (or a self-hosted service): locks and secrets are the service's. */
  readonly service: boolean;
  /** The local directory of a `file://` backend, which must exist before Pulumi uses it. */
  readonly localDir?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

export function defaultBackendUrl(project: string): string {
  return pathToFileURL(join(project, STATE_DIR)).href;
}

export function resolveBackend(project: string, flag: string | undefined, env: Env): Backend {
  const fromEnv = env["PULUMI_BACKEND_URL"];
  const [url, source]: [string, Backend["source"]] =
    flag !== undefined
      ? [flag, "--backend"]
      : fromEnv !== undefined && fromEnv !== ""
        ? [fromEnv, "PULUMI_BACKEND_URL"]
        : [defaultBackendUrl(project), "default"];
  if (!BACKEND_SCHEMES.some((s) => url.startsWith(s)) || url.length <= url.indexOf("://") + 3) {
    throw InputError.single({
      field: source,
      rule: "must be a Pulumi state backend URL",
      limit: BACKEND_SCHEMES.map((s) => `${s}...`).join(", "),
      received: url,
      fix: "Use e.g. s3://my-state-bucket, gs://my-state-bucket, azblob://container, https://api.pulumi.com, or omit it for the project's file backend.",
    });
  }
  const service = url.startsWith("https://") || url.startsWith("http://");
  return {
    url,
    source,
    service,
    ...(url.startsWith("file://") ? { localDir: fileBackendDir(url, project) } : {}),
  };
}

function fileBackendDir(url: string, project: string): string {
  // `file://~` and relative `file://./x` are Pulumi conventions; absolute file URLs are the common case.
  const path = decodeURIComponent(url.slice("file://".length).split("?")[0]);
  if (path.startsWith("~")) return join(process.env["HOME"] ?? "", path.slice(1));
  return path.startsWith("/") ? path : join(project, path);
}

/** A `--secrets-provider` value: `passphrase`, `default` (Pulumi Cloud) or a KMS URL. */
export function checkSecretsProvider(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value === "passphrase" || value === "default" || KMS_SCHEMES.some((s) => value.startsWith(s))) {
    return value;
  }
  throw InputError.single({
    field: "--secrets-provider",
    rule: "must be passphrase, default or a KMS key URL",
    limit: ["passphrase", "default", ...KMS_SCHEMES.map((s) => `${s}...`)].join(", "),
    received: value,
    fix: "Use e.g. awskms://alias/cloudtier?region=eu-west-1 or gcpkms://projects/P/locations/L/keyRings/R/cryptoKeys/K.",
  });
}

/**
 * The secrets provider a stack uses: the one recorded in its stack file (`secretsprovider:`) when it exists,
 * else the flag (applied when the stack is created), else the backend's default.
 */
export function stackSecretsProvider(
  recorded: string | undefined,
  flag: string | undefined,
  backend: Backend,
): string {
  if (recorded !== undefined && recorded !== "") return recorded;
  if (flag !== undefined) return flag;
  return backend.service ? "default" : "passphrase";
}

/** Problems for stacks that need a passphrase when none is set; one problem covers them all. */
export function passphraseProblems(
  stacks: readonly { readonly stack: string; readonly provider: string }[],
  env: Env,
): InputProblem[] {
  const needing = stacks.filter((s) => s.provider === "passphrase").map((s) => s.stack);
  if (needing.length === 0) return [];
  if (env["PULUMI_CONFIG_PASSPHRASE"] !== undefined || nonEmpty(env["PULUMI_CONFIG_PASSPHRASE_FILE"])) {
    return [];
  }
  const shown =
    needing.length > 3
      ? `${needing.slice(0, 3).join(", ")} and ${needing.length - 3} more`
      : needing.join(", ");
  return [
    {
      field: "PULUMI_CONFIG_PASSPHRASE",
      rule: `is required: ${shown} encrypt secrets with the passphrase provider`,
      received: undefined,
      fix:
        "Export PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) with the stacks' passphrase, or create " +
        "stacks with a KMS key: --secrets-provider awskms://..., gcpkms://..., azurekeyvault://...",
    },
  ];
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value !== "";
}
