#!/bin/busybox sh
# honk pre-init: the only userland code in the boot image. Packed as /init by scripts/image.
#
# The JVM cannot start before /proc exists (HotSpot reads /proc/cpuinfo for the MMU mode, glibc
# resolves the launcher's $ORIGIN through /proc/self/exe), so this script mounts the three
# kernel filesystems and then exec's the JVM, which thereby becomes PID 1. Everything else
# (modules, devices, network, power off) is done by honk itself.
#
# Training mode (kernel command line contains honk.train=1; used only by scripts/image): java runs
# as a child instead, records a JDK 25 AOT cache, and this script writes the cache to the raw
# virtio disk /dev/vda, then powers off. Disk layout: block 0 (512 bytes) holds the header line
#   HONKAOT1 <cache-bytes> <java-exit-status>
# padded with NULs; the cache bytes start at offset 1 MiB.

bb=/bin/busybox
$bb mount -t proc proc /proc
$bb mount -t sysfs sysfs /sys
$bb mount -t devtmpfs devtmpfs /dev

read -r cmdline < /proc/cmdline
case " $cmdline " in
  *" honk.train=1 "*) ;;
  *)
    # Normal boot: replace this shell with the JVM (exec, not fork: java is PID 1).
    exec /honk/jre/bin/java @/honk/jvm.args
    echo "init: exec /honk/jre/bin/java failed" >&2
    $bb sleep 1
    $bb poweroff -f ;;
esac

# ---- training run ----
echo "honk-train: loading modules for the scratch disk"
while read -r ko; do
  [ -n "$ko" ] && $bb insmod "/lib/modules/honk/$ko"
done < /honk/train/modules
echo "honk-train: starting java with -XX:AOTCacheOutput"
/honk/jre/bin/java -XX:AOTCacheOutput=/tmp/honk.aot -Dhonk.train=1 @/honk/jvm.args < /honk/train/session
status=$?
echo "honk-train: java exited with status $status"
size=0
[ -s /tmp/honk.aot ] && size=$($bb wc -c < /tmp/honk.aot)
i=0
while [ ! -b /dev/vda ] && [ $i -lt 50 ]; do $bb sleep 0.1; i=$((i + 1)); done
if [ -b /dev/vda ]; then
  printf 'HONKAOT1 %s %s\n' "$size" "$status" | $bb dd of=/dev/vda bs=512 count=1 conv=sync 2>/dev/null
  [ "$size" -gt 0 ] && $bb dd if=/tmp/honk.aot of=/dev/vda bs=1048576 seek=1 2>/dev/null
  $bb sync
  echo "honk-train: wrote $size bytes of AOT cache to /dev/vda"
else
  echo "honk-train: no /dev/vda, cannot hand the AOT cache back" >&2
fi
$bb poweroff -f
