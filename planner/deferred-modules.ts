/**
 * Imported for its effect, first thing in a planner worker: importing `@pulumi/pulumi` loads the TypeScript
 * compiler (for `typescript-shim`) and npm's Arborist (for `computeCodePaths`) at once, about 0.4 s of the
 * 0.6 s Pulumi takes to import, paid again by every worker. Only the closure serializer uses them (to
 * serialize functions for dynamic providers and lambdas), which the offline planner never calls.
 *
 * Each is put in `require.cache` (which Node documents as writable) under its real file name as a
 * stand-in that loads the real module on first use, so code that does use them still works, only later.
 * The SDK's TypeScript helper `__importStar` (and a loader such as tsx) reads `__esModule` first: the
 * stand-in answers it without loading anything, so the SDK keeps the stand-in itself and reaches the real
 * exports through it.
 */
import { createRequire } from "node:module";
import Module from "node:module";

/** Modules deferred, as `@pulumi/pulumi` requires them. */
export const DEFERRED_MODULES = ["typescript", "@npmcli/arborist"] as const;

const pulumiRequire = createRequire(createRequire(import.meta.url).resolve("@pulumi/pulumi"));

function defer(id: string): void {
  let file: string;
  try {
    file = pulumiRequire.resolve(id);
  } catch {
    return; // Not installed where Pulumi looks for it: nothing to defer.
  }
  if (pulumiRequire.cache[file]) return; // Already loaded in this thread.
  let real: Record<PropertyKey, unknown> | undefined;
  const load = (): Record<PropertyKey, unknown> => {
    if (!real) {
      delete pulumiRequire.cache[file];
      real = pulumiRequire(id) as Record<PropertyKey, unknown>;
    }
    return real;
  };
  const standIn = new Module(file);
  standIn.filename = file;
  standIn.loaded = true;
  const esModule = { value: true, configurable: true, enumerable: false, writable: false };
  standIn.exports = new Proxy(
    {},
    {
      get: (_, key) => (key === "__esModule" ? true : load()[key]),
      has: (_, key) => key === "__esModule" || key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_, key) => {
        if (key === "__esModule") return esModule;
        // tsx probes every CommonJS module it loads for this interop key; neither module defines it.
        if (key === "module.exports") return undefined;
        const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
  pulumiRequire.cache[file] = standIn;
}

for (const id of DEFERRED_MODULES) defer(id);
