#!/bin/sh
# run-fuzzer.sh FUZZER SECONDS WORK_DIR SEED_DIR…
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A bounded libFuzzer run for `meson test --suite fuzz`. New inputs go to WORK_DIR/corpus
# (libFuzzer writes to its first corpus folder only) and a crashing input to WORK_DIR, both in
# the build tree: the seed folders in the source tree are only read. The exit status is the
# fuzzer's, non-zero on a crash, a sanitizer finding, a GLib critical or warning (the fuzzers
# make them fatal), a leak, or an input that runs over 20 seconds.
set -eu

fuzzer="${1:?usage: run-fuzzer.sh FUZZER SECONDS WORK_DIR SEED_DIR…}"
case "$fuzzer" in /*) ;; *) fuzzer="$PWD/$fuzzer" ;; esac
seconds="$2"
work="$3"
shift 3

rm -rf "$work"
mkdir -p "$work/corpus"
cd "$work"
# libFuzzer's own failure status, 77, would read as "skipped" to meson: 1 instead.
# A fixed seed (HERALD_FUZZ_SEED to change it) so that CI repeats the run a developer saw
# pass; longer, exploring runs are described in tests/fuzz/meson.build.
exec "$fuzzer" -seed="${HERALD_FUZZ_SEED:-1}" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
  -error_exitcode=1 -timeout_exitcode=1 \
  -artifact_prefix="$work/" -print_final_stats=1 "$work/corpus" "$@"
