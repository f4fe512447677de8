"""Boot-time benchmark behind `scripts/bench boot`: starts QEMU (or the host board), timestamps the
console lines that mark each boot phase as they arrive, types `exit` at the prompt, and prints the
median of each phase over the runs. Phases: kernel and JVM start (QEMU start -> honk's first line, printed once the JVM runs main),
Akka and the kernel's actors (to the boot line), the SMP check, the shell prompt, and the kernel
modules the virt board loads after the prompt."""
import os, signal, statistics, subprocess, sys, time


def _alarm(signum, frame):
    raise TimeoutError()


signal.signal(signal.SIGALRM, _alarm)

MARKS = [("jvm up", b"honk: jvm up"), ("boot ok", b"honk: boot ok"), ("SMP check done", b"honk: SMP "),
         ("prompt", b"honk> "), ("modules loaded", b"honk: modules:")]


def board_prints_modules(cmd):
    return not any("--host" in c or "--board=host" in c for c in cmd)


def read_until(p, t0, seen, buf, mark):
    """Reads the console, timestamping marks as they appear, until `mark` is seen or output ends."""
    while mark not in seen:
        chunk = os.read(p.stdout.fileno(), 4096)
        if not chunk:
            break
        buf += chunk
        now = time.monotonic() - t0
        for name, pat in MARKS:
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
        buf = read_until(p, t0, seen, buf, "prompt")
        # The virt board loads its modules after the prompt: read on for up to 60 s to time them.
        if "prompt" in seen and board_prints_modules(cmd):
            signal.alarm(60)
            try:
                buf = read_until(p, t0, seen, buf, "modules loaded")
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


def main():
    label, runs, timeout, cmd = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    results = []
    for i in range(runs):
        seen = one_run(cmd, timeout)
        if "prompt" not in seen:
            print(f"{label}: run {i + 1} did not reach the prompt in {timeout}s", file=sys.stderr)
            sys.exit(1)
        results.append(seen)
        print(f"{label}: run {i + 1}: " + ", ".join(f"{n} {seen[n]:.2f}s" for n, _ in MARKS if n in seen), flush=True)
    print(f"{label}: medians of {runs} runs (seconds from start):")
    for name, _ in MARKS:
        vals = [r[name] for r in results if name in r]
        if not vals:
            continue
        print(f"  {name:<16} median {statistics.median(vals):6.2f}   min {min(vals):6.2f}   max {max(vals):6.2f}")


main()
