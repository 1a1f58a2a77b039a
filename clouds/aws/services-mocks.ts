/**
 * The aws resources of a cluster's services as the offline planner answers them: the backups bucket's
 * name (its prefix and a suffix, as S3 completes `bucketPrefix`) and ARN.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { IdFactory, ProviderMocks } from "../../planner/mocks/types.js";
import { TYPE } from "../tokens.js";

function bucketName(args: pulumi.runtime.MockResourceArgs, ids: IdFactory): string {
  const inputs = args.inputs as Record<string, unknown>;
  if (typeof inputs["bucket"] === "string") return inputs["bucket"];
  const prefix = typeof inputs["bucketPrefix"] === "string" ? inputs["bucketPrefix"] : `${args.name}-`;
  return `${prefix}${ids.hex(26)}`;
}

export const awsServicesMocks: ProviderMocks = {
  ids: { [TYPE.awsS3Bucket]: bucketName },
  outputs: {
    [TYPE.awsS3Bucket]: (args, ids) => {
      const name = bucketName(args, ids);
      return { bucket: name, arn: `arn:aws:s3:::${name}` };
    },
  },
};
