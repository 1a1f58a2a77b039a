import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { findTornSidecars, removeTornSidecars, tornSidecarNote } from "../../deploy/state-repair.js";

const root = mkdtempSync(join(tmpdir(), "cloudtier-state-repair-"));
after(() => rmSync(root, { recursive: true, force: true }));

/** A file backend as Pulumi lays it out, with one stack's state, its sidecar, a history entry and a lock. */
function backend(name: string): string {
  const dir = join(root, name);
  const stacks = join(dir, ".pulumi", "stacks", "cloudtier");
  const locks = join(dir, ".pulumi", "locks", "organization", "cloudtier", "acme");
  mkdirSync(stacks, { recursive: true });
  mkdirSync(locks, { recursive: true });
  writeFileSync(join(stacks, "acme.json"), '{"version":3}');
  writeFileSync(join(stacks, "acme.json.attrs"), '{"user.content_type":"application/octet-stream"}\n');
  writeFileSync(join(locks, "1.json"), '{"pid":1}');
  writeFileSync(join(locks, "1.json.attrs"), '{"md5":"x"}\n');
  return dir;
}

describe("file backend repair", () => {
  it("finds nothing in a sound backend, or in one not created yet", () => {
    assert.deepEqual(findTornSidecars(backend("sound")), []);
    assert.deepEqual(findTornSidecars(join(root, "absent")), []);
  });

  it("removes only the empty sidecars, at any depth, and never a state file", () => {
    const dir = backend("torn");
    const stackSidecar = join(dir, ".pulumi", "stacks", "cloudtier", "acme.json.attrs");
    const lockSidecar = join(dir, ".pulumi", "locks", "organization", "cloudtier", "acme", "1.json.attrs");
    writeFileSync(stackSidecar, "");
    writeFileSync(lockSidecar, "");
    // An empty state file is not a sidecar: it is left for Pulumi to report.
    writeFileSync(join(dir, ".pulumi", "stacks", "cloudtier", "empty.json"), "");
    assert.deepEqual(findTornSidecars(dir), [lockSidecar, stackSidecar]);
    assert.deepEqual(removeTornSidecars(dir), [lockSidecar, stackSidecar]);
    assert.equal(existsSync(stackSidecar), false);
    assert.equal(existsSync(join(dir, ".pulumi", "stacks", "cloudtier", "acme.json")), true);
    assert.equal(existsSync(join(dir, ".pulumi", "stacks", "cloudtier", "empty.json")), true);
    assert.deepEqual(findTornSidecars(dir), []);
  });

  it("names the file it removed and says the state is intact", () => {
    assert.match(
      tornSidecarNote("/s/.pulumi/stacks/p/a.json.attrs"),
      /removed \/s\/.+a\.json\.attrs.+intact/,
    );
  });
});
