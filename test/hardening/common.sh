# test/hardening/common.sh: what the hardening checks share.  Sourced, never run.
#
# Each check is a script in test/hardening/ that runs on its own (PG_CONFIG chooses the server,
# as for make): one that needs a server runs itself again under tools/pgcluster, on a throwaway
# cluster, with the settings it asks for.  Each ends with one line
#   hardening: NAME: FIGURES: ok        (or FAIL: WHY)
# which test/hardening/run gathers into its summary; its exit status is 0 only for ok.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$PWD
export PG_CONFIG=${PG_CONFIG:-pg_config}
bindir=$("$PG_CONFIG" --bindir)
export PATH="$bindir:$PATH"
check_name=$(basename "$0")

# Run the calling script again on a throwaway cluster with extra server settings ($1), unless
# it is on one already; the arguments after $1 are passed on.
on_cluster() {
	local opts=$1
	shift
	if [ -z "${PGCLUSTER_DATA:-}" ]; then
		PGCLUSTER_OPTS="${PGCLUSTER_OPTS:-} $opts" exec "$root/tools/pgcluster" "$0" "$@"
	fi
}

# psql without the user's settings, stopping at the first error.
sql() {
	psql -X -q -v ON_ERROR_STOP=1 "$@"
}

# One value from a query.
value() {
	local db=$1
	shift
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -c "$@"
}

# A fresh database holding the extension.
fresh_db() {
	sql -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
	sql -d "$1" -c "SET client_min_messages = warning" -c "CREATE EXTENSION deal" >/dev/null
}

# Print the check's summary line and exit: pass FIGURES, then nothing for ok or the reason for
# failing.
finish() {
	local figures=$1 why=${2:-}
	if [ -z "$why" ]; then
		echo "hardening: $check_name: $figures: ok"
		exit 0
	fi
	echo "hardening: $check_name: $figures: FAIL: $why"
	exit 1
}

# Has the server crashed or restarted since its log ($1, default the cluster's) began?  Prints
# what the log says.
server_crashed() {
	grep -E 'PANIC|server process .* was terminated|terminated by signal|all server processes terminated|database system was not properly shut down' \
		"${1:-${PGCLUSTER_LOG:-/dev/null}}" | head -5 | grep .
}

# A bound from the environment (a whole number), or its default.
bound() {
	local name=$1 default=$2 v
	v=${!name:-$default}
	case $v in
		'' | *[!0-9]*) echo "$check_name: $name must be a whole number, got \"$v\"" >&2; exit 2 ;;
	esac
	echo "$v"
}
