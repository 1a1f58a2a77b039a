import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lockAdvice, parseLockHolders } from "../../deploy/lock.js";

// The DIY backends' message (pkg/backend/diy/lock.go), as the CLI prints it for an s3 backend.
const MESSAGE = `error: the stack is currently locked by 2 lock(s). Either wait for the other process(es) to end or delete the lock file with \`pulumi cancel\`.
  s3://state/.pulumi/locks/organization/cloudtier/acme-aws-eu-west-1/22d8693a.json: created by ann@laptop (pid 285) at 2026-03-01T10:00:00Z
  s3://state/.pulumi/locks/organization/cloudtier/acme-aws-eu-west-1/7f0c.json: created by runner@ci-7 (pid 12) at 2026-03-01T10:05:00Z`;

describe("locks", () => {
  it("reads every holder from the backend's message", () => {
    assert.deepEqual(parseLockHolders(MESSAGE), [
      {
        lockFile: "s3://state/.pulumi/locks/organization/cloudtier/acme-aws-eu-west-1/22d8693a.json",
        holder: "ann@laptop",
        pid: 285,
        since: "2026-03-01T10:00:00Z",
      },
      {
        lockFile: "s3://state/.pulumi/locks/organization/cloudtier/acme-aws-eu-west-1/7f0c.json",
        holder: "runner@ci-7",
        pid: 12,
        since: "2026-03-01T10:05:00Z",
      },
    ]);
    assert.deepEqual(parseLockHolders("[409] Conflict: Another update is currently in progress."), []);
  });

  it("advises checking the holder, backing up the state, then pulumi cancel", () => {
    const advice = lockAdvice("acme-aws-eu-west-1", parseLockHolders(MESSAGE));
    assert.match(
      advice,
      /locked by ann@laptop \(pid 285\) since 2026-03-01T10:00:00Z; runner@ci-7 \(pid 12\)/,
    );
    assert.match(advice, /check on laptop that pid 285 is no longer running/);
    const backup = advice.indexOf("pulumi stack export --stack acme-aws-eu-west-1");
    const cancel = advice.indexOf("pulumi cancel --stack acme-aws-eu-west-1 --yes");
    assert.ok(backup > 0 && cancel > backup, "the state is backed up before the lock is cleared");
    assert.match(lockAdvice("s", []), /does not say whose/);
  });
});
