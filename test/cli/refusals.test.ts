/**
 * A refused command never looks like a success: over every path on which a command refuses (missing project
 * settings, a removal without --replace, a move between the shared tiers and the cloud tier, a region left
 * out, a stack name taken, a context key taken, a GCP project changed, a missing --yes, a customer that is
 * not onboarded, a bad option, a dry run that would remove something), it exits 2, its output starts with
 * the verdict (`refused: ...`), no word of success appears anywhere in it, and it writes nothing. With
 * --json the same: stdout is `{"refused", "errors"}`, the verdict first.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { stringify } from "yaml";
import { deployProject, fakeEnv, pulumiCalls, run, snapshot } from "./harness.js";
import { removeTempDir, tempProject } from "../support/cli.js";

/** Words that report something done; a refusal says none of them (negations such as "nothing was" aside). */
const SUCCESS =
  /\b(?<!not |nothing was |never |would be )(created|updated|changed|unchanged|written|onboarded|offboarded|removed|deployed|succeeded|done|ok)\b/i;

interface Refusal {
  readonly name: string;
  /** A project to refuse in (settings set or not), with what was onboarded before. */
  readonly project: () => Promise<string>;
  readonly args: readonly string[];
}

const TEAM = ["--tier", "team", "--regions", "kubeconfig:local"];

async function must(project: string, args: readonly string[]) {
  const r = await run(
    ["-C", project, ...args, ...(args[0] === "onboard" ? ["--no-plan"] : [])],
    fakeEnv(project),
  );
  assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
}

/** A project with deploy settings and acme onboarded on the team tier with two members, Redis and a quota. */
async function withAcme(settings = true): Promise<string> {
  const project = settings ? deployProject() : tempProject();
  await must(project, [
    "onboard",
    "acme",
    ...TEAM,
    "--member",
    "ann@example.com:owner",
    "--member",
    "bob@example.com:viewer",
    "--quota",
    "pods=30",
    "--redis",
    "--display-name",
    "Acme Inc",
  ]);
  return project;
}
const ACME_AS_IS = [
  "onboard",
  "acme",
  ...TEAM,
  "--member",
  "ann@example.com:owner",
  "--member",
  "bob@example.com:viewer",
  "--quota",
  "pods=30",
  "--redis",
  "--display-name",
  "Acme Inc",
];
/** acme's command line without these words (an option and its value, or a flag). */
const without = (...words: string[]): string[] => {
  const at = ACME_AS_IS.findIndex((_, i) => words.every((w, j) => ACME_AS_IS[i + j] === w));
  assert.ok(at >= 0, words.join(" "));
  return [...ACME_AS_IS.slice(0, at), ...ACME_AS_IS.slice(at + words.length)];
};

