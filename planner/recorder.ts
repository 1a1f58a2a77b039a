/**
 * Records every resource the program registers with the mock monitor, with what the mock runtime does not
 * hand to `newResource`: the parent, `protect`, and which inputs are secret. It also rejects duplicate
 * URNs, which the real engine rejects and the mock runtime silently accepts.
 */
import * as pulumi from "@pulumi/pulumi";
import { type PlannedResource, SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "./types.js";

const rpc = pulumi.runtime;

/** Turns a raw gRPC struct value into plain JSON: secrets hidden, resource references as URNs. */
export function plainValue(value: unknown): unknown {
  if (value === rpc.unknownValue) return UNKNOWN_PLACEHOLDER;
  if (Array.isArray(value)) return value.map(plainValue);
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    switch (record[rpc.specialSigKey]) {
      case rpc.specialSecretSig:
        return SECRET_PLACEHOLDER;
      case rpc.specialResourceSig:
        return record["urn"];
      case rpc.specialOutputValueSig:
        return record["secret"] ? SECRET_PLACEHOLDER : plainValue(record["value"]);
      case rpc.specialAssetSig:
      case rpc.specialArchiveSig:
        return "[asset]";
      default:
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, plainValue(v)]));
    }
  }
  return value;
}

interface Struct {
  toJavaScript(): Record<string, unknown>;
}

/** The subset of the RegisterResourceRequest protobuf the recorder reads. */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProvider(): string;
  getProtect(): boolean;
  getObject(): Struct | undefined;
}
/** The subset of the ReadResourceRequest protobuf (e.g. a StackReference) the recorder reads. */
interface ReadRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getProperties(): Struct | undefined;
}
type Callback = (err: Error | null, response?: { getUrn(): string }) => void;
interface Monitor {
  registerResource(req: RegisterRequest, callback: Callback): Promise<void>;
  readResource(req: ReadRequest, callback: Callback): Promise<void>;
}

/** Decodes a request's inputs once: the mock monitor decodes them again, and gets this same result. */
function decodeOnce(struct: Struct | undefined): Record<string, unknown> {
  if (!struct) return {};
  const decoded = struct.toJavaScript();
  struct.toJavaScript = () => decoded;
  return decoded;
}

export class Recorder {
  readonly resources: PlannedResource[] = [];
  readonly duplicates: string[] = [];
  private readonly seen = new Set<string>();

  /** Wraps the monitor that `setMocks` installed. Call right after `setMocks`. */
  attach(): void {
    const monitor = pulumi.runtime.getMonitor() as unknown as Monitor | undefined;
    if (!monitor) throw new Error("no mock monitor: call setMocks first");
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
      const custom = req.getCustom();
      const inputs = plainValue(decodeOnce(req.getObject())) as Record<string, unknown>;
      return register(req, (err, response) => {
        if (!err && response) {
          this.record({
            urn: response.getUrn(),
            type: req.getType(),
            name: req.getName(),
            parent: req.getParent() || null,
            provider: custom ? req.getProvider() || null : null,
            custom,
            protect: req.getProtect(),
            inputs,
          });
        }
        callback(err, response);
      });
    };
    // Reads (a StackReference to the stack that owns the cluster) are part of the plan too.
    const read = monitor.readResource.bind(monitor);
    monitor.readResource = (req, callback) => {
      const inputs = plainValue(decodeOnce(req.getProperties())) as Record<string, unknown>;
      return read(req, (err, response) => {
        if (!err && response) {
          this.record({
            urn: response.getUrn(),
            type: req.getType(),
            name: req.getName(),
            parent: req.getParent() || null,
            provider: req.getProvider() || null,
            custom: true,
            protect: false,
            inputs,
          });
        }
        callback(err, response);
      });
    };
  }

  private record(resource: PlannedResource): void {
    if (this.seen.has(resource.urn)) {
      this.duplicates.push(resource.urn);
      return;
    }
    this.seen.add(resource.urn);
    this.resources.push(resource);
  }
}
