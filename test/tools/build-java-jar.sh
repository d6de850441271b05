#!/usr/bin/env bash
# Builds the library's Java package from the current sources, the way a release does (`npm run build`, i.e. jsii, then
# jsii-pacmak's Java code generation), compiles it with Maven offline against the bindings test/tools/install-java-bindings.sh
# keeps in .tools/java/m2 (run that first), installs the jar there as cdk8shivemq:cdk8s-hivemq and prints its path.
# The build runs in a copy of exactly the files it needs (as test/tools/build-python-wheel.sh does, and for the same
# reasons: no race with another build of this checkout, and a file the build needs but the copy lacks fails it).
# The jar is kept in dist/java-test/<SHA-256 of those files and this script>/: a second run from the same sources reuses
# it, any change to them builds a new one. Each run installs the kept jar into .tools/java/m2 unless the jar there is that
# very file, so the Java examples always compile against the current sources.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
repo="$root/.tools/java/m2"
[ -d "$repo" ] || { echo "build-java-jar.sh: run test/tools/install-java-bindings.sh first" >&2; exit 1; }
inputs=(package.json package-lock.json tsconfig.jsii.json README.md API.md CHANGELOG.md LICENSE lib imports bin)
key="$( { find "${inputs[@]}" -type f -print0 | sort -z | xargs -0 sha256sum; sha256sum < "$0"; } | sha256sum | cut -c1-16)"
cache="$root/dist/java-test"
jar_dir="$cache/$key"
mvn=(mvn --batch-mode --quiet -Dstyle.color=never -o "-Dmaven.repo.local=$repo")
if ! ls "$jar_dir"/*.jar >/dev/null 2>&1; then
  start=$(date +%s)
  echo "build-java-jar.sh: building the jar from the current sources ($key)" >&2
  work="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-hivemq-jar-XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  cp -R "${inputs[@]}" "$work/"
  ln -s "$root/node_modules" "$work/node_modules"
  (
    for variable in $(compgen -e); do case "$variable" in npm_*|NPM_*) unset "$variable" ;; esac; done
    cd "$work" && npm run --silent build >&2 && npx --no-install jsii-pacmak --code-only --targets java --no-npmignore >&2
  )
  # jsii-pacmak's project, compiled without its javadoc and sources jars (a release builds those; the test needs neither).
  "${mvn[@]}" -f "$work/dist/java/pom.xml" -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package >&2
  rm -rf "$cache"
  mkdir -p "$jar_dir.partial"
  cp "$work"/dist/java/target/cdk8s-hivemq-*.jar "$jar_dir.partial/"
  cp "$work/dist/java/pom.xml" "$jar_dir.partial/"
  # Renamed when complete: a jar in dist/java-test/<key>/ is always whole.
  mv "$jar_dir.partial" "$jar_dir"
  echo "build-java-jar.sh: built in $(( $(date +%s) - start ))s" >&2
fi
jar="$(ls "$jar_dir"/cdk8s-hivemq-*.jar)"
version="$(basename "$jar" .jar)"; version="${version#cdk8s-hivemq-}"
installed="$repo/cdk8shivemq/cdk8s-hivemq/$version/cdk8s-hivemq-$version.jar"
if ! cmp -s "$jar" "$installed"; then
  "${mvn[@]}" org.apache.maven.plugins:maven-install-plugin:2.4:install-file "-Dfile=$jar" "-DpomFile=$jar_dir/pom.xml" >&2
fi
echo "$jar"
