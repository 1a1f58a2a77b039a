/**
 * `cloudtier doctor`: whether this machine has what a deploy of the project's stacks needs, each check ok,
 * missing (a deploy would fail: exit 1) or a warning, with the fix. What it looks at: Node, the compiled
 * policy pack, the Pulumi CLI (3.248-compatible, found as the deploy commands find it), its Node language
 * host, the provider plugins of the clouds the stacks use, the state backend and its credentials, the
 * secrets passphrase, the stack files, kubeconfig contexts, cloud credentials, the GCP project, and the
 * Helm chart sources of the platform's operators (`cloudtier:charts`). It reads; it never writes or
 * deploys, and runs only `pulumi version` and `scripts/tools/build.sh --check`.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { parse } from "yaml";
import { CHARTS_CONFIG_KEY, parseChartSources } from "../components/platform/charts.js";
import { type Env, resolveBackend, stackSecretsProvider } from "../deploy/backend.js";
import { findTornSidecars } from "../deploy/state-repair.js";
import { INSTALL_URL, PULUMI_ROOT_ENV, locatePulumi } from "../deploy/pulumi-cli.js";
import { InputError, formatProblem } from "../domain/errors.js";
import { stackCloud } from "../domain/stack-config.js";
import { projectConfig } from "./program-config.js";
import type { StackFile } from "./stack-file-format.js";

export type CheckStatus = "ok" | "missing" | "warning";

export interface Check {
  /** What is checked, e.g. `pulumi`, `credentials: aws`. */
  readonly check: string;
  readonly status: CheckStatus;
  /** What was found. */
  readonly detail: string;
  /** How to fix it; absent when ok. */
  readonly fix?: string;
}

export interface DoctorContext {
  readonly project: string;
  /** The installed cloudtier package (its dist/, scripts/ and node_modules/). */
  readonly packageRoot: string;
  readonly env: Env;
  /** The stack files, or the error reading them gave. */
  readonly files: readonly StackFile[] | Error;
  readonly nodeVersion: string;
  /** Says what a check is waiting for, on stderr (a check that may take long must not wait silently). */
  readonly note?: (text: string) => void;
}

