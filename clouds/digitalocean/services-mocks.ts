/**
 * The digitalocean resources of a cluster's services as the offline planner answers them: a tenant's
 * Spaces bucket's name and its Spaces key (an access key and a secret key).
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

export const digitaloceanServicesMocks: ProviderMocks = {
  ids: { [TYPE.doSpacesBucket]: bucketName },
  outputs: {
    [TYPE.doSpacesBucket]: (args, ids) => ({ name: bucketName(args, ids) }),
    [TYPE.doSpacesKey]: (_args, ids) => ({
      accessKey: `DO${ids.hex(18).toUpperCase()}`,
      secretKey: secret(mockPassword(ids)),
    }),
  },
};
