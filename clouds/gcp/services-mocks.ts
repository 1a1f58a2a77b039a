/** The gcp resources of a cluster's services as the offline planner answers them: the bucket's name. */
import type * as pulumi from "@pulumi/pulumi";
import type { IdFactory, ProviderMocks } from "../../planner/mocks/types.js";
import { TYPE } from "../tokens.js";

/** A bucket's name: its own, or Pulumi's autoname (the resource's name and seven hex digits). */
function bucketName(args: pulumi.runtime.MockResourceArgs, ids: IdFactory): string {
  const name = (args.inputs as Record<string, unknown>)["name"];
  return typeof name === "string" ? name : `${args.name}-${ids.hex(7)}`;
}

export const gcpServicesMocks: ProviderMocks = {
  ids: { [TYPE.gcpStorageBucket]: bucketName },
  outputs: {
    [TYPE.gcpStorageBucket]: (args, ids) => ({
      name: bucketName(args, ids),
      url: `gs://${bucketName(args, ids)}`,
    }),
  },
};
