#!/usr/bin/env bash
# Package test (Debian 12, as root): builds the .deb with `make deb`, installs it with dpkg, checks the
# files, user, modes and that the binary runs (also as the stepline user, and with /opt/swift hidden),
# reinstalls it (the upgrade path), then `dpkg -r` (binary and units gone, config kept) and `dpkg -P`
# (config, data and user gone). It leaves the machine as it found it: it refuses to start when a
# stepline package, user or directory is already there, except with CI=true, where it saves that install,
# purges it, and puts it back at the end. Prints `N passed, M failed` and exits 1 on
# any failure.
#
#   Tests/ops/package_test.sh
#   STEPLINE_BINARY=path/to/stepline Tests/ops/package_test.sh    # package that binary instead
#   STEPLINE_CONFIG=path/to/stepline.yaml                          # and that example config
#   KEEP_DEB=1                                                     # keep the .deb (its path is printed)
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
repo=$PWD

passed=0
failed=0
skipped=0
pass() { echo "ok   $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
skip() { echo "skip $*"; skipped=$((skipped + 1)); }
# check DESCRIPTION COMMAND…: passes when the command exits 0; shows its output when it does not.
check() {
  local what=$1 out
  shift
  if out=$("$@" 2>&1); then pass "$what"; else fail "$what"; echo "$out" | tail -15 | sed 's/^/     /'; fi
}
mode_of() { stat -c '%a %U:%G' "$1" 2>/dev/null; }
expect_mode() { # PATH "MODE USER:GROUP"
  local got
  got=$(mode_of "$1")
  if [ "$got" = "$2" ]; then pass "$1 is $2"; else fail "$1 is '${got:-missing}', expected $2"; fi
}
gone() { [ ! -e "$1" ] && [ ! -L "$1" ]; }
status_of() { dpkg-query -W -f='${Status}' stepline 2>/dev/null; }
finish() {
  if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
  else
    echo "$passed passed, $failed failed"
  fi
  [ "$failed" -eq 0 ]
  exit $?
}

[ "$(id -u)" -eq 0 ] || { echo "package_test: run as root" >&2; exit 2; }
for cmd in dpkg dpkg-deb make runuser; do
  command -v "$cmd" >/dev/null || { echo "package_test: needs $cmd" >&2; exit 2; }
done
# The machine must have none of what the package creates, so that purging it restores the machine.
busy=""
[ -z "$(status_of)" ] || [ "$(status_of)" = "unknown ok not-installed" ] || busy=" the package stepline ($(status_of))"
getent passwd stepline >/dev/null && busy="$busy the user stepline"
getent group stepline >/dev/null && busy="$busy the group stepline"
for p in /etc/stepline /var/lib/stepline /usr/bin/stepline /usr/lib/stepline; do
  { [ -e "$p" ] || [ -L "$p" ]; } && busy="$busy $p"
done
# On a CI machine (CI=true, disposable by definition) an earlier install, say one made by following the
# README, is moved out of the way instead: its config and data are saved, the package is purged, and at the
# end the package just built is installed again with the saved config and data put back.
restore=""
if [ -n "$busy" ]; then
  if [ "${CI:-}" != true ]; then
    echo "package_test: refusing to run: this machine already has$busy (the test would remove them)" >&2
    exit 2
  fi
  echo "package_test: CI=true: this machine already has$busy; saving its config and data, purging it, and reinstalling it afterwards"
  restore=$(mktemp -d /tmp/stepline-package-saved.XXXXXX)
  for p in /etc/stepline /var/lib/stepline; do
    [ -d "$p" ] && tar -C / -cpf "$restore/$(basename "$(dirname "$p")").tar" "${p#/}"
  done
  had_package=0
  [ -n "$(status_of)" ] && [ "$(status_of)" != "unknown ok not-installed" ] && had_package=1
  echo "$had_package" >"$restore/had-package"
  if [ "$had_package" = 1 ]; then
    dpkg -P stepline >/dev/null 2>&1 || { echo "package_test: could not purge the installed stepline" >&2; exit 2; }
  fi
  getent passwd stepline >/dev/null && userdel stepline
  getent group stepline >/dev/null && groupdel stepline
  rm -rf /etc/stepline /var/lib/stepline /usr/bin/stepline /usr/lib/stepline
fi

work=$(mktemp -d /tmp/stepline-package-test.XXXXXX)
cleanup() {
  # A failure half-way leaves no package, user or directory behind.
  if [ -n "$(status_of)" ] && [ "$(status_of)" != "unknown ok not-installed" ]; then
    dpkg -P stepline >/dev/null 2>&1 || true
  fi
  if [ -n "$restore" ]; then
    # Put the earlier install back: the package (when there was one), then its saved config and data.
    if [ "$(cat "$restore/had-package")" = 1 ] && [ -n "${deb:-}" ]; then
      dpkg -i --force-confold "$deb" >/dev/null 2>&1 || echo "package_test: could not reinstall $deb" >&2
    fi
    for t in "$restore"/*.tar; do
      [ -f "$t" ] && tar -C / -xpf "$t"
    done
    rm -rf "$restore"
  fi
  if [ "${KEEP_DEB:-0}" = 1 ]; then
    rm -rf "$work/config"
    echo "kept: $(ls "$work"/*.deb 2>/dev/null)"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

systemd_running=0
[ -d /run/systemd/system ] && systemd_running=1

# --- build
make_args=(OUT="$work")
if [ -n "${STEPLINE_BINARY:-}" ]; then
  make_args+=(BINARY="$STEPLINE_BINARY")
  echo "packaging the binary $STEPLINE_BINARY"
fi
config=${STEPLINE_CONFIG:-config/stepline.yaml}
if [ ! -f "$config" ]; then
  # Until config/stepline.yaml exists, a minimal one stands in for it.
  mkdir -p "$work/config"
  config="$work/config/stepline.yaml"
  printf '# stand-in for config/stepline.yaml\napi: 127.0.0.1:8083\ndb: /var/lib/stepline/stepline.db\nfunctionsDirectory: /var/lib/stepline/functions\n' >"$config"
  echo "NOTE: config/stepline.yaml is not there: packaging a stand-in config"
fi
make_args+=(CONFIG="$config")
echo "== make deb"
if out=$(make --no-print-directory deb "${make_args[@]}" 2>&1); then
  echo "$out" | grep -E "build-deb:" | sed 's/^/     /'
  pass "make deb"
else
  echo "$out" | tail -20 | sed 's/^/     /'
  fail "make deb"
  finish
fi
deb=$(ls "$work"/stepline_*_"$(dpkg --print-architecture)".deb 2>/dev/null | head -1)
if [ -n "$deb" ]; then pass "built $(basename "$deb")"; else fail "no stepline_VERSION_ARCH.deb in $work"; finish; fi
version=$(dpkg-deb -f "$deb" Version)
check "the version '$version' starts with a digit" grep -qE '^[0-9]' <<<"$version"
depends=$(dpkg-deb -f "$deb" Depends)
for p in librabbitmq4 libsqlite3-0 python3 libcurl4; do
  check "Depends names $p" grep -qE "(^|, )$p( |,|$)" <<<"$depends"
done
check "the config is a conffile" grep -qx /etc/stepline/stepline.yaml <<<"$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)"
check "the package's files are root's" bash -c "! dpkg-deb -c '$deb' | awk '{print \$2}' | grep -v '^root/root\$'"

# --- install
echo "== dpkg -i"
check "dpkg -i (systemd running: $systemd_running)" dpkg -i "$deb"
check "dpkg says installed" test "$(status_of)" = "install ok installed"
check "/usr/bin/stepline is executable" test -x /usr/bin/stepline
for u in stepline.service stepline-worker@.service; do
  expect_mode "/lib/systemd/system/$u" "644 root:root"
done
check "stepline.service runs /usr/bin/stepline serve --config /etc/stepline/stepline.yaml" \
  grep -qx 'ExecStart=/usr/bin/stepline serve --config /etc/stepline/stepline.yaml' /lib/systemd/system/stepline.service
check "stepline-worker@.service runs /usr/bin/stepline worker … --name %i" \
  grep -qx 'ExecStart=/usr/bin/stepline worker --config /etc/stepline/stepline.yaml --name %i' \
  /lib/systemd/system/stepline-worker@.service
expect_mode /etc/stepline "755 root:root"
expect_mode /etc/stepline/stepline.yaml "640 root:stepline"
check "the config is the example one" cmp -s "$config" /etc/stepline/stepline.yaml
expect_mode /usr/share/man/man1/stepline.1.gz "644 root:root"
check "the man page is stepline(1)" bash -c "zcat /usr/share/man/man1/stepline.1.gz | grep -q '^.TH STEPLINE 1'"
check "docs in /usr/share/doc/stepline" test -f /usr/share/doc/stepline/README.md
check "dpkg --verify finds every file as packaged" bash -c '[ -z "$(dpkg --verify stepline 2>&1)" ]'

passwd_line=$(getent passwd stepline)
IFS=: read -r _ _ uid gid _ home shell <<<"$passwd_line"
check "the user stepline exists" test -n "$passwd_line"
check "stepline is a system user (uid ${uid:-?} < 1000)" test "${uid:-1000}" -lt 1000
check "stepline's home is /var/lib/stepline" test "${home:-}" = /var/lib/stepline
check "stepline's shell is /usr/sbin/nologin" test "${shell:-}" = /usr/sbin/nologin
check "stepline's group is stepline" test "$(getent group "${gid:-x}" | cut -d: -f1)" = stepline
expect_mode /var/lib/stepline "700 stepline:stepline"
expect_mode /var/lib/stepline/functions "700 stepline:stepline"
check "stepline can write /var/lib/stepline" \
  runuser -u stepline -- sh -c 'echo x >/var/lib/stepline/.package-test && rm /var/lib/stepline/.package-test'

# --- the binary
echo "== /usr/bin/stepline"
help=$(/usr/bin/stepline --help 2>&1)
rc=$?
check "/usr/bin/stepline --help exits 0" test "$rc" -eq 0
check "--help lists serve and worker" bash -c 'grep -q "serve" <<<"$1" && grep -q "worker" <<<"$1"' _ "$help"
check "runuser -u stepline -- /usr/bin/stepline --help" runuser -u stepline -- /usr/bin/stepline --help
check "every library of /usr/bin/stepline is found" bash -c '! ldd /usr/bin/stepline | grep "not found"'
if [ -d /opt/swift ] && command -v unshare >/dev/null; then
  # The toolchain is not on the machines the .deb is for: hide it, the binary must still run.
  check "it runs with /opt/swift hidden (runtime bundled or static)" \
    unshare -m sh -c 'mount -t tmpfs -o ro tmpfs /opt/swift && exec /usr/bin/stepline --help'
  # The example, where the stepline user can read it (the work tree may be in a private home).
  mkdir -p "$work/hello"
  cp "$repo/examples/hello/hello.asl.json" "$repo/examples/hello/input.json" "$work/hello/"
  chmod 0755 "$work" "$work/hello" && chmod 0644 "$work/hello/"*
  check "it runs a workflow with /opt/swift hidden, as stepline" \
    unshare -m sh -c "mount -t tmpfs -o ro tmpfs /opt/swift && cd / && exec runuser -u stepline -- /usr/bin/stepline run '$work/hello/hello.asl.json' --input-file '$work/hello/input.json'"
else
  skip "no /opt/swift here to hide"
fi
if grep -qE '^[[:space:]]+config([[:space:]]|$)' <<<"$help"; then
  check "runuser -u stepline -- /usr/bin/stepline config check /etc/stepline/stepline.yaml exits 0" \
    runuser -u stepline -- /usr/bin/stepline config check /etc/stepline/stepline.yaml
else
  out=$(runuser -u stepline -- /usr/bin/stepline config check /etc/stepline/stepline.yaml 2>&1)
  rc=$?
  if [ "$rc" -eq 0 ]; then
    pass "runuser -u stepline -- /usr/bin/stepline config check /etc/stepline/stepline.yaml exits 0"
  elif grep -qiE "unknown (sub)?command|unexpected arguments?: 'config'" <<<"$out"; then
    skip "config check: this binary has no 'config' subcommand yet ($(head -1 <<<"$out"))"
  else
    fail "runuser -u stepline -- /usr/bin/stepline config check /etc/stepline/stepline.yaml (exit $rc)"
    echo "$out" | tail -10 | sed 's/^/     /'
  fi
fi

# --- systemd
echo "== systemd"
if [ "$systemd_running" = 1 ]; then
  check "systemctl is-enabled stepline" systemctl is-enabled stepline
  # postinst started it; a Type=notify service is "activating" until it sends READY=1.
  for _ in $(seq 1 30); do
    [ "$(systemctl is-active stepline)" = activating ] || break
    sleep 1
  done
  if out=$(systemctl status --no-pager stepline 2>&1); then
    pass "systemctl status stepline (active)"
  else
    fail "systemctl status stepline"
    echo "$out" | head -8 | sed 's/^/     /'
    journalctl -u stepline --no-pager -n 8 -o cat 2>/dev/null | sed 's/^/     journal: /'
  fi
else
  skip "systemctl status stepline: systemd is not running (PID 1 is $(ps -o comm= -p 1 2>/dev/null || echo '?'))"
fi
if command -v systemd-analyze >/dev/null; then
  # The installed units, with the installed binary and man page: verify must say nothing.
  check "systemd-analyze verify the installed units" bash -c \
    'out=$(systemd-analyze verify stepline.service stepline-worker@1.service 2>&1); echo "$out"; [ -z "$out" ]'
fi

# --- reinstall: the upgrade path of the maintainer scripts
echo "== dpkg -i again (upgrade path)"
echo "# changed by the package test" >>/etc/stepline/stepline.yaml
check "dpkg -i again" dpkg -i --force-confold "$deb"
expect_mode /etc/stepline/stepline.yaml "640 root:stepline"
check "the admin's config change is kept" grep -q "changed by the package test" /etc/stepline/stepline.yaml
expect_mode /var/lib/stepline "700 stepline:stepline"

# --- remove
echo "== dpkg -r"
check "dpkg -r stepline" dpkg -r stepline
check "dpkg says config-files" test "$(status_of)" = "deinstall ok config-files"
for p in /usr/bin/stepline /usr/lib/stepline /lib/systemd/system/stepline.service \
  /lib/systemd/system/stepline-worker@.service /usr/share/man/man1/stepline.1.gz /usr/share/doc/stepline; do
  check "$p is gone" gone "$p"
done
check "the config is kept" test -f /etc/stepline/stepline.yaml
check "/var/lib/stepline is kept" test -d /var/lib/stepline
check "the user is kept until purge" getent passwd stepline

# --- purge
echo "== dpkg -P"
check "dpkg -P stepline" dpkg -P stepline
check "dpkg says not installed" bash -c '[ -z "$(dpkg-query -W -f="\${Status}" stepline 2>/dev/null)" ] || [ "$(dpkg-query -W -f="\${Status}" stepline 2>/dev/null)" = "unknown ok not-installed" ]'
check "/etc/stepline is gone" gone /etc/stepline
check "/var/lib/stepline is gone" gone /var/lib/stepline
check "the user stepline is gone" bash -c '! getent passwd stepline'
check "the group stepline is gone" bash -c '! getent group stepline'
check "no statoverride is left" bash -c '! dpkg-statoverride --list /etc/stepline/stepline.yaml'
check "no enablement link is left" bash -c '! ls /etc/systemd/system/*.wants/stepline* 2>/dev/null | grep -q .'

finish
