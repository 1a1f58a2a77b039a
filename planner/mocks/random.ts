/**
 * The random provider as the offline planner answers it. Passwords are secrets that start with a marker,
 * so a test can search a whole plan for them: any marker in a plan is a password shown in plain text.
 */
import type * as pulumi from "@pulumi/pulumi";
import { secret } from "@pulumi/pulumi";
import type { IdFactory, ProviderMocks } from "./types.js";
import { TYPE } from "../../clouds/tokens.js";

/** The mock runtime hands inputs over untyped. */
const inputsOf = (args: { inputs: unknown }) => args.inputs as Record<string, unknown>;

/** Every generated password of a plan begins with this; it must never appear in a plan's JSON. */
export const MOCK_PASSWORD_MARKER = "CTCANARY";

export function mockPassword(ids: IdFactory, length = 32): string {
  return `${MOCK_PASSWORD_MARKER}${ids.hex(Math.max(8, length - MOCK_PASSWORD_MARKER.length))}`;
}

export const randomMocks: ProviderMocks = {
  ids: { [TYPE.randomRandomPassword]: () => "none" },
  outputs: {
    // The real provider marks `result` and `bcryptHash` secret; the mock returns them as secrets too,
    // so the program sees the same kind of value it gets from a deployment.
    [TYPE.randomRandomPassword]: (args: pulumi.runtime.MockResourceArgs, ids) => {
      const length = inputsOf(args)["length"];
      return {
        result: secret(mockPassword(ids, typeof length === "number" ? length : 32)),
        bcryptHash: secret(`$2a$10$${ids.hex(53)}`),
      };
    },
  },
};
