#!/bin/bash
# Times a new user's first `./broker.sh up`: a fresh clone of this repository and a truly empty home
# (HOME and Java's user.home, where Maven keeps its repository and the wrapper its distribution), so
# everything is downloaded from Maven Central. Prints the time to the banner and how much of it was
# the build. Uses the default ports (8080, 9000; the cluster's 18443, 15432, ... with --cluster): run
# nothing else on them meanwhile.
#
#   bench/scripts/first-up-timing.sh [work-dir [up-options...]]   (default: a new temporary folder)
#   bench/scripts/first-up-timing.sh /tmp/first-cluster --cluster  (the work dir must be enterable by the
#                                                                  postgres user: not under /root)
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-$(mktemp -d)}
shift || true
mkdir -p "$work/home"
# up --cluster runs PostgreSQL as its own user, who must be able to enter the clone (mktemp makes 0700).
chmod 755 "$work"
git clone -q "$repo" "$work/repo"
cd "$work/repo" || exit 1
export HOME="$work/home" JAVA_TOOL_OPTIONS="-Duser.home=$work/home" MAVEN_USER_HOME="$work/home/.m2"
started=$(date +%s.%N)
setsid ./broker.sh up "$@" > "$work/up.log" 2>&1 < /dev/null &
pid=$!
for _ in $(seq 1 2400); do
  grep -q 'Borough Broker is up' "$work/up.log" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
ended=$(date +%s.%N)
if ! grep 'Borough Broker is up' "$work/up.log"; then
  echo "no banner; see $work/up.log" >&2
  kill -TERM -"$pid" 2>/dev/null
  exit 1
fi
total=$(echo "$ended - $started" | bc)
start=$(sed -n 's/.*council directories (\([0-9]*\) s).*/\1/p' "$work/up.log")
echo "banner after ${total} s: build and downloads $(echo "$total - $start" | bc) s, launcher ${start} s"
du -sh "$work/home/.m2" | sed 's/^/downloaded: /'
# The banner's own sign-in command, pasted as a newcomer would (from the clone, where its paths start).
signin=$(grep -A1 'A token for' "$work/up.log" | sed -n 2p | sed 's/^ *//')
if bash -c "$signin" | grep -q '"access_token"'; then
  echo "the banner's sign-in command returned a token"
else
  echo "the banner's sign-in command did not return a token: $signin" >&2
  status=1
fi
./broker.sh down > /dev/null 2>&1 || kill -TERM -"$pid"
exit "${status:-0}"
