"""Boot-time benchmark behind `scripts/bench boot`: starts QEMU (or the host board), timestamps the
console lines that mark each boot phase as they arrive, types `exit` at the prompt, and prints the
median of each phase over the runs. Phases: kernel and JVM start (QEMU start -> honk's first line,
printed once the JVM runs main), Akka and the kernel's actors (to the boot line), the shell prompt,
the SMP check and the kernel modules the virt board loads after it, and `honk: ready`, once every
service and driver is up.

With HONK_FLOOR_KERNEL and HONK_FLOOR_JVM (two initrds that scripts/bench builds from the image's
own layer), each run also boots the two floors, interleaved with honk's run so that the machine's
drift hits all three alike: the kernel with a busybox-only /init (its first line), and the same
kernel with the image's JRE, whose /init runs `java -version` (when it has finished). honk's marks
are then also given as ratios to the JVM floor."""
import os, signal, statistics, subprocess, sys, time


def _alarm(signum, frame):
    raise TimeoutError()


signal.signal(signal.SIGALRM, _alarm)

MARKS = [("jvm up", b"honk: jvm up"), ("boot ok", b"honk: boot ok"), ("prompt", b"honk> "),
         ("SMP check done", b"honk: SMP "), ("modules loaded", b"honk: modules:"), ("ready", b"honk: ready in ")]
FLOOR_MARKS = [("init", b"floor: init"), ("java done", b"floor: java done")]


def read_until(p, t0, seen, buf, mark, marks):
    """Reads the console, timestamping marks as they appear, until `mark` is seen or output ends."""
    while mark not in seen:
        chunk = os.read(p.stdout.fileno(), 4096)
        if not chunk:
            break
        buf += chunk
        now = time.monotonic() - t0
        for name, pat in marks:
            if name not in seen and pat in buf:
                seen[name] = now
    return buf


def one_run(cmd, timeout):
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    seen, buf = {}, b""
    try:
        # A board may not print every mark (the host has no modules), so reading stops at the
        # prompt. A hung boot is killed by the alarm below.
        signal.alarm(timeout)
        buf = read_until(p, t0, seen, buf, "prompt", MARKS)
        # After the prompt the services and drivers come up (the virt board loads its modules):
        # read on for up to 90 s, to the line that says every one is up.
        if "prompt" in seen:
            signal.alarm(90)
            try:
                buf = read_until(p, t0, seen, buf, "ready", MARKS)
            except TimeoutError:
                pass
            signal.alarm(timeout)
        if "prompt" in seen:
            p.stdin.write(b"exit\n")
            p.stdin.flush()
        p.wait(timeout=120)
    except TimeoutError:
        pass
    finally:
        signal.alarm(0)
        if p.poll() is None:
            p.kill()
    return seen


def floor_run(cmd, initrd, last, timeout):
    """One boot of a floor initrd (the -initrd of `cmd` replaced), timed to its `last` mark."""
    cmd = list(cmd)
    cmd[cmd.index("-initrd") + 1] = initrd
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    seen = {}
    try:
        signal.alarm(timeout)
        read_until(p, t0, seen, b"", last, FLOOR_MARKS)
        p.wait(timeout=60)
    except (TimeoutError, subprocess.TimeoutExpired):
        pass
    finally:
        signal.alarm(0)
        if p.poll() is None:
            p.kill()
    return seen


def summary(label, results, marks):
    print(f"{label}: medians of {len(results)} runs (seconds from start):")
    for name, _ in marks:
        vals = [r[name] for r in results if name in r]
        if vals:
            print(f"  {name:<16} median {statistics.median(vals):6.2f}   min {min(vals):6.2f}   max {max(vals):6.2f}")


def main():
    label, runs, timeout, cmd = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    floors = [(n, os.environ[v]) for n, v in (("kernel floor", "HONK_FLOOR_KERNEL"), ("jvm floor", "HONK_FLOOR_JVM"))
              if os.environ.get(v)]
    results, floor_results = [], {n: [] for n, _ in floors}
    for i in range(runs):
        for name, initrd in floors:
            seen = floor_run(cmd, initrd, "java done" if name == "jvm floor" else "init", timeout)
            floor_results[name].append(seen)
            marks = FLOOR_MARKS if name == "jvm floor" else FLOOR_MARKS[:1]
            print(f"{name}: run {i + 1}: " + ", ".join(f"{n} {seen[n]:.2f}s" for n, _ in marks if n in seen),
                  flush=True)
        seen = one_run(cmd, timeout)
        if "prompt" not in seen:
            print(f"{label}: run {i + 1} did not reach the prompt in {timeout}s", file=sys.stderr)
            sys.exit(1)
        results.append(seen)
        print(f"{label}: run {i + 1}: " + ", ".join(f"{n} {seen[n]:.2f}s" for n, _ in MARKS if n in seen), flush=True)
    for name, _ in floors:
        summary(name, floor_results[name], FLOOR_MARKS if name == "jvm floor" else FLOOR_MARKS[:1])
    summary(label, results, MARKS)
    jvm = [r["java done"] for r in floor_results.get("jvm floor", []) if "java done" in r]
    if jvm:
        floor = statistics.median(jvm)
        print(f"{label}: as ratios to the JVM floor ({floor:.2f}s, the median of `java -version` done):")
        for name, _ in MARKS:
            vals = [r[name] for r in results if name in r]
            if vals:
                print(f"  {name:<16} {statistics.median(vals) / floor:5.2f}x")


main()
