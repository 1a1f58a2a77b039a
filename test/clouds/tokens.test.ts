import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { KUBERNETES_TYPES, TOKENS, TYPE } from "../../clouds/tokens.js";
import { validateKubernetesObject } from "../../planner/k8s-schema.js";

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const KUBERNETES_GROUPS: Record<string, string> = {
  "networking.k8s.io": "networking",
  "admissionregistration.k8s.io": "admissionregistration",
  "rbac.authorization.k8s.io": "rbac",
  "helm.sh": "helm",
};
const HELM_FILES: Record<string, string> = {
  "v3:Release": "release",
  "v3:Chart": "helm",
  "v4:Chart": "chart",
};

/** The SDK module and class behind a type token, by each package's file layout. */
function sdkClassOf(token: string): { module: string; name: string } {
  const [pkg, mod, name] = token.split(":");
  switch (pkg) {
    case "aws":
      return { module: `@pulumi/${pkg}/${mod}.js`, name };
    case "gcp":
      // IAM modules are file-named in lower case (`projects/iammember.js` for `projects/iAMMember`).
      return { module: `@pulumi/gcp/${/\/iAM/.test(mod) ? mod.toLowerCase() : mod}.js`, name };
    case "random":
    case "digitalocean":
      return { module: `@pulumi/${pkg}/${mod.replace(/^index\//, "")}.js`, name };
    case "azure-native":
      return { module: `@pulumi/azure-native/${mod}/${lowerFirst(name)}.js`, name };
    case "scaleway":
      return { module: `@pulumiverse/scaleway/${mod.replace(/^index\//, "")}.js`, name };
    case "kubernetes": {
      const [group, version] = mod.split("/");
      if (group === "helm.sh")
        return { module: `@pulumi/kubernetes/helm/${version}/${HELM_FILES[`${version}:${name}`]}.js`, name };
      return {
        module: `@pulumi/kubernetes/${KUBERNETES_GROUPS[group] ?? group}/${version}/${lowerFirst(name)}.js`,
        name,
      };
    }
    default:
      throw new Error(`no SDK layout for ${token}`);
  }
}

/** Custom resources of the platform's operators: no SDK class, their schemas are the planner's. */
const CUSTOM_RESOURCE_GROUPS =
  /^kubernetes:(postgresql\.cnpg\.io|redis\.redis\.opstreelabs\.in|monitoring\.coreos\.com|cert-manager\.io|cilium\.io)\//;

describe("the type token registry", () => {
  for (const [name, token] of Object.entries(TYPE)) {
    it(`${name}: ${token} exists in the installed SDK`, () => {
      if (CUSTOM_RESOURCE_GROUPS.test(token)) {
        // A custom resource: the planner must know its schema (an unknown one fails every plan).
        const [, apiVersion, kind] = /^kubernetes:([^:]+):(\w+)$/.exec(token)!;
        const errors = validateKubernetesObject({
          urn: token,
          type: token,
          name: "x",
          parent: null,
          provider: null,
          custom: true,
          protect: false,
          inputs: { apiVersion, kind, metadata: { name: "x" } },
        });
        assert.ok(!errors.some((e) => e.includes("no schema known")), errors.join("\n"));
        return;
      }
      const { module, name: className } = sdkClassOf(token);
      const exported = (require(module) as Record<string, { __pulumiType?: string } | undefined>)[className];
      assert.ok(exported, `${module} exports ${className}`);
      assert.equal(exported.__pulumiType, token);
    });
  }

  it("groups only registered tokens", () => {
    const registered = new Set<string>(Object.values(TYPE));
    for (const [group, tokens] of Object.entries(TOKENS)) {
      for (const token of tokens) assert.ok(registered.has(token), `${group}: ${token} is in TYPE`);
    }
  });

  it("names each token once", () => {
    const tokens = Object.values(TYPE);
    assert.equal(new Set(tokens).size, tokens.length);
    assert.ok(Object.keys(KUBERNETES_TYPES).length > 0);
  });
});

/** A string literal that is a provider type token (`pkg:module:Type`); cloudtier's own component tokens aside. */
const TOKEN_LITERAL =
  /["'`]((?:aws|gcp|azure-native|scaleway|digitalocean|kubernetes|random):[A-Za-z0-9./_-]*:[A-Z][A-Za-z0-9]*)["'`]/g;
const REGISTRY = /^clouds\/(tokens\.ts|[a-z]+\/tokens\.ts)$/;

describe("readers of type tokens", () => {
  it("take every token from the registry: no other module spells one out", () => {
    const files = execFileSync(
      "git",
      ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts", "*.mjs"],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    )
      .split("\n")
      // Tests state tokens as literal expectations, on purpose: they are the oracle, not a reader.
      .filter((f) => f && !f.startsWith("test/") && !f.startsWith("node_modules/") && !REGISTRY.test(f));
    assert.ok(files.length > 100, `${files.length} source files scanned`);
    const found: string[] = [];
    for (const file of files) {
      // Comments may name a token to explain something; code may not.
      const code = readFileSync(`${ROOT}${file}`, "utf8")
        .split("\n")
        .filter((line) => !/^\s*(\*|\/\*|\/\/)/.test(line))
        .join("\n");
      for (const match of code.matchAll(TOKEN_LITERAL)) {
        found.push(`${file}: ${match[1]}`);
      }
    }
    assert.deepEqual(found, [], "type tokens spelled outside clouds/tokens.ts and clouds/<cloud>/tokens.ts");
  });

  it("would see a token spelled in a module (negative control)", () => {
    const sample = 'const t = "azure-native:cache:Redis";';
    assert.deepEqual(
      [...sample.matchAll(TOKEN_LITERAL)].map((m) => m[1]),
      ["azure-native:cache:Redis"],
    );
  });
});

describe("loading the rules", () => {
  it("loads no provider SDK and no policy server, in a fresh process", () => {
    const script = `
      import { createRequire } from "node:module";
      const require = createRequire(${JSON.stringify(`${ROOT}package.json`)});
      const loaded = () => Object.keys(require.cache);
      const heavy = /node_modules\\/(@pulumi\\/(aws|gcp|azure-native|kubernetes)|@pulumiverse\\/scaleway|@pulumi\\/policy\\/server|@grpc)\\//;
      await import(${JSON.stringify(`${ROOT}policy/rules/index.ts`)});
      await import(${JSON.stringify(`${ROOT}policy/evaluate.ts`)});
      await import(${JSON.stringify(`${ROOT}cost/estimate.ts`)});
      const before = loaded().filter((p) => heavy.test(p));
      // The check itself must see an SDK when one is loaded.
      await import("@pulumi/aws/eks/cluster.js");
      const after = loaded().filter((p) => heavy.test(p));
      console.log(JSON.stringify({ before, after: after.length }));
    `;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
    });
    assert.equal(child.status, 0, child.stderr);
    const { before, after } = JSON.parse(child.stdout.trim().split("\n").pop()!) as {
      before: string[];
      after: number;
    };
    assert.deepEqual(before, [], "no SDK module loaded by the rules, the evaluator or the estimate");
    assert.ok(after > 0, "loading an SDK module is detected");
  });
});
