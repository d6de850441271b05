#!/usr/bin/env bash
# Builds the API-server test tools once per machine into .tools/bin (git-ignored): Kubernetes' own kube-apiserver and
# kubectl from the published Go module k8s.io/kubernetes, and etcd from go.etcd.io/etcd/server/v3, all pinned in
# test/tools/apiserver/go.mod. Idempotent: does nothing when the binaries of the pinned versions are present.
# Go's module and build caches are the normal ones ($GOMODCACHE, $GOCACHE), so a rebuild after a pin change is quick.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
module="$root/test/tools/apiserver"
bin="$root/.tools/bin"
kubernetes_version="$(awk '$1 == "k8s.io/kubernetes" { print $2 }' "$module/go.mod")"
stamp="$bin/apiserver-tools.stamp"
want="$(cat "$module/go.mod" "$module/go.sum" "$module/cmd/etcd/main.go" "$0" | sha256sum | cut -d' ' -f1)"
if [ -x "$bin/kube-apiserver" ] && [ -x "$bin/kubectl" ] && [ -x "$bin/etcd" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "build-apiserver.sh: Go is needed to build kube-apiserver, kubectl and etcd" >&2; exit 1; }
mkdir -p "$bin"
minor="${kubernetes_version#v1.}"; minor="${minor%%.*}"
# The version stamps Kubernetes' own build sets (hack/lib/version.sh), so that the server and kubectl report v1.N.M.
ldflags="-s -w"
for package in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags="$ldflags -X $package.gitVersion=$kubernetes_version -X $package.gitMajor=1 -X $package.gitMinor=$minor"
  ldflags="$ldflags -X $package.gitTreeState=clean -X $package.buildDate=1970-01-01T00:00:00Z"
done
echo "build-apiserver.sh: building kube-apiserver, kubectl ($kubernetes_version) and etcd into .tools/bin (first build takes minutes)" >&2
start=$(date +%s)
(
  cd "$module"
  CGO_ENABLED=0 GOFLAGS=-trimpath go build -ldflags "$ldflags" -o "$bin/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl ./cmd/etcd
)
seconds=$(( $(date +%s) - start ))
echo "$want" > "$stamp"
echo "build-apiserver.sh: built in ${seconds}s" >&2
