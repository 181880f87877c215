#!/bin/sh
# Peak resident memory of streaming MP4 encoding at several lengths (512x512, 25 fps, H.264 + AAC).
# Flat numbers across lengths mean memory does not grow with the video. Usage:
#   Benchmarks/mp4-memory.sh [debug|release] [seconds...]     (default: release 60 600)
set -eu
configuration=${1:-release}
[ $# -gt 0 ] && shift
lengths=${*:-60 600}
swift build -c "$configuration" --product mp4-memory-bench >/dev/null
binary=$(swift build -c "$configuration" --show-bin-path)/mp4-memory-bench
folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
for seconds in $lengths; do
    for audio in "" "--no-audio"; do
        /usr/bin/time -v "$binary" "$seconds" "$folder/out.mp4" $audio 2>"$folder/time.txt" >/dev/null
        rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$folder/time.txt")
        wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$folder/time.txt")
        echo "${seconds}s ${audio:-with-audio}: peak RSS ${rss} KiB, wall ${wall}, file $(stat -c %s "$folder/out.mp4") bytes"
    done
done