const ok = (check: string, detail: string): Check => ({ check, status: "ok", detail });
const missing = (check: string, detail: string, fix: string): Check => ({
  check,
  status: "missing",
  detail,
  fix,
});
const warning = (check: string, detail: string, fix: string): Check => ({
  check,
  status: "warning",
  detail,
  fix,
});

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function onPath(env: Env, name: string): string | undefined {
  for (const dir of (env["PATH"] ?? "").split(delimiter)) {
    if (dir !== "" && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function home(env: Env): string {
  return env["HOME"] || homedir();
}

function pulumiHome(env: Env): string {
  return env["PULUMI_HOME"] || join(home(env), ".pulumi");
}

/** `3.248.0` from `v3.248.0` or `3.248.0-alpha.x`; undefined when it is no version. */
export function parseVersion(text: string): [number, number, number] | undefined {
  const m = /v?(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** A package's manifest from the project's dependencies (the SDKs are never loaded for it). */
function manifest(
  ctx: DoctorContext,
  name: string,
): { version: string; pulumi?: { name?: string; version?: string } } | undefined {
  try {
    const require = createRequire(join(ctx.packageRoot, "package.json"));
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as {
      version: string;
      pulumi?: { name?: string; version?: string };
    };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------

export function nodeCheck(version: string): Check {
  const v = parseVersion(version);
  const supported = v !== undefined && (v[0] >= 22 || (v[0] === 20 && v[1] >= 19));
  return supported
    ? ok("node", `Node.js ${version}`)
    : missing(
        "node",
        `Node.js ${version}`,
        "Install Node.js 20.19 or later on 20, or 22 or later (package.json `engines`).",
      );
}

export function buildCheck(ctx: DoctorContext): Check {
  const entry = join(ctx.packageRoot, "dist", "policy", "index.js");
  if (isFile(entry))
    return ok("policy pack", "compiled (dist/policy/index.js), handed to Pulumi at preview and up");
  return missing(
    "policy pack",
    "dist/policy/index.js is missing: Pulumi cannot run the policy pack at preview and up",
    "Run `npm run build` in the cloudtier checkout (`npm ci` installs the TypeScript compiler and builds).",
  );
}

const toolsCache = new WeakMap<DoctorContext, string | undefined>();

/** Where `scripts/tools/build.sh` keeps a build of the Pulumi CLI, when one is cached (asked once). */
function cachedTools(ctx: DoctorContext): string | undefined {
  if (!toolsCache.has(ctx)) toolsCache.set(ctx, askToolsScript(ctx));
  return toolsCache.get(ctx);
}

/** How long doctor waits for `scripts/tools/build.sh --check`, which waits while a build holds its lock. */
export const TOOLS_CHECK_TIMEOUT_MS = 30_000;

/** The tools' lock file, as scripts/tools/build.sh names it. */
export function toolsLockPath(env: Env): string {
  const cache = env["XDG_CACHE_HOME"] ?? join(env["HOME"] ?? homedir(), ".cache");
  return join(env["CLOUDTIER_TOOLS_HOME"] ?? join(cache, "cloudtier-tools"), ".lock");
}

/**
 * The tools' lock file when another process holds it (a build of the tools is running), so that asking the
 * script waits; undefined when it is free, or when that cannot be told (no `flock` here).
 */
export function toolsLockHolder(env: Env): string | undefined {
  const lock = toolsLockPath(env);
  if (!isFile(lock)) return undefined;
  // flock(1) from this process's own PATH: the checked environment may have none.
  const probe = spawnSync("flock", ["--nonblock", lock, "true"]);
  return probe.status === 1 ? lock : undefined;
}

function askToolsScript(ctx: DoctorContext): string | undefined {
  const script = join(ctx.packageRoot, "scripts", "tools", "build.sh");
  if (!isFile(script)) return undefined;
  const held = toolsLockHolder(ctx.env);
  if (held !== undefined) {
    ctx.note?.(
      `doctor: waiting up to ${TOOLS_CHECK_TIMEOUT_MS / 1000} s for scripts/tools/build.sh --check, which waits ` +
        `while another process builds the tools (it holds ${held}), to learn whether a Pulumi CLI build is cached...`,
    );
  }
  const result = spawnSync("bash", [script, "--check"], {
    cwd: ctx.packageRoot,
    env: ctx.env,
    encoding: "utf8",
    timeout: TOOLS_CHECK_TIMEOUT_MS,
  });
  const timedOut = result.error !== undefined && "code" in result.error && result.error.code === "ETIMEDOUT";
  if (timedOut && held !== undefined) {
    ctx.note?.(`doctor: gave up waiting for ${held}; the tools' cache is not consulted.`);
  }
  const bin = result.stdout?.trim().split("\n").pop();
  return result.status === 0 && bin && isExecutable(join(bin, "pulumi")) ? bin : undefined;
}

function toolsHint(ctx: DoctorContext): string {
  const bin = cachedTools(ctx);
  return bin
    ? ` A build of the Pulumi CLI from scripts/tools/build.sh is cached here: \`export PATH="${bin}:$PATH"\` uses it ` +
        `(its language host is beside it, its Kubernetes provider in ${join(bin, "pulumi-home", "plugins")}).`
    : " Or build it from source with `npm run tools` (scripts/tools/build.sh, through the Go module proxy).";
}

export interface PulumiFound {
  readonly executable: string;
  readonly version?: [number, number, number];
}

/** The Pulumi CLI as the deploy commands find it, its version, and whether it suits the SDK. */
export function pulumiCheck(ctx: DoctorContext): { check: Check; found?: PulumiFound } {
  const sdk = parseVersion(manifest(ctx, "@pulumi/pulumi")?.version ?? "") ?? [3, 248, 0];
  const wanted = `${sdk.join(".")}`;
  let executable: string;
  try {
    executable = locatePulumi(ctx.env).executable;
  } catch (err) {
    return {
      check: missing(
        "pulumi",
        err instanceof Error ? err.message.split(". ")[0] : String(err),
        `Install the Pulumi CLI ${wanted} or later 3.x (${INSTALL_URL}), or point ${PULUMI_ROOT_ENV} at a directory holding bin/pulumi.${toolsHint(ctx)}`,
      ),
    };
  }
  const run = spawnSync(executable, ["version"], {
    env: { ...(ctx.env as NodeJS.ProcessEnv), PULUMI_SKIP_UPDATE_CHECK: "true" },
    encoding: "utf8",
    timeout: 20_000,
  });
  const version = run.status === 0 ? parseVersion(run.stdout ?? "") : undefined;
  if (!version) {
    return {
      check: missing(
        "pulumi",
        `${executable} does not report a version (\`pulumi version\`: ${(run.stderr || run.stdout || String(run.error ?? "")).trim().split("\n")[0] || `exit ${run.status}`})`,
        "Reinstall the Pulumi CLI; a CLI built without its version flag cannot drive the Automation API.",
      ),
      found: { executable },
    };
  }
  const text = version.join(".");
  if (version[0] !== sdk[0] || compare(version, sdk) < 0) {
    return {
      check: missing(
        "pulumi",
        `${executable} is ${text}; cloudtier drives it with the Pulumi SDK ${wanted}, which needs a ${sdk[0]}.x CLI of at least that version`,
        `Install the Pulumi CLI ${wanted} or a later ${sdk[0]}.x (${INSTALL_URL}).${toolsHint(ctx)}`,
      ),
      found: { executable, version },
    };
  }
  return {
    check: ok("pulumi", `${executable}, ${text} (the SDK is ${wanted})`),
    found: { executable, version },
  };
}

/** Pulumi runs TypeScript programs and policy packs through its Node language host. */
export function languageHostCheck(ctx: DoctorContext, pulumi: PulumiFound | undefined): Check {
  const name = "pulumi-language-nodejs";
  const beside = pulumi ? join(dirname(pulumi.executable), name) : undefined;
  const plugins = join(pulumiHome(ctx.env), "plugins");
  const installed = existsSync(plugins)
    ? readdirSync(plugins).find((d) => d.startsWith("language-nodejs-v"))
    : undefined;
  const found =
    (beside && isExecutable(beside) ? beside : undefined) ??
    onPath(ctx.env, name) ??
    (installed ? join(plugins, installed) : undefined);
  return found
    ? ok("language host", `${name}: ${found}`)
    : missing(
        "language host",
        `${name} is not beside pulumi, on PATH or in ${plugins}`,
        `Install the Pulumi CLI from its release archive, which holds ${name} beside pulumi (${INSTALL_URL}).${pulumi ? "" : toolsHint(ctx)}`,
      );
}

/** The npm packages whose provider plugin a cloud's stacks need (Kubernetes for every stack). */
const PROVIDER_PACKAGES: Readonly<Record<string, readonly string[]>> = {
  aws: ["@pulumi/aws"],
  gcp: ["@pulumi/gcp"],
  azure: ["@pulumi/azure-native"],
  scaleway: ["@pulumiverse/scaleway"],
  digitalocean: ["@pulumi/digitalocean"],
  kubeconfig: [],
};

/** Provider plugins at the versions the SDKs request: installed, on PATH, or fetched at the first deploy. */
export function pluginChecks(ctx: DoctorContext, clouds: readonly string[]): Check[] {
  if (clouds.length === 0) return [];
  const packages = ["@pulumi/kubernetes", ...new Set(clouds.flatMap((c) => PROVIDER_PACKAGES[c] ?? []))];
  const plugins = join(pulumiHome(ctx.env), "plugins");
  const noDownload = /^(1|true)$/i.test(ctx.env["PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION"] ?? "");
  return packages.map((pkg) => {
    const meta = manifest(ctx, pkg)?.pulumi;
    const name = meta?.name ?? pkg.split("/")[1];
    const version = meta?.version ?? "";
    const check = `plugin: ${name}`;
    const dir = join(plugins, `resource-${name}-v${version}`);
    const binary = `pulumi-resource-${name}`;
    if (isExecutable(join(dir, binary))) return ok(check, `${name} ${version} in ${dir}`);
    const path = onPath(ctx.env, binary);
    if (path) return ok(check, `${binary} on PATH (${path}); Pulumi uses it whatever its version`);
    const built = name === "kubernetes" ? cachedTools(ctx) : undefined;
    const local = built
      ? join(built, "pulumi-home", "plugins", `resource-${name}-v${version}`, binary)
      : undefined;
    const fix =
      local && isExecutable(local)
        ? `Install the build scripts/tools/build.sh cached: \`pulumi plugin install resource ${name} ${version} --file ${local}\`.`
        : `Run \`pulumi plugin install resource ${name} ${version}\` (add \`--file <binary>\` for a local build).`;
    return noDownload
      ? missing(
          check,
          `${name} ${version} is not installed and PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION forbids fetching it`,
          fix,
        )
      : warning(
          check,
          `${name} ${version} is not installed: Pulumi downloads it at the first deploy, which needs the network`,
          fix,
        );
  });
}

function hasAny(env: Env, names: readonly string[]): string | undefined {
  return names.find((n) => (env[n] ?? "") !== "");
}

export function backendCheck(ctx: DoctorContext): Check {
  let backend;
  try {
    backend = resolveBackend(ctx.project, undefined, ctx.env);
  } catch (err) {
    const text = err instanceof InputError ? err.problems.map(formatProblem).join(" ") : String(err);
    return missing("backend", "PULUMI_BACKEND_URL is not a state backend", text);
  }
  const where = `${backend.url}${backend.source === "default" ? " (the project's file backend)" : ` (${backend.source})`}`;
  if (backend.localDir !== undefined) {
    let dir = backend.localDir;
    while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      return missing(
        "backend",
        `${where}: ${dir} is not writable`,
        "Make the directory writable, or set PULUMI_BACKEND_URL to another backend.",
      );
    }
    const torn = findTornSidecars(backend.localDir);
    return torn.length === 0
      ? ok("backend", where)
      : warning(
          "backend",
          `${where}: ${torn.length} empty metadata file(s) left by an interrupted write (${torn[0]}${torn.length > 1 ? ", ..." : ""}); \`pulumi\` fails on them with "error: EOF"`,
          "Run any cloudtier deploy command (status, preview, up): it removes them. They hold no state.",
        );
  }
  if (backend.service) {
    const token =
      hasAny(ctx.env, ["PULUMI_ACCESS_TOKEN"]) ??
      (isFile(join(pulumiHome(ctx.env), "credentials.json")) ? "credentials.json" : undefined);
    return token
      ? ok("backend", `${where}, signed in (${token})`)
      : missing(
          "backend",
          `${where}: no access token`,
          "Export PULUMI_ACCESS_TOKEN, or run `pulumi login` once.",
        );
  }
  const cloud = backend.url.startsWith("s3://") ? "aws" : backend.url.startsWith("gs://") ? "gcp" : "azure";
  const creds = cloudCredentials(ctx, cloud, []);
  return creds.status === "ok"
    ? ok("backend", `${where}; credentials: ${creds.detail}`)
    : missing("backend", `${where}: no ${cloud} credentials for the bucket`, creds.fix ?? "");
}

export function passphraseCheck(ctx: DoctorContext, files: readonly StackFile[]): Check {
  let backend;
  try {
    backend = resolveBackend(ctx.project, undefined, ctx.env);
  } catch {
    return warning("secrets", "unknown until the backend is fixed", "Fix the backend first.");
  }
  const needing = files.filter(
    (f) => stackSecretsProvider(f.secretsProvider, undefined, backend) === "passphrase",
  );
  const set =
    hasAny(ctx.env, ["PULUMI_CONFIG_PASSPHRASE", "PULUMI_CONFIG_PASSPHRASE_FILE"]) ??
    (ctx.env["PULUMI_CONFIG_PASSPHRASE"] !== undefined ? "PULUMI_CONFIG_PASSPHRASE" : undefined);
  if (set) return ok("secrets", `${set} is set`);
  const fix =
    "Export PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) with the stacks' passphrase, or create stacks with a KMS key (--secrets-provider).";
  if (needing.length > 0) {
    return missing(
      "secrets",
      `${needing.length === 1 ? "1 stack uses" : `${needing.length} stacks use`} the passphrase provider and no passphrase is set`,
      fix,
    );
  }
  return backend.service
    ? ok("secrets", "Pulumi Cloud encrypts the stacks' secrets")
    : warning("secrets", "no passphrase is set; new stacks on this backend use the passphrase provider", fix);
}

export function stackFilesCheck(files: readonly StackFile[] | Error): Check {
  if (files instanceof Error) {
    const text = files instanceof InputError ? files.problems.map(formatProblem).join("\n") : files.message;
    return missing("stack files", "the stack files cannot be read", text);
  }
  const customers = new Set(
    files.flatMap((f) =>
      f.config.kind === "environment" ? [f.config.customer.id] : (f.config.tenants ?? []).map((t) => t.id),
    ),
  );
  return files.length === 0
    ? warning(
        "stack files",
        "none under stacks/: nothing to deploy yet",
        "Onboard a customer: `cloudtier onboard ID --tier T --regions ...`.",
      )
    : ok(
        "stack files",
        `${files.length} valid, ${customers.size} customer${customers.size === 1 ? "" : "s"}`,
      );
}

interface Kubeconfig {
  readonly paths: string[];
  readonly contexts: string[];
  readonly current?: string;
}

function readKubeconfig(env: Env): Kubeconfig {
  const paths = (env["KUBECONFIG"] || join(home(env), ".kube", "config")).split(delimiter).filter(Boolean);
  const contexts: string[] = [];
  let current: string | undefined;
  for (const path of paths) {
    if (!isFile(path)) continue;
    try {
      const doc = parse(readFileSync(path, "utf8")) as {
        contexts?: { name?: string }[];
        "current-context"?: string;
      } | null;
      for (const c of doc?.contexts ?? []) if (typeof c?.name === "string") contexts.push(c.name);
      current ??= doc?.["current-context"] || undefined;
    } catch {
      // An unreadable file is reported as holding no context.
    }
  }
  return { paths, contexts, ...(current ? { current } : {}) };
}

/** The kubeconfig context a `kubeconfig:<context>` stack deploys to; undefined for the current one. */
export function stackContext(region: string): string | undefined {
  const context = region.slice(region.indexOf(":") + 1);
  return context === "local" ? undefined : context;
}

export function kubeconfigChecks(ctx: DoctorContext, files: readonly StackFile[]): Check[] {
  const regions = [
    ...new Set(files.filter((f) => stackCloud(f.config) === "kubeconfig").map((f) => f.config.region)),
  ];
  if (regions.length === 0) return [];
  const kube = readKubeconfig(ctx.env);
  const where = kube.paths.join(delimiter);
  return regions.sort().map((region) => {
    const context = stackContext(region);
    const check = `kubeconfig: ${region.slice(region.indexOf(":") + 1)}`;
    if (context === undefined) {
      return kube.current
        ? ok(check, `the current context, ${kube.current} (${where})`)
        : missing(
            check,
            `no current context in ${where}`,
            "Select a context: `kubectl config use-context <name>` (or set KUBECONFIG).",
          );
    }
    return kube.contexts.includes(context)
      ? ok(check, `context ${context} (${where})`)
      : missing(
          check,
          `no context ${context} in ${where}`,
          `Add the context to your kubeconfig, or set KUBECONFIG to a file holding it.`,
        );
  });
}

/** Where a cloud's provider takes credentials from, besides the stack's own config keys. */
const CREDENTIALS: Readonly<
  Record<string, { env: readonly string[][]; files: readonly string[]; keys: readonly string[]; fix: string }>
> = {
  aws: {
    env: [
      ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
      ["AWS_PROFILE"],
      ["AWS_WEB_IDENTITY_TOKEN_FILE"],
      ["AWS_CONTAINER_CREDENTIALS_FULL_URI"],
    ],
    files: [".aws/credentials", ".aws/config"],
    keys: ["aws:profile", "aws:accessKey"],
    fix: "Export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), or run `aws configure`",
  },
  gcp: {
    env: [["GOOGLE_CREDENTIALS"], ["GOOGLE_APPLICATION_CREDENTIALS"], ["GOOGLE_OAUTH_ACCESS_TOKEN"]],
    files: [".config/gcloud/application_default_credentials.json"],
    keys: ["gcp:credentials", "gcp:accessToken"],
    fix: "Run `gcloud auth application-default login`, or export GOOGLE_APPLICATION_CREDENTIALS",
  },
  azure: {
    env: [["ARM_CLIENT_ID", "ARM_CLIENT_SECRET"], ["ARM_CLIENT_ID", "ARM_USE_OIDC"], ["ARM_USE_MSI"]],
    files: [".azure/azureProfile.json"],
    keys: ["azure-native:clientId"],
    fix: "Run `az login`, or export ARM_CLIENT_ID, ARM_CLIENT_SECRET, ARM_TENANT_ID and ARM_SUBSCRIPTION_ID",
  },
  scaleway: {
    env: [["SCW_ACCESS_KEY", "SCW_SECRET_KEY"]],
    files: [".config/scw/config.yaml"],
    keys: ["scaleway:accessKey"],
    fix: "Export SCW_ACCESS_KEY and SCW_SECRET_KEY, or run `scw init`",
  },
  digitalocean: {
    env: [["DIGITALOCEAN_TOKEN"], ["DIGITALOCEAN_ACCESS_TOKEN"]],
    files: [],
    keys: ["digitalocean:token"],
    fix: "Export DIGITALOCEAN_TOKEN, or set `digitalocean:token` (as a secret) in each DigitalOcean stack",
  },
};

function cloudCredentials(ctx: DoctorContext, cloud: string, files: readonly StackFile[]): Check {
  const spec = CREDENTIALS[cloud];
  const check = `credentials: ${cloud}`;
  const env = spec.env.find((set) => set.every((n) => (ctx.env[n] ?? "") !== ""));
  if (env) return ok(check, env.join(" and "));
  const file = spec.files.map((f) => join(home(ctx.env), f)).find(isFile);
  if (file) return ok(check, file);
  const mine = files.filter((f) => stackCloud(f.config) === cloud);
  const keyed = (f: StackFile) => spec.keys.some((k) => k in f.otherConfig || f.text.includes(`${k}:`));
  if (mine.length > 0 && mine.every(keyed))
    return ok(check, `set in each stack file (${spec.keys.join(", ")})`);
  return missing(
    check,
    "none found in the environment, the usual files or the stack files",
    `${spec.fix}. (Instance or workload identity credentials cannot be seen from here: where they apply, ignore this.)`,
  );
}

export function credentialChecks(
  ctx: DoctorContext,
  files: readonly StackFile[],
  clouds: readonly string[],
): Check[] {
  return clouds.filter((c) => c in CREDENTIALS).map((c) => cloudCredentials(ctx, c, files));
}

export function gcpProjectChecks(ctx: DoctorContext, files: readonly StackFile[]): Check[] {
  const gcp = files.filter((f) => stackCloud(f.config) === "gcp");
  if (gcp.length === 0) return [];
  const wide = projectConfig(ctx.project)["gcp:project"];
  const env = hasAny(ctx.env, [
    "GOOGLE_PROJECT",
    "GOOGLE_CLOUD_PROJECT",
    "GCLOUD_PROJECT",
    "CLOUDSDK_CORE_PROJECT",
  ]);
  const without = gcp.filter(
    (f) => typeof f.otherConfig["gcp:project"] !== "string" && !f.text.includes("gcp:project:"),
  );
  if (without.length === 0) return [ok("gcp project", `set in each GCP stack file (${gcp.length})`)];
  if (typeof wide === "string") return [ok("gcp project", `${wide} (Pulumi.yaml config)`)];
  if (env) return [ok("gcp project", `${ctx.env[env]} (${env})`)];
  return [
    missing(
      "gcp project",
      `${without.map((f) => f.stack).join(", ")} name${without.length === 1 ? "s" : ""} no GCP project`,
      `Run \`pulumi config set gcp:project <id> --stack <stack>\` for each, or set gcp:project under \`config:\` in Pulumi.yaml.`,
    ),
  ];
}

/** The operators' Helm charts: from their public repositories, or the sources `cloudtier:charts` names. */
export function chartChecks(ctx: DoctorContext, files: readonly StackFile[]): Check[] {
  const platforms = files.filter((f) => f.config.kind === "platform");
  if (platforms.length === 0) return [];
  const wide = projectConfig(ctx.project)[CHARTS_CONFIG_KEY];
  const sources = [
    { where: "Pulumi.yaml", raw: wide },
    ...platforms
      .filter((f) => CHARTS_CONFIG_KEY in f.otherConfig)
      .map((f) => ({ where: f.stack, raw: f.otherConfig[CHARTS_CONFIG_KEY] })),
  ].filter((s) => s.raw !== undefined);
  if (sources.length === 0) {
    return [
      ok(
        "charts",
        "the operators' public chart repositories (the platform stacks' up fetches them: it needs the network); " +
          `${CHARTS_CONFIG_KEY} in Pulumi.yaml names a mirror or local charts instead`,
      ),
    ];
  }
  return sources.map(({ where, raw }) => {
    const check = `charts: ${where}`;
    let parsed;
    try {
      parsed = parseChartSources(raw);
    } catch (err) {
      const text = err instanceof InputError ? err.problems.map(formatProblem).join(" ") : String(err);
      return missing(check, `${CHARTS_CONFIG_KEY} is invalid`, text);
    }
    const absent = Object.entries(parsed)
      .filter(([, s]) => s?.path !== undefined)
      .filter(([, s]) => {
        const path = join(ctx.project, s.path!);
        return !(isFile(join(path, "Chart.yaml")) || (path.endsWith(".tgz") && isFile(path)));
      })
      .map(([operator, s]) => `${operator}: ${s.path}`);
    return absent.length > 0
      ? missing(
          check,
          `local charts not found: ${absent.join(", ")}`,
          "Put each chart there (a directory with Chart.yaml, or a .tgz), relative to the project.",
        )
      : ok(
          check,
          Object.entries(parsed)
            .map(([op, s]) => `${op} from ${s?.path ?? s?.oci ?? s?.repo}`)
            .join(", ") || "public repositories",
        );
  });
}

/** Every check, in the order a deploy meets them. */
export function runChecks(ctx: DoctorContext): Check[] {
  const files = ctx.files instanceof Error ? [] : ctx.files;
  const clouds = [...new Set(files.map((f) => stackCloud(f.config)))].sort();
  const pulumi = pulumiCheck(ctx);
  return [
    nodeCheck(ctx.nodeVersion),
    buildCheck(ctx),
    pulumi.check,
    languageHostCheck(ctx, pulumi.found),
    ...pluginChecks(ctx, files.length > 0 ? clouds : []),
    backendCheck(ctx),
    passphraseCheck(ctx, files),
    stackFilesCheck(ctx.files),
    ...kubeconfigChecks(ctx, files),
    ...credentialChecks(ctx, files, clouds),
    ...gcpProjectChecks(ctx, files),
    ...chartChecks(ctx, files),
  ];
}
