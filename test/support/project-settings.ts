/**
 * Project-wide settings in a test project's Pulumi.yaml, written as a user writes them (structured values
 * under `value:`, which Pulumi's own schema for project config requires).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";

/** What onboarding asks of a project that deploys to every cloud (see domain/project-settings.ts). */
export const DEPLOY_SETTINGS: Readonly<Record<string, unknown>> = {
  "gcp:project": "acme-platform-4711",
  "cloudtier:deployerCidrs": ["203.0.113.0/28"],
  "cloudtier:memberOidc": { issuerUrl: "https://login.example.com", clientId: "kubernetes" },
};

export function setProjectConfig(
  project: string,
  values: Readonly<Record<string, unknown>> = DEPLOY_SETTINGS,
): void {
  const path = join(project, "Pulumi.yaml");
  const doc = parseDocument(readFileSync(path, "utf8"));
  for (const [key, value] of Object.entries(values)) {
    const structured = typeof value === "object" && value !== null && !Array.isArray(value);
    doc.setIn(["config", key], doc.createNode(structured ? { value } : value));
  }
  writeFileSync(path, doc.toString());
}
