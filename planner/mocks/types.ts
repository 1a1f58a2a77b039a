import type * as pulumi from "@pulumi/pulumi";

/** Computes the outputs a provider would return for a resource, from its inputs. */
export type OutputMock = (args: pulumi.runtime.MockResourceArgs, ids: IdFactory) => Record<string, unknown>;
/** Answers one provider function (invoke) the way the provider would. */
export type CallMock = (args: pulumi.runtime.MockCallArgs) => Record<string, unknown>;

export interface IdFactory {
  /** A stable hexadecimal string derived from the resource, `length` characters long. */
  hex(length: number): string;
}

/** The mock behaviour of one provider package. */
export interface ProviderMocks {
  /** Physical id of a resource, keyed by type token; the default is `<name>-<7 hex>` as Pulumi autonames. */
  readonly ids?: Readonly<Record<string, (args: pulumi.runtime.MockResourceArgs, ids: IdFactory) => string>>;
  readonly outputs?: Readonly<Record<string, OutputMock>>;
  readonly calls?: Readonly<Record<string, CallMock>>;
}
