#!/bin/sh
# systemd_units.sh - the shipped units (systemd/, built from their .in
# files) pass `systemd-analyze verify`, with their programs pointing into
# the build tree so the ExecStart= checks meet real executables.
. "$top_srcdir/tests/integ/lib.sh"

command -v systemd-analyze >/dev/null 2>&1 || skip "systemd-analyze not installed"

u="$dl_tmp/units"
mkdir -p "$u"
for f in dateline-watch@.service dateline-fcgi.service dateline-fcgi.socket; do
    sed -e "s|@bindir@|$top_builddir|g" \
        -e "s|@dateline_libexecdir@|$top_builddir|g" \
        "$top_srcdir/systemd/$f.in" >"$u/$f"
done
# The instance a user would enable, and the socket with its service.
cp "$u/dateline-watch@.service" "$u/dateline-watch@news.service"
cd "$u" || exit 1
for f in dateline-watch@news.service dateline-fcgi.socket dateline-fcgi.service; do
    SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no "./$f" \
        >"$dl_tmp/verify.out" 2>&1
    st=$?
    # Unknown keys are only warnings (exit 0): any line about our units
    # fails too; complaints about the host's own units are not ours.
    if [ "$st" = 0 ] && ! grep -q dateline "$dl_tmp/verify.out"; then
        pass "systemd-analyze verify $f"
    else
        fail "systemd-analyze verify $f ($st): $(cat "$dl_tmp/verify.out")"
    fi
done
# The check itself can fail: a misspelt key is caught.
sed 's/^PrivateTmp=yes/PrivateTmpp=yes/' dateline-fcgi.service >dateline-bad.service
SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no ./dateline-bad.service \
    >"$dl_tmp/verify.out" 2>&1
check "a misspelt key is caught" grep -q "dateline-bad.service.*PrivateTmpp" "$dl_tmp/verify.out"
for f in dateline-watch@news.service dateline-fcgi.service; do
    for opt in ProtectSystem=strict NoNewPrivileges=yes PrivateTmp=yes DynamicUser=yes; do
        check "$f has $opt" grep -q "^$opt\$" "$f"
    done
done
check "the watcher's archive is read-only, its index writable only in its state directory" grep -q '^StateDirectory=dateline$' dateline-watch@news.service
check "the page reads the indexes read-only" grep -q '^ReadOnlyPaths=/var/lib/dateline$' dateline-fcgi.service
done_testing
