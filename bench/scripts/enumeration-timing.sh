#!/bin/sh
# Can a guesser tell a council's staff from strangers by timing? Compares, on a running broker
# started with generated users (./broker.sh up --load-users N), the password grant's answer time for
#   known:   a person the broker has seen before (signed in once here first), wrong password
#   unknown: a name at the same council that its directory does not hold
# interleaved, one try per person (so brute-force protection never locks anyone), and prints each
# median in milliseconds. Issue 11, item 9: the two must be within 5 ms of each other.
#
# Usage: bench/scripts/enumeration-timing.sh [base-url] [home] [council-suffix] [tries]
#   defaults: http://localhost:8080 .broker haringey.gov.uk 60   (needs --load-users >= tries)
set -eu
base=${1:-http://localhost:8080}
home=${2:-.broker}
suffix=${3:-haringey.gov.uk}
tries=${4:-60}
secret=$(sed -n 's/^demo.service.secret=//p' "$home/secrets.properties")
token="$base/realms/borough/protocol/openid-connect/token"

grant() { # username password -> "http_code seconds"
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$token" -d grant_type=password \
    -d client_id=borough-demo-service -d "client_secret=$secret" --data-urlencode "username=$1" \
    --data-urlencode "password=$2"
}
user() { printf 'loaduser%05d@%s' "$1" "$suffix"; }

i=1
while [ "$i" -le "$tries" ]; do   # make each a returning person
  code=$(grant "$(user "$i")" 'LoadTest!2026' | cut -d' ' -f1)
  [ "$code" = 200 ] || { echo "sign-in of $(user "$i") answered $code" >&2; exit 1; }
  i=$((i + 1))
done
known=$(mktemp); unknown=$(mktemp)
i=1
while [ "$i" -le "$tries" ]; do
  grant "$(user "$i")" 'Wrong!guess1' | awk '{print $2 * 1000}' >> "$known"
  grant "nosuchperson$i-$$@$suffix" 'Wrong!guess1' | awk '{print $2 * 1000}' >> "$unknown"
  i=$((i + 1))
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m}'; }
k=$(median "$known"); u=$(median "$unknown")
echo "known person, wrong password: median $k ms ($tries tries)"
echo "unknown name:                 median $u ms ($tries tries)"
awk -v k="$k" -v u="$u" 'BEGIN {d=u-k; printf "difference (unknown - known): %.1f ms\n", d}'
rm -f "$known" "$unknown"
