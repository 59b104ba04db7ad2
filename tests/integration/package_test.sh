#!/usr/bin/env bash
# The Debian package (daemon/dist/CMakeLists.txt), end to end: built by CPack from this build,
# checked by lintian (no errors), installed by dpkg into a scratch root whose maintainer scripts
# run there (dpkg --root --force-script-chrootless: DPKG_ROOT), and the result checked: the file
# list, the conffile, the user, group and state directory the postinst made, the unit
# (systemd-analyze verify), the installed insolectl --version.
# Then, as root in a mount namespace (package_group_check.sh), the installed insoled runs as that
# user with two host-firmware insoles, and a runner in group insole uses the installed insolectl
# with no flags; without root that part is skipped (exit 77) after everything else passed.
#   package_test.sh BUILD_DIR SCRATCH_DIR FIRMWARE
set -euo pipefail
build=$1
scratch=$2
firmware=$3
fail() { echo "package_test: $*" >&2; exit 1; }

rm -rf "$scratch"
mkdir -p "$scratch/out"
cpack --config "$build/CPackConfig.cmake" -B "$scratch/out" >"$scratch/cpack.log" 2>&1 ||
  { cat "$scratch/cpack.log"; fail "cpack failed"; }
debs=("$scratch"/out/insole_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "cpack made no single insole_*.deb"
deb=${debs[0]}
echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes"

# Control fields: dependencies found by dpkg-shlibdeps are Debian's shared libraries.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libc6 libsqlite3-0 libusb-1.0-0 libsystemd0 libprotobuf32 systemd; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done
[ "$(dpkg-deb -f "$deb" Package)" = insole ] || fail "package name"
# The whole listing first: grep -q stopping early would kill tar with SIGPIPE, and pipefail
# would read that as "no conffiles" (seen in CI).
dpkg-deb --ctrl-tarfile "$deb" | tar -t >"$scratch/control.list"
grep -qx './conffiles' "$scratch/control.list" || fail "no conffiles"

# lintian: errors fail the test; warnings are printed (docs/service.md lists them with reasons).
if command -v lintian >/dev/null; then
  lintian --fail-on error --allow-root --tag-display-limit 0 "$deb" | tee "$scratch/lintian.txt" ||
    fail "lintian reports errors (above)"
else
  fail "lintian is not installed (scripts/setup installs it)"
fi

# Install into a scratch root, maintainer scripts included.
root="$scratch/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers" \
  "$root/etc"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
dpkg --root="$root" --force-script-chrootless --force-depends --force-not-root --log=/dev/null \
  -i "$deb" >"$scratch/dpkg.log" 2>&1 || { cat "$scratch/dpkg.log"; fail "dpkg -i failed"; }
for f in /usr/bin/insoled /usr/bin/insolectl /usr/lib/systemd/system/insoled.service \
  /usr/lib/systemd/user/insoled.service \
  /usr/lib/udev/rules.d/60-insole.rules /usr/lib/sysusers.d/insole.conf \
  /usr/lib/tmpfiles.d/insole.conf /etc/insole/insoled.conf /usr/share/man/man8/insoled.8.gz \
  /usr/share/man/man1/insolectl.1.gz /usr/share/man/man5/insoled.conf.5.gz \
  /usr/share/bash-completion/completions/insolectl /usr/share/doc/insole/copyright; do
  [ -e "$root$f" ] || fail "not installed: $f"
done
grep -q '^ /etc/insole/insoled.conf ' <<<"$(dpkg --root="$root" -s insole)" ||
  fail "/etc/insole/insoled.conf is not a conffile: $(dpkg --root="$root" -s insole)"
grep -q '^insole:' "$root/etc/passwd" || fail "the postinst made no user insole"
grep -q '^insole:' "$root/etc/group" || fail "the postinst made no group insole"
[ "$(stat -c %a "$root/var/lib/insole")" = 770 ] || fail "/var/lib/insole is not 0770"
gid=$(awk -F: '$1 == "insole" { print $3 }' "$root/etc/group")
[ "$(stat -c %g "$root/var/lib/insole")" = "$gid" ] || fail "/var/lib/insole is not group insole"
grep -qx "insolectl [0-9.]*" <<<"$("$root/usr/bin/insolectl" --version)" || fail "insolectl --version"
grep -qx "insoled [0-9.]*" <<<"$("$root/usr/bin/insoled" --version)" || fail "insoled --version"
if command -v systemd-analyze >/dev/null; then
  # verify wants ExecStart's binary on this machine: the installed one, under the scratch root.
  sed "s|^ExecStart=/usr/bin/insoled |ExecStart=$root/usr/bin/insoled |" \
    "$root/usr/lib/systemd/system/insoled.service" >"$scratch/insoled.service"
  grep -q "^ExecStart=$root/usr/bin/insoled --config /etc/insole/insoled.conf" \
    "$scratch/insoled.service" || fail "the unit's ExecStart: $(grep ExecStart "$scratch/insoled.service")"
  systemd-analyze verify --man=no "$scratch/insoled.service" >"$scratch/verify.log" 2>&1 ||
    { cat "$scratch/verify.log"; fail "systemd-analyze verify"; }
  ! grep -q 'insoled.service:' "$scratch/verify.log" || { cat "$scratch/verify.log"; fail "unit warnings"; }
fi
group_check=skipped
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && unshare --mount true 2>/dev/null; then
  # The service's and the runner's uids must reach every file: a folder of its own under /tmp
  # (a build tree may sit under a home closed to others), with the installed binaries copied in.
  group=$(mktemp -d /tmp/insole-package-group.XXXXXX)
  chmod 0755 "$group"
  mkdir -m 0755 "$group/bin"
  cp -p "$root/usr/bin/insoled" "$root/usr/bin/insolectl" "$firmware" "$group/bin/"
  unshare --mount -- "$(dirname "$0")/package_group_check.sh" "$root/etc" "$group/bin" "$group" ||
    { rm -rf "$group"; fail "the group member check failed (above)"; }
  rm -rf "$group"
  group_check=done
fi
# Removing keeps the runner's history (docs/service.md).
touch "$root/var/lib/insole/insole.db"
dpkg --root="$root" --force-script-chrootless --force-not-root --force-depends --log=/dev/null \
  --purge insole >>"$scratch/dpkg.log" 2>&1 || { cat "$scratch/dpkg.log"; fail "dpkg --purge"; }
[ ! -e "$root/usr/bin/insoled" ] || fail "purge left /usr/bin/insoled"
[ -e "$root/var/lib/insole/insole.db" ] || fail "purge removed the runs"
if [ "$group_check" = skipped ]; then
  echo "package_test: SKIPPED the group member check: it needs root, setpriv and unshare --mount"
  exit 77
fi
echo "package_test: ok"