const REFUSALS: readonly Refusal[] = [
  {
    name: "onboard: a managed cloud without the project settings it needs",
    project: () => Promise.resolve(tempProject()),
    args: ["onboard", "zeta", "--tier", "cloud", "--regions", "aws:eu-west-1"],
  },
  {
    name: "onboard: a GCP region without a GCP project",
    project: () => Promise.resolve(tempProject()),
    args: ["onboard", "zeta", "--tier", "cloud", "--regions", "gcp:europe-west1"],
  },
  {
    name: "onboard: a member removed without --replace",
    project: () => withAcme(),
    args: without("--member", "bob@example.com:viewer"),
  },
  {
    name: "onboard: a quota override removed without --replace",
    project: () => withAcme(),
    args: without("--quota", "pods=30"),
  },
  {
    name: "onboard: a data store removed without --replace",
    project: () => withAcme(),
    args: without("--redis"),
  },
  {
    name: "onboard: the display name removed without --replace",
    project: () => withAcme(),
    args: without("--display-name", "Acme Inc"),
  },
  {
    name: "onboard --dry-run: a member removed without --replace",
    project: () => withAcme(),
    args: [...without("--member", "bob@example.com:viewer"), "--dry-run"],
  },
  {
    name: "onboard --verbose: a member removed without --replace",
    project: () => withAcme(),
    args: [...without("--member", "bob@example.com:viewer"), "--verbose"],
  },
  {
    name: "onboard: a team customer moved to the cloud tier",
    project: async () => {
      const project = deployProject();
      await must(project, ["onboard", "acme", "--tier", "team", "--regions", "aws:eu-west-1"]);
      return project;
    },
    args: ["onboard", "acme", "--tier", "cloud", "--regions", "aws:eu-west-1"],
  },
  {
    name: "onboard: a region left out",
    project: async () => {
      const project = deployProject();
      await must(project, [
        "onboard",
        "acme",
        "--tier",
        "team",
        "--regions",
        "aws:eu-west-1,kubeconfig:local",
      ]);
      return project;
    },
    args: ["onboard", "acme", ...TEAM],
  },
  {
    name: "onboard --replace: a region left out",
    project: async () => {
      const project = deployProject();
      await must(project, [
        "onboard",
        "acme",
        "--tier",
        "team",
        "--regions",
        "aws:eu-west-1,kubeconfig:local",
      ]);
      return project;
    },
    args: ["onboard", "acme", ...TEAM, "--replace"],
  },
  {
    name: "onboard --file: a batch that removes a member",
    project: async () => {
      const project = await withAcme();
      writeFileSync(
        join(project, "customers.yaml"),
        stringify({
          customers: [
            { id: "newco", tier: "team", regions: ["kubeconfig:local"] },
            {
              id: "acme",
              displayName: "Acme Inc",
              tier: "team",
              regions: ["kubeconfig:local"],
              members: ["ann@example.com:owner"],
              redis: true,
              quota: { pods: 30 },
            },
          ],
        }),
      );
      return project;
    },
    args: ["onboard", "--file", "@PROJECT@/customers.yaml"],
  },
  {
    name: "onboard: a kubeconfig context whose key another context holds",
    project: async () => {
      const project = deployProject();
      await must(project, ["onboard", "acme", "--tier", "team", "--regions", "kubeconfig:prod.eu"]);
      return project;
    },
    args: ["onboard", "beta", "--tier", "team", "--regions", "kubeconfig:prod_eu"],
  },
  {
    name: "onboard: another GCP project for an existing stack",
    project: async () => {
      const project = deployProject();
      await must(project, ["onboard", "zeta", "--tier", "cloud", "--regions", "gcp:europe-west1"]);
      return project;
    },
    args: [
      "onboard",
      "zeta",
      "--tier",
      "cloud",
      "--regions",
      "gcp:europe-west1",
      "--gcp-project",
      "other-project-1",
    ],
  },
  {
    name: "onboard: a customer whose environment stack is another's",
    project: async () => {
      const project = deployProject();
      await must(project, ["onboard", "platform-aws", "--tier", "team", "--regions", "kubeconfig:local"]);
      return project;
    },
    args: ["onboard", "platform", "--tier", "cloud", "--regions", "aws:eu-west-1"],
  },
  {
    name: "onboard: a bad option value",
    project: () => Promise.resolve(tempProject()),
    args: ["onboard", "acme", "--tier", "gold", "--regions", "kubeconfig:local"],
  },
  {
    name: "onboard: an unknown option",
    project: () => Promise.resolve(tempProject()),
    args: ["onboard", "acme", ...TEAM, "--colour", "red"],
  },
  {
    name: "offboard: without --yes",
    project: () => withAcme(),
    args: ["offboard", "acme"],
  },
  {
    name: "offboard: a customer that is not onboarded",
    project: () => withAcme(),
    args: ["offboard", "nobody", "--yes"],
  },
  {
    name: "destroy: without --yes",
    project: () => withAcme(),
    args: ["destroy", "--all"],
  },
  {
    name: "up: a stack that does not exist",
    project: () => withAcme(),
    args: ["up", "--stack", "nope-aws-eu-west-1"],
  },
];

function firstLine(text: string): string {
  return text.split("\n").find((l) => l.trim() !== "") ?? "";
}

describe("every refusal says so first and nothing else", () => {
  for (const r of REFUSALS) {
    it(r.name, async () => {
      const project = await r.project();
      try {
        const args = r.args.map((a) => a.replaceAll("@PROJECT@", project));
        const before = snapshot(project);
        const calls = pulumiCalls(project).length;
        const text = await run(["-C", project, ...args], fakeEnv(project));
        const output = `${text.stdout}${text.stderr}`;
        assert.equal(text.code, 2, `exit ${text.code}:\n${output}`);
        assert.equal(text.stdout, "", `nothing on stdout before or besides the refusal:\n${text.stdout}`);
        assert.match(firstLine(text.stderr), /^refused: /, `the verdict first:\n${output}`);
        assert.doesNotMatch(output, SUCCESS, `no word of success:\n${output}`);

        const json = await run(["-C", project, ...args, "--json"], fakeEnv(project));
        assert.equal(json.code, 2, `--json: exit ${json.code}:\n${json.stdout}${json.stderr}`);
        const parsed = JSON.parse(json.stdout) as Record<string, unknown>;
        assert.equal(Object.keys(parsed)[0], "refused", `--json: the verdict first:\n${json.stdout}`);
        assert.ok(Array.isArray(parsed["errors"]) && parsed["errors"].length > 0, json.stdout);
        assert.match(
          firstLine(json.stderr),
          /^refused: /,
          `--json: stderr says it first too:\n${json.stderr}`,
        );
        assert.doesNotMatch(`${json.stdout}${json.stderr}`, SUCCESS, `--json: no word of success`);

        assert.deepEqual(snapshot(project), before, "nothing written");
        assert.equal(pulumiCalls(project).length, calls, "no pulumi started");
      } finally {
        removeTempDir(project);
      }
    });
  }
});
