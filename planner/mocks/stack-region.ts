import { runtime } from "@pulumi/pulumi";
import { STACK_CONFIG_KEY } from "../../domain/stack-config.js";
import { type CloudName, regionSpec } from "../../regions/index.js";

/** The cloud's own region id of the stack being planned (one stack is in one region). */
export function mockStackRegionId(): string {
  const raw = runtime.getConfig(STACK_CONFIG_KEY);
  const key = raw ? (JSON.parse(raw) as { region?: string }).region : undefined;
  const colon = key?.indexOf(":") ?? -1;
  if (!key || colon <= 0) throw new Error(`the planner's mocks need ${STACK_CONFIG_KEY} with a region`);
  return regionSpec({ cloud: key.slice(0, colon) as CloudName, region: key.slice(colon + 1) }).id;
}

/** A PEM certificate with a body derived from the resource. */
export function mockCertificate(hex: (n: number) => string): string {
  const body = Buffer.from(hex(96), "hex").toString("base64");
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

export function mockUuid(hex: (n: number) => string): string {
  const h = hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A private address (10.0.0.0/8 or 172.16.0.0/12) derived from the resource, never .0 or .255. */
export function mockPrivateIp(hex: (n: number) => string, prefix = "10"): string {
  const b = Buffer.from(hex(6), "hex");
  const second = prefix === "172" ? 16 + (b[0] % 16) : b[0] % 64;
  return `${prefix}.${second}.${b[1]}.${2 + (b[2] % 250)}`;
}
