#!/bin/sh
# workerd with V8 flags ($BENCH_V8_FLAGS, space-separated), for Miniflare (MINIFLARE_WORKERD_PATH):
# Miniflare passes its binary config on stdin ("-") and offers no option for v8Flags, so the
# config goes through bench/v8-flags.mjs into a file that replaces "-". exec keeps the process
# id, so the bench still finds workerd as Node's child.
here="$(dirname "$0")"
config="$here/../bench-data/build/workerd-config.bin"
node "$here/v8-flags.mjs" "$BENCH_V8_FLAGS" > "$config" || exit 1
for arg do
  shift
  if [ "$arg" = "-" ]; then set -- "$@" "$config"; else set -- "$@" "$arg"; fi
done
exec "$here/../node_modules/workerd/bin/workerd" "$@"
