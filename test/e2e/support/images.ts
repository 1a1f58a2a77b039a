/**
 * Container images for the suite's node, made by hand from static binaries: no registry is reachable here,
 * so each image is a docker-archive tarball (manifest.json, a config whose `rootfs.diff_ids` names its one
 * layer, and that layer) that containerd imports. Layers are built with GNU tar with fixed owners and
 * times, so the same files give the same image.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";

export interface ImageSpec {
  /** The reference pods name, e.g. `cloudtier.local/busybox:e2e`. */
  readonly ref: string;
  /** Files of the image: its path in the image, and the host file it is copied from. */
  readonly files: readonly { readonly path: string; readonly from: string }[];
  /** Symbolic links in the image: its path, and what it points at. */
  readonly links?: readonly { readonly path: string; readonly target: string }[];
  /** Files written with the given content. */
  readonly texts?: readonly { readonly path: string; readonly content: string }[];
  readonly entrypoint: readonly string[];
}

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

/** Writes the image as a docker-archive tarball under `dir` and returns its path. */
export function buildImage(dir: string, spec: ImageSpec): string {
  const name = spec.ref.replace(/[^a-z0-9.-]+/g, "_");
  const work = join(dir, `${name}.image`);
  const rootfs = join(work, "rootfs");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(rootfs, "tmp"), { recursive: true });
  chmodSync(join(rootfs, "tmp"), 0o1777);
  for (const file of spec.files) {
    mkdirSync(dirname(join(rootfs, file.path)), { recursive: true });
    copyFileSync(file.from, join(rootfs, file.path));
    chmodSync(join(rootfs, file.path), 0o755);
  }
  for (const link of spec.links ?? []) {
    mkdirSync(dirname(join(rootfs, link.path)), { recursive: true });
    symlinkSync(link.target, join(rootfs, link.path));
  }
  for (const text of spec.texts ?? []) {
    mkdirSync(dirname(join(rootfs, text.path)), { recursive: true });
    writeFileSync(join(rootfs, text.path), text.content);
  }
  const layer = join(work, "layer.tar");
  execFileSync("tar", [
    "--sort=name",
    "--owner=0",
    "--group=0",
    "--numeric-owner",
    "--mtime=@0",
    "-C",
    rootfs,
    "-cf",
    layer,
    ".",
  ]);
  const config = JSON.stringify({
    architecture: "amd64",
    os: "linux",
    config: { Entrypoint: spec.entrypoint, Env: ["PATH=/bin:/usr/bin"] },
    rootfs: { type: "layers", diff_ids: [`sha256:${sha256(readFileSync(layer))}`] },
  });
  const configFile = `${sha256(config)}.json`;
  writeFileSync(join(work, configFile), config);
  writeFileSync(
    join(work, "manifest.json"),
    JSON.stringify([{ Config: configFile, RepoTags: [spec.ref], Layers: ["layer.tar"] }]),
  );
  const archive = join(dir, `${name}.tar`);
  execFileSync("tar", ["-C", work, "-cf", archive, "manifest.json", configFile, "layer.tar"]);
  rmSync(work, { recursive: true, force: true });
  return archive;
}

/** busybox-static from Debian, with a link per applet: the pods' shell, HTTP server and clients. */
export function busyboxImage(ref: string): ImageSpec {
  const busybox = "/bin/busybox";
  const applets = execFileSync(busybox, ["--list"], { encoding: "utf8" }).split("\n").filter(Boolean);
  return {
    ref,
    files: [{ path: "bin/busybox", from: busybox }],
    links: applets.filter((a) => a !== "busybox").map((a) => ({ path: `bin/${a}`, target: "busybox" })),
    texts: [
      { path: "etc/passwd", content: "root:x:0:0::/:/bin/sh\nnobody:x:65534:65534::/:/bin/sh\n" },
      { path: "etc/group", content: "root:x:0:\nnobody:x:65534:\n" },
    ],
    // Also the pod sandbox ("pause") image: it must never exit.
    entrypoint: ["/bin/sleep", "2147483647"],
  };
}

/** An image of one static binary at `/<name>`. */
export function binaryImage(ref: string, binary: string, name: string): ImageSpec {
  return {
    ref,
    files: [{ path: name, from: binary }],
    texts: [
      { path: "etc/passwd", content: "root:x:0:0::/:/sbin/nologin\nnobody:x:65534:65534::/:/sbin/nologin\n" },
    ],
    entrypoint: [`/${name}`],
  };
}
