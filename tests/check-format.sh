#!/bin/sh
# Fails when a C source or header does not follow the repository's .clang-format.
set -eu
top="$1"
cd "$top"
status=0
for file in $(git ls-files 'app/*.c' 'app/*.h' 'tests/*.c' 'tests/*.h' 2>/dev/null || find app tests -name '*.[ch]'); do
  if ! clang-format --dry-run --Werror "$file" >/dev/null 2>&1; then
    echo "not formatted: $file (run: clang-format -i $file)"
    status=1
  fi
done
# A quark's name is stringified by G_DEFINE_QUARK: a formatter that spaced its hyphens out
# would rename the error domain (see .clang-format).
for file in $(grep -rlE 'G_DEFINE_QUARK \([^,]* - ' app tests 2>/dev/null); do
  echo "error-domain quark name spaced out in $file: write G_DEFINE_QUARK (herald-x-error-quark, herald_x_error);"
  status=1
done
exit $status
