/**
 * Checks of option values that `ci github` and `export operator` write into YAML for other tools: git
 * branch names and repository URLs, Kubernetes names, cron schedules, Node versions, paths inside a
 * repository. Each returns the problems with one value; empty when it is fine. Pure.
 */
import type { InputProblem } from "../domain/errors.js";

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * A branch name as git accepts it (`git check-ref-format --branch`), that GitHub's branch filters also
 * match literally: no `+` or leading `!`, which those filters read as pattern syntax.
 */
export function branchProblems(value: string, field: string): InputProblem[] {
  const fix = "Give the branch's name as git shows it, e.g. main or release/2026-01.";
  const broken = (rule: string): InputProblem[] => [{ field, rule, received: value, fix }];
  if (value.length === 0) return broken("must not be empty");
  if (value.length > 255)
    return [{ field, rule: "is too long", limit: "255 characters", received: value, fix }];
  if (CONTROL.test(value) || /[ ~^:?*[\\]/.test(value)) {
    return broken("must not contain spaces, control characters or any of ~ ^ : ? * [ \\");
  }
  if (value.includes("..") || value.includes("@{") || value === "@") {
    return broken("must not contain '..' or '@{', nor be '@'");
  }
  if (value.startsWith("-") || value.startsWith("/") || value.endsWith("/") || value.includes("//")) {
    return broken("must not start with '-' or '/', end with '/', or contain '//'");
  }
  if (value.endsWith(".") || value.split("/").some((c) => c.startsWith(".") || c.endsWith(".lock"))) {
    return broken("must not end with '.', nor have a part that starts with '.' or ends with '.lock'");
  }
  if (value.startsWith("!") || value.includes("+")) {
    return broken("must not start with '!' or contain '+': GitHub's branch filters read them as patterns");
  }
  return [];
}

/**
 * A git repository the operator can clone: `https://host/path` (no credentials in it: they would be
 * written out in the clear), `ssh://[user@]host[:port]/path`, or `user@host:path`.
 */
export function repoUrlProblems(value: string, field: string): InputProblem[] {
  const fix = "Give e.g. https://github.com/acme/platform.git or git@github.com:acme/platform.git.";
  const broken = (rule: string): InputProblem[] => [{ field, rule, received: value, fix }];
  if (value.length === 0 || /\s/.test(value) || CONTROL.test(value)) {
    return broken("must be a git URL without spaces or control characters");
  }
  if (/^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[A-Za-z0-9._~/-]+$/.test(value) && !value.includes("://")) {
    return value.includes("..") ? broken("must name a repository path without '..'") : [];
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return broken("must be an https:// or ssh:// URL, or user@host:path");
  }
  if (url.protocol !== "https:" && url.protocol !== "ssh:") {
    return broken(`must use https:// or ssh://, not ${url.protocol}// (unencrypted or local)`);
  }
  if (url.protocol === "https:" && (url.username !== "" || url.password !== "")) {
    return [
      {
        field,
        rule: "must not hold credentials: the output would carry them in the clear",
        received: value.replace(/\/\/[^@/]*@/, "//***@"),
        fix: "Give the URL without user and token; the operator takes git credentials from a Secret.",
      },
    ];
  }
  if (url.hostname === "" || url.pathname.length <= 1 || url.search !== "" || url.hash !== "") {
    return broken("must name a host and a repository path, without query or fragment");
  }
  return [];
}

/** A DNS-1123 label (namespaces): lowercase letters, digits and '-', 63 characters. */
export function dnsLabelProblems(value: string, field: string): InputProblem[] {
  if (value.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) return [];
  return [
    {
      field,
      rule: "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit",
      limit: "63 characters",
      received: value,
      fix: "Use e.g. pulumi-kubernetes-operator.",
    },
  ];
}

/** A DNS-1123 subdomain (ServiceAccount and Secret names): labels joined by '.', 253 characters. */
export function dnsSubdomainProblems(value: string, field: string): InputProblem[] {
  const label = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  if (value.length <= 253 && new RegExp(`^${label}(\\.${label})*$`).test(value)) return [];
  return [
    {
      field,
      rule: "must be a DNS-1123 subdomain: lowercase letters, digits, '-' and '.'",
      limit: "253 characters",
      received: value,
      fix: "Use e.g. pulumi or pulumi-passphrase.",
    },
  ];
}

/** A key of a Secret's data: letters, digits, '-', '_' and '.'. */
export function secretKeyProblems(value: string, field: string): InputProblem[] {
  if (value.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(value) && value !== "." && value !== "..") return [];
  return [
    {
      field,
      rule: "must be a Secret key: letters, digits, '-', '_' and '.'",
      limit: "253 characters",
      received: value,
      fix: "Use e.g. PULUMI_CONFIG_PASSPHRASE.",
    },
  ];
}

const CRON_FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  },
  { name: "day of week", min: 0, max: 6, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
] as const;

