#!/bin/sh
# Borough Broker launcher: ./broker.sh up | down | reset | councils | roles | bench | help
#
# Builds the launcher with the Maven wrapper when it is missing or older than the sources (the first
# build downloads Maven, Keycloak and the dependencies: a few minutes), then runs it.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
jar="$here/broker/target/borough-broker.jar"

# Java 17 or newer: from JAVA_HOME, else from the PATH.
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java="$JAVA_HOME/bin/java"
elif command -v java >/dev/null 2>&1; then
  java=$(command -v java)
else
  echo "broker: no Java found. Borough Broker needs a JDK 17 or newer: install one (for example" >&2
  echo "        'apt-get install openjdk-17-jdk') or set JAVA_HOME to it." >&2
  exit 1
fi
version=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
major=${version#1.}
major=${major%%.*}
case "$major" in
  ''|*[!0-9]*) major=0 ;;
esac
if [ "$major" -lt 17 ]; then
  echo "broker: $java is Java ${version:-unknown}; Borough Broker needs Java 17 or newer." >&2
  echo "        Install a JDK 17 (for example 'apt-get install openjdk-17-jdk') and set JAVA_HOME to it." >&2
  exit 1
fi
if [ -z "${JAVA_HOME:-}" ]; then
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$java")")")
  export JAVA_HOME
fi

stale() {
  [ ! -f "$1" ] && return 0
  [ -n "$(find "$here/pom.xml" "$here"/*/pom.xml "$here"/*/src/main -newer "$1" -type f 2>/dev/null | head -n 1)" ]
}

# The benchmark suite (bench/): the broker against stock Keycloak on this machine; see docs/performance.md.
# build_if_stale JAR MODULE WHAT: builds MODULE (and what it needs) when JAR is older than the sources.
build_if_stale() {
  stale "$1" || return 0
  echo "Building $3 (the first build downloads Maven, Keycloak and dependencies: a few minutes)..."
  if ! (cd "$here" && ./mvnw -q -B -Dmaven.test.skip=true -pl "$2" -am package); then
    echo "broker: the build failed; see the Maven output above." >&2
    exit 1
  fi
}

if [ "${1:-}" = "bench" ]; then
  shift
  bench_jar="$here/bench/target/borough-bench.jar"
  build_if_stale "$bench_jar" bench "the benchmark suite"
  cd "$here"
  exec "$java" -jar "$bench_jar" suite "$@"
fi

build_if_stale "$jar" broker "Borough Broker"

cd "$here"
exec "$java" -jar "$jar" "$@"
