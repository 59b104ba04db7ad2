#!/usr/bin/env bash
# package_test's second half, run by root inside its own mount namespace (unshare --mount): the
# installed insoled runs as the user the package's postinst made (its uid and gid, read from the
# scratch root's /etc), with the unit's umask and the system paths (/var/lib/insole, /run/insole on
# tmpfs, visible to these processes only), recording two host-firmware insoles; then a runner who
# is not root but a member of group insole uses the installed insolectl with no flags and no
# XDG variables (status, runs, summary last), and someone outside the group is refused.
#   package_group_check.sh ROOT_ETC BIN_DIR WORK_DIR
# BIN_DIR holds the installed insoled and insolectl and insole-fw-host; WORK_DIR is open to all.
set -euo pipefail
etc=$1
bin=$2
work=$3
firmware=$bin/insole-fw-host
fail() { echo "package_group_check: $*" >&2; exit 1; }

uid=$(awk -F: '$1 == "insole" { print $3 }' "$etc/passwd")
gid=$(awk -F: '$1 == "insole" { print $3 }' "$etc/group")
[ -n "$uid" ] && [ -n "$gid" ] || fail "no user or group insole in $etc"
runner=61002    # a runner: their own uid and group, and a member of insole
outsider=61003  # not a member
mount --make-rprivate /
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /var/lib
# What systemd makes from StateDirectory= / RuntimeDirectory= (and the tmpfiles entry).
install -d -m 0770 -o "$uid" -g "$gid" /var/lib/insole
install -d -m 0750 -o "$uid" -g "$gid" /run/insole
install -d -m 0755 -o "$uid" -g "$gid" "$work/links"
install -d -m 0700 -o "$runner" -g "$runner" "$work/home"
install -d -m 0700 -o "$outsider" -g "$outsider" "$work/outsider"

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# The insoles' ptys belong to whoever opens them: the service's user, as udev's group would.
for side in L R; do
  # exec: the pid kept is the insole's own, so cleanup stops it (a function run in the
  # background is a subshell, and killing that left the insole running).
  (exec setpriv --reuid="$uid" --regid="$gid" --clear-groups -- "$firmware" --side "$side" \
    --cadence 170 --link-path "$work/links/insole-$side") >"$work/fw-$side.log" 2>&1 &
  pids+=($!)
done
cat >"$work/insoled.conf" <<CONF
database = /var/lib/insole/insole.db
api_socket = /run/insole/insoled.sock
serial_glob = $work/links/insole-*
usb = off
web = none
CONF
chmod 0644 "$work/insoled.conf"
(umask 0007 && exec env -i PATH=/usr/bin:/bin setpriv --reuid="$uid" --regid="$gid" \
  --clear-groups -- "$bin/insoled" --config "$work/insoled.conf") >"$work/insoled.log" 2>&1 &
pids+=($!)
for _ in $(seq 200); do
  [ "$(grep -c 'streaming at' "$work/insoled.log" || true)" -ge 2 ] && break
  sleep 0.1
done
[ "$(grep -c 'streaming at' "$work/insoled.log" || true)" -ge 2 ] ||
  { cat "$work/insoled.log"; fail "insoled did not record both insoles within 20 s"; }
as() {
  local who=$1 home=$2 groups=$3
  shift 3
  env -i PATH=/usr/bin:/bin HOME="$home" TZ=UTC setpriv --reuid="$who" --regid="$who" \
    --groups="$groups" -- "$bin/insolectl" "$@"
}
# The run is in the database once its first steps are: wait for it, not for a fixed time.
for _ in $(seq 100); do
  as "$runner" "$work/home" "$gid" runs 2>/dev/null | grep -Eq '^ +1 .* recording ' && break
  sleep 0.1
done

out=$(as "$runner" "$work/home" "$gid" status) || fail "a member's 'insolectl status' failed: $out"
grep -q 'SIM-L-0001' <<<"$out" && grep -q 'SIM-R-0001' <<<"$out" ||
  fail "status does not show both insoles: $out"
out=$(as "$runner" "$work/home" "$gid" runs) || fail "a member's 'insolectl runs' failed: $out"
grep -Eq '^ +1 .* recording ' <<<"$out" || fail "runs does not list the run being recorded: $out"
out=$(as "$runner" "$work/home" "$gid" summary last) ||
  fail "a member's 'insolectl summary last' failed: $out"
echo "a member of group insole, uid $runner, with no flags:"
echo "$out" | head -5
# Without the group: neither the socket nor the database.
if out=$(as "$outsider" "$work/outsider" "$outsider" status 2>&1); then
  fail "someone outside group insole got the status: $out"
fi
if out=$(as "$outsider" "$work/outsider" "$outsider" runs 2>&1); then
  fail "someone outside group insole read the runs: $out"
fi
grep -q "database /var/lib/insole/insole.db is closed to you: add yourself to group insole" \
  <<<"$out" || fail "runs does not tell the outsider why: $out"
echo "outside the group: refused ($(head -1 <<<"$out"))"
# insolectl doctor tells the outsider what to do, and the member that all is well.
if out=$(as "$outsider" "$work/outsider" "$outsider" doctor 2>&1); then
  fail "doctor found nothing to fix for someone outside group insole: $out"
fi
grep -q '^fix .*closed to you: add yourself to group insole' <<<"$out" ||
  fail "doctor does not tell the outsider to join group insole: $out"
out=$(as "$runner" "$work/home" "$gid" doctor) || fail "doctor found something to fix for a member: $out"
grep -q '^ok    insoled .* answers on /run/insole/insoled.sock: 2 insole(s) streaming' <<<"$out" ||
  fail "doctor for a member: $out"
echo "doctor, for a member:"
echo "$out"
echo "package_group_check: ok"
