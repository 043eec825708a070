#!/bin/bash
# Borough Broker image entrypoint: each KC_<...>_PASSWORD_FILE or KC_<...>_SECRET_FILE variable
# becomes KC_<...>_PASSWORD / KC_<...>_SECRET read from that file (compose or Kubernetes secrets:
# KC_DB_PASSWORD_FILE=/run/secrets/db_password), so no secret is written into the orchestrator's
# configuration; then runs kc.sh. Only those two endings: Keycloak's own *_FILE options
# (KC_HTTPS_CERTIFICATE_FILE, ...) name files Keycloak reads itself and are left alone.
set -euo pipefail
for name in $(compgen -e); do
  case "$name" in
    KC_*_PASSWORD_FILE|KC_*_SECRET_FILE)
      target=${name%_FILE}
      file=${!name}
      if [ -n "${!target:-}" ]; then
        echo "entrypoint: both $target and $name are set; use one" >&2
        exit 1
      fi
      if [ ! -r "$file" ]; then
        echo "entrypoint: $name names $file, which cannot be read" >&2
        exit 1
      fi
      # $(<file) is bash's own read: the micro image has no cat. Trailing newlines are dropped.
      export "$target=$(<"$file")"
      unset "$name"
      ;;
  esac
done
exec /opt/keycloak/bin/kc.sh "$@"
