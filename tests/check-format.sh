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
exit $status