/** Why one cron field is wrong, or undefined. */
function cronFieldProblem(text: string, spec: (typeof CRON_FIELDS)[number]): string | undefined {
  const names: readonly string[] = "names" in spec ? spec.names : [];
  const value = (v: string): number | undefined => {
    if (/^[0-9]+$/.test(v)) return Number(v);
    const i = names.indexOf(v.toUpperCase());
    return i >= 0 ? i + spec.min : undefined;
  };
  for (const item of text.split(",")) {
    const m = /^(\*|[^-/]+(?:-[^-/]+)?)(?:\/([0-9]+))?$/.exec(item);
    if (!m) return `"${item}" is not a value, a range (a-b), * or a step (x/n)`;
    if (m[2] !== undefined && Number(m[2]) < 1) return `the step of "${item}" must be at least 1`;
    if (m[1] === "*") continue;
    const [from, to] = m[1].split("-").map(value);
    const bounds = [from, to ?? from];
    if (bounds.some((b) => b === undefined || b < spec.min || b > spec.max)) {
      return `"${item}" is outside ${spec.min}-${spec.max}${names.length > 0 ? ` (or ${names[0]}-${names[names.length - 1]})` : ""}`;
    }
    if (to !== undefined && to < from!) return `the range "${item}" runs backwards`;
  }
  return undefined;
}

/** A GitHub Actions runner label (`runs-on`): a hosted runner's name or a self-hosted runner's label. */
export function runnerLabelProblems(value: string, field: string): InputProblem[] {
  if (value.length <= 255 && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value)) return [];
  return [
    {
      field,
      rule: "must be a runner label: letters, digits, '.', '_' and '-'",
      limit: "255 characters",
      received: value,
      fix: "Give the label of a runner, e.g. --runs-on ubuntu-latest or --runs-on deployer.",
    },
  ];
}

/** A cron schedule as GitHub Actions reads it: five fields (minute, hour, day, month, day of week), UTC. */
export function cronProblems(value: string, field: string): InputProblem[] {
  const fix = 'Use e.g. "17 3 * * *" (03:17 UTC every day).';
  const parts = value.trim().split(/\s+/);
  if (CONTROL.test(value.replace(/[\t]/g, " ")) || parts.length !== 5) {
    return [{ field, rule: "must be a cron expression of five fields", received: value, fix }];
  }
  const problems: InputProblem[] = [];
  parts.forEach((part, i) => {
    const problem = cronFieldProblem(part, CRON_FIELDS[i]);
    if (problem) {
      problems.push({
        field,
        rule: `has a bad ${CRON_FIELDS[i].name} field: ${problem}`,
        limit: `${CRON_FIELDS[i].min}-${CRON_FIELDS[i].max}`,
        received: value,
        fix,
      });
    }
  });
  return problems;
}

/**
 * A Node version for actions/setup-node that the CLI runs on: `20`, `20.x`, `22.11`, `22.11.0` or `lts/*`,
 * within the engines the package declares (20.19 or later on 20; 22 or later).
 */
export function nodeVersionProblems(value: string, field: string): InputProblem[] {
  const fix = "Use 20 (the latest 20.x), 22, 20.19.0 or lts/*.";
  if (value === "lts/*") return [];
  const m = /^([0-9]+)(?:\.(x|[0-9]+)(?:\.(x|[0-9]+))?)?$/.exec(value);
  if (!m) {
    return [
      { field, rule: "must be a Node version such as 20, 22.x, 20.19.0 or lts/*", received: value, fix },
    ];
  }
  const major = Number(m[1]);
  const minor = m[2] === undefined || m[2] === "x" ? undefined : Number(m[2]);
  const supported = major >= 22 || (major === 20 && (minor === undefined || minor >= 19));
  return supported
    ? []
    : [
        {
          field,
          rule: "must be a Node version cloudtier runs on",
          limit: ">=20.19 <21 or >=22",
          received: value,
          fix,
        },
      ];
}

/** A directory inside the repository: relative, without '..', in characters safe in a shell command. */
export function repoDirProblems(value: string, field: string): InputProblem[] {
  const fix = "Give the path from the repository's root, e.g. infra/platform (or . for the root).";
  const broken = (rule: string): InputProblem[] => [{ field, rule, received: value, fix }];
  if (value.length === 0) return broken("must not be empty");
  if (!/^[A-Za-z0-9._/-]+$/.test(value)) {
    return broken("may hold only letters, digits, '.', '_', '-' and '/': it is written into shell commands");
  }
  if (value.startsWith("/") || value.startsWith("-") || value.split("/").includes("..")) {
    return broken("must be a relative path inside the repository: no leading '/' or '-', no '..'");
  }
  return [];
}
