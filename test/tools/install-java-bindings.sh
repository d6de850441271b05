#!/usr/bin/env bash
# Installs what test/java.test.ts needs besides the library's own jar (test/tools/build-java-jar.sh builds that): the Java
# bindings of constructs, cdk8s and cdk8s-plus-28, and the Maven plugins, into a git-ignored Maven repository,
# .tools/java/m2, from which every later Maven run works offline (`mvn -o`).
# The bindings are built here, with jsii-pacmak, from the very npm packages the TypeScript side uses (node_modules: the
# versions package-lock.json pins), not taken from Maven Central: the Maven Central this project's build machine reaches
# serves org.cdk8s:cdk8s only up to 2.70.47 and no org.cdk8s:cdk8s-plus-28 at all, and a jar embeds the JavaScript it
# runs, so another version could synthesize other YAML. jsii-pacmak fetches the jsii Java runtime (software.amazon.jsii:
# jsii-runtime, the version jsii-pacmak is), its dependencies and the Maven plugins from Maven Central once.
# Idempotent: does nothing when the stamp matches the packages' versions, this script and test/java/pom.xml.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
packages=(constructs cdk8s cdk8s-plus-28)
repo="$root/.tools/java/m2"
stamp="$root/.tools/java/bindings.stamp"
versions="$(for package in "${packages[@]}" jsii-pacmak; do node -p "'$package@' + require('./node_modules/$package/package.json').version"; done)"
want="$( { echo "$versions"; cat "$0" test/java/pom.xml; } | sha256sum | cut -d' ' -f1)"
if [ -d "$repo" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
command -v mvn >/dev/null 2>&1 && command -v javac >/dev/null 2>&1 || {
  echo "install-java-bindings.sh: a JDK (17 or newer) and Maven (3.8 or newer) are needed" >&2; exit 1; }
echo "install-java-bindings.sh: building the Java bindings of $(echo $versions | sed 's/ jsii-pacmak.*//') into .tools/java/m2" >&2
start=$(date +%s)
rm -f "$stamp"
work="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-hivemq-java-bindings-XXXXXX")"
trap 'rm -rf "$work"' EXIT
# Copies, so jsii-pacmak's `npm pack` (the JavaScript tarball each jar embeds) and its scratch files never touch
# node_modules; the packages' bundled dependencies come along in their own node_modules folders.
mkdir -p "$work/node_modules"
for package in "${packages[@]}"; do cp -R "node_modules/$package" "$work/node_modules/"; done
(
  for variable in $(compgen -e); do case "$variable" in npm_*|NPM_*) unset "$variable" ;; esac; done
  cd "$work"
  # Without javadoc jars (nobody reads them here). jsii-pacmak passes MAVEN_OPTS on to Maven.
  MAVEN_OPTS="${MAVEN_OPTS:-} -Dmaven.javadoc.skip=true -Dstyle.color=never" "$root/node_modules/.bin/jsii-pacmak" --targets java --no-npmignore \
    --no-fingerprint --maven-local-repository="$repo" -o "$work/out" "${packages[@]/#/node_modules/}" >&2
)
# jsii-pacmak deploys into a folder laid out as a Maven repository; installed from there into the local repository, the
# artifacts resolve offline.
mvn_install=(mvn --batch-mode --quiet -Dstyle.color=never -o "-Dmaven.repo.local=$repo"
  org.apache.maven.plugins:maven-install-plugin:2.4:install-file)
for pom in $(find "$work/out/java" -name '*.pom'); do
  "${mvn_install[@]}" "-Dfile=${pom%.pom}.jar" "-DpomFile=$pom" "-Dsources=${pom%.pom}-sources.jar" >&2
done
# The plugins the Java examples' build uses besides those jsii-pacmak's build fetched.
mvn --batch-mode --quiet -Dstyle.color=never "-Dmaven.repo.local=$repo" -f test/java/pom.xml dependency:resolve-plugins >&2
echo "$want" > "$stamp"
echo "install-java-bindings.sh: installed in $(( $(date +%s) - start ))s" >&2
