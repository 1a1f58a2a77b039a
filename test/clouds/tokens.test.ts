import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { TOKENS } from "../../policy/tokens.js";

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const KUBERNETES_GROUPS: Record<string, string> = {
  "networking.k8s.io": "networking",
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
    case "gcp":
      return { module: `@pulumi/${pkg}/${mod}.js`, name };
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

describe("type tokens", () => {
  for (const [group, tokens] of Object.entries(TOKENS)) {
    it(`${group}: each token is the __pulumiType of its SDK class`, () => {
      for (const token of tokens) {
        const { module, name } = sdkClassOf(token);
        const exported = (require(module) as Record<string, { __pulumiType?: string } | undefined>)[name];
        assert.ok(exported, `${module} exports ${name}`);
        assert.equal(exported.__pulumiType, token);
      }
    });
  }
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
