/**
 * The scaleway resources of a cluster's services as the offline planner answers them: the bucket's name
 * and the IAM application's API key (an access key and a secret key in Scaleway's formats).
 */
import type * as pulumi from "@pulumi/pulumi";
import { secret } from "@pulumi/pulumi";
import { mockPassword } from "../../planner/mocks/random.js";
import type { IdFactory, ProviderMocks } from "../../planner/mocks/types.js";
import { TYPE } from "../tokens.js";

function bucketName(args: pulumi.runtime.MockResourceArgs, ids: IdFactory): string {
  const name = (args.inputs as Record<string, unknown>)["name"];
  return typeof name === "string" ? name : `${args.name}-${ids.hex(7)}`;
}

export const scalewayServicesMocks: ProviderMocks = {
  outputs: {
    [TYPE.scwObjectBucket]: (args, ids) => ({ name: bucketName(args, ids) }),
    [TYPE.scwIamApiKey]: (_args, ids) => ({
      accessKey: `SCW${ids.hex(17).toUpperCase()}`,
      // The provider marks the secret key secret; the canary shows any leak of it into a plan.
      secretKey: secret(mockPassword(ids)),
    }),
  },
};
