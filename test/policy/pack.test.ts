/**
 * The pack as Pulumi runs it: `policy/index.ts` constructs the PolicyPack, whose @pulumi/policy server
 * answers the engine's gRPC calls. The test plays the engine: it asks for the pack's policies and has
 * resources and a stack analysed.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { POLICIES } from "../../policy/rules/index.js";
import { POLICY_PACK_NAME, policyPackEntry, policyPackPath, policyPacks } from "../../policy/pack.js";
import type * as GrpcModule from "@grpc/grpc-js";
import type * as AnalyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb.js";
import type * as AnalyzerPb from "@pulumi/pulumi/proto/analyzer_pb.js";
import type * as EmptyPb from "google-protobuf/google/protobuf/empty_pb.js";
import type * as StructPb from "google-protobuf/google/protobuf/struct_pb.js";
import { awsStack, mutate, tenantStack, kubeName, type Resource } from "./fixtures.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// The engine side of the protocol, from the same packages the policy server uses.
const fromPolicy = createRequire(createRequire(import.meta.url).resolve("@pulumi/policy/package.json"));
const fromPulumi = createRequire(fromPolicy.resolve("@pulumi/pulumi/package.json"));
const grpc = fromPolicy("@grpc/grpc-js") as typeof GrpcModule;
const analyzer = fromPulumi("@pulumi/pulumi/proto/analyzer_pb.js") as typeof AnalyzerPb;
const { AnalyzerClient } = fromPulumi("@pulumi/pulumi/proto/analyzer_grpc_pb.js") as typeof AnalyzerGrpc;
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb.js") as typeof StructPb;
const { Empty } = fromPulumi("google-protobuf/google/protobuf/empty_pb.js") as typeof EmptyPb;
type Client = InstanceType<typeof AnalyzerClient>;

const LEVELS = ["advisory", "mandatory", "disabled", "remediate"];

interface Diagnostic {
  readonly policy: string;
  readonly level: string;
  readonly urn: string;
  readonly message: string;
}

type Callback<T> = (err: Error | null, response: T) => void;

function call<Req, Res>(
  method: (request: Req, callback: Callback<Res>) => unknown,
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) =>
    method(request, (err, response) => (err ? reject(err) : resolve(response))),
  );
}

function diagnosticsOf(response: AnalyzerPb.AnalyzeResponse): Diagnostic[] {
  return response.getDiagnosticsList().map((d) => ({
    policy: d.getPolicyname(),
    level: LEVELS[d.getEnforcementlevel()],
    urn: d.getUrn(),
    message: d.getMessage(),
  }));
}

function options(resource: Resource): AnalyzerPb.AnalyzerResourceOptions {
  const opts = new analyzer.AnalyzerResourceOptions();
  opts.setProtect(resource.protect);
  return opts;
}

const struct = (value: Record<string, unknown>) =>
  Struct.fromJavaScript(value as Parameters<typeof Struct.fromJavaScript>[0]);

function providerOf(
  resource: Resource,
  all: readonly Resource[],
): AnalyzerPb.AnalyzerProviderResource | undefined {
  const urn = resource.provider?.slice(0, resource.provider.lastIndexOf("::"));
  const p = all.find((r) => r.urn === urn);
  if (!p) return undefined;
  const provider = new analyzer.AnalyzerProviderResource();
  provider.setType(p.type);
  provider.setUrn(p.urn);
  provider.setName(p.name);
  provider.setProperties(struct(p.inputs));
  return provider;
}

function analyzeRequest(resource: Resource, all: readonly Resource[]): AnalyzerPb.AnalyzeRequest {
  const request = new analyzer.AnalyzeRequest();
  request.setType(resource.type);
  request.setUrn(resource.urn);
  request.setName(resource.name);
  request.setProperties(struct(resource.inputs));
  request.setOptions(options(resource));
  const provider = providerOf(resource, all);
  if (provider) request.setProvider(provider);
  return request;
}

function stackRequest(resources: readonly Resource[]): AnalyzerPb.AnalyzeStackRequest {
  const request = new analyzer.AnalyzeStackRequest();
  request.setResourcesList(
    resources.map((r) => {
      const resource = new analyzer.AnalyzerResource();
      resource.setType(r.type);
      resource.setUrn(r.urn);
      resource.setName(r.name);
      resource.setProperties(struct(r.inputs));
      resource.setOptions(options(r));
      const provider = providerOf(r, resources);
      if (provider) resource.setProvider(provider);
      return resource;
    }),
  );
  return request;
}

async function analyzeAll(client: Client, resources: readonly Resource[]): Promise<Diagnostic[]> {
  const analyze = client.analyze.bind(client) as (
    r: AnalyzerPb.AnalyzeRequest,
    cb: Callback<AnalyzerPb.AnalyzeResponse>,
  ) => unknown;
  const analyzeStack = client.analyzeStack.bind(client) as (
    r: AnalyzerPb.AnalyzeStackRequest,
    cb: Callback<AnalyzerPb.AnalyzeResponse>,
  ) => unknown;
  const perResource = await Promise.all(resources.map((r) => call(analyze, analyzeRequest(r, resources))));
  const stack = await call(analyzeStack, stackRequest(resources));
  return [...perResource.flatMap(diagnosticsOf), ...diagnosticsOf(stack)];
}

interface Server {
  readonly child: ChildProcess;
  readonly client: Client;
}

/** Starts a policy pack process and connects to the port its policy server prints. */
async function startServer(args: readonly string[]): Promise<Server> {
  // The server reads the pack's version from the package.json of its working directory, as under Pulumi.
  const child = spawn(process.execPath, [...args], {
    cwd: join(ROOT, "policy"),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no port from the policy server: ${stderr}`)), 60_000);
    child.stdout.once("data", (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(chunk.toString().trim());
    });
    child.once("exit", (code) => reject(new Error(`the pack exited with ${code}: ${stderr}`)));
  });
  assert.match(port, /^\d+$/);
  return { child, client: new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) };
}

async function servedPolicies(client: Client): Promise<{ pack: string; policies: string[][] }> {
  const getInfo = client.getAnalyzerInfo.bind(client) as (
    r: EmptyPb.Empty,
    cb: Callback<AnalyzerPb.AnalyzerInfo>,
  ) => unknown;
  const info = await call(getInfo, new Empty());
  const policies = info.getPoliciesList().map((p) => [p.getName(), LEVELS[p.getEnforcementlevel()]]);
  return { pack: info.getName(), policies: policies.sort() };
}

const EXPECTED = POLICIES.map((p) => [p.name, p.enforcementLevel ?? "advisory"]).sort();

describe("the policy pack under the @pulumi/policy server", () => {
  let child: ChildProcess;
  let client: Client;

  before(async () => {
    const entry = pathToFileURL(join(ROOT, "policy/index.ts")).href;
    ({ child, client } = await startServer([
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      `await import(${JSON.stringify(entry)});`,
    ]));
  });

  after(() => {
    client.close();
    child.kill();
  });

  it("serves every rule of the pack under its name and level", async () => {
    assert.deepEqual(await servedPolicies(client), { pack: POLICY_PACK_NAME, policies: EXPECTED });
  });

  it("finds nothing in compliant stacks", async () => {
    assert.deepEqual(await analyzeAll(client, awsStack()), []);
    assert.deepEqual(await analyzeAll(client, tenantStack()), []);
  });

  it("blocks an EKS cluster whose API is open to the world", async () => {
    const stack = mutate(awsStack(), {
      rule: "cluster-api-endpoint-restricted",
      baseline: "aws",
      target: { group: "eksCluster" },
      change: { set: { "vpcConfig.publicAccessCidrs": ["0.0.0.0/0"] } },
    })!;
    const found = await analyzeAll(client, stack);
    assert.ok(
      found.some(
        (d) =>
          d.policy === "cluster-api-endpoint-restricted" &&
          d.level === "mandatory" &&
          d.message.includes("0.0.0.0/0"),
      ),
      JSON.stringify(found),
    );
  });

  it("blocks, at stack level, a tenant namespace without its default-deny policy", async () => {
    const stack = mutate(tenantStack(), {
      rule: "tenant-default-deny-network-policy",
      baseline: "tenants",
      target: { group: "networkPolicy", pick: kubeName("default-deny-all") },
      change: { remove: true },
    })!;
    const found = await analyzeAll(client, stack);
    assert.deepEqual(
      found.map((d) => [d.policy, d.level]),
      [["tenant-default-deny-network-policy", "mandatory"]],
    );
  });
});

describe("the compiled pack under Pulumi's own policy pack runner", () => {
  // What `pulumi up --policy-pack policy` starts: the runner loads the pack directory's package.json main,
  // the compiled entry (build first: `npm run build`, which `npm test` does).
  it("loads dist/policy/index.js and serves every rule", async () => {
    const runner = createRequire(fromPolicy.resolve("@pulumi/pulumi/package.json")).resolve(
      "@pulumi/pulumi/cmd/run-policy-pack",
    );
    const server = await startServer([runner, "127.0.0.1:0", "."]);
    try {
      assert.deepEqual(await servedPolicies(server.client), { pack: POLICY_PACK_NAME, policies: EXPECTED });
    } finally {
      server.client.close();
      server.child.kill();
    }
  });
});

describe("the pack's location, for the deploy commands", () => {
  it("is the directory holding PulumiPolicy.yaml for the nodejs runtime and a package.json with a version", () => {
    const dir = policyPackPath();
    assert.equal(dir, join(ROOT, "policy"));
    assert.match(readFileSync(join(dir, "PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs$/m);
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version?: string };
    assert.match(manifest.version ?? "", /^\d+\.\d+\.\d+$/);
    assert.equal(policyPackEntry(dir), join(ROOT, "dist/policy/index.js"));
  });

  it("is handed to Pulumi only once built, and says how to build it otherwise", () => {
    if (existsSync(policyPackEntry())) assert.deepEqual(policyPacks(), [join(ROOT, "policy")]);
    else assert.throws(() => policyPacks(), /npm run build/);
  });
});
