#!/bin/sh
# Start EMQX with the cache's users. ECS injects the secrets as environment variables:
#   GC_PUBLISHER_PASSWORD       password of gc-publisher (the manager publishes with it)
#   EMQX_NODE__COOKIE           Erlang cookie shared by the cluster's nodes
#   EMQX_DASHBOARD__DEFAULT_PASSWORD  dashboard password of admin (dashboard on loopback only)
# The read-only account is everyone/everyone by WIS2 convention (the Global Brokers use it);
# GC_EVERYONE_PASSWORD may change it.
set -eu

: "${GC_PUBLISHER_PASSWORD:?GC_PUBLISHER_PASSWORD is not set (ECS secret of the gc-publisher password)}"
: "${EMQX_NODE__COOKIE:?EMQX_NODE__COOKIE is not set (ECS secret of the Erlang cookie)}"
everyone_password="${GC_EVERYONE_PASSWORD:-everyone}"

# DNS discovery returns the tasks' addresses, so each node is named after its own address.
if [ -z "${EMQX_NODE__NAME:-}" ]; then
  address="$(hostname -i | awk '{print $1}')"
  export EMQX_NODE__NAME="emqx@${address}"
fi

# EMQX reads this file at start (authentication bootstrap_file, bootstrap_type = plain) and
# stores salted hashes of the passwords in its built-in database. Generated passwords contain
# letters and digits only, so they need no CSV quoting.
bootstrap=/opt/emqx/data/gc-users.csv
umask 077
{
  echo "user_id,password,is_superuser"
  echo "gc-publisher,${GC_PUBLISHER_PASSWORD},false"
  echo "everyone,${everyone_password},false"
} > "$bootstrap"
unset GC_PUBLISHER_PASSWORD GC_EVERYONE_PASSWORD everyone_password

# EMQX's figures to CloudWatch (Embedded Metric Format lines on stdout), once a minute
/usr/local/bin/gc-metrics.sh &

exec /usr/bin/docker-entrypoint.sh "$@"
