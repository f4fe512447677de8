/* probe: exercises one WASI capability per subcommand and prints what it got, for honk's tests
 * and the differential test against Node's WASI. Denials print the errno the call returned. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

static int fail(const char *what, int err) {
    printf("%s: errno %d (%s)\n", what, err, strerror(err));
    return 1;
}

int main(int argc, char **argv) {
    const char *cmd = argc > 1 ? argv[1] : "";
    if (!strcmp(cmd, "args")) {
        for (int i = 1; i < argc; i++) printf("arg %d: %s\n", i, argv[i]);
        return 0;
    }
    if (!strcmp(cmd, "env")) {
        __wasi_size_t count, size;
        __wasi_errno_t e = __wasi_environ_sizes_get(&count, &size);
        if (e) return fail("environ", e);
        const char *v = getenv(argc > 2 ? argv[2] : "GREETING");
        printf("env: %lu vars, %s=%s\n", (unsigned long)count, argc > 2 ? argv[2] : "GREETING", v ? v : "(unset)");
        return 0;
    }
    if (!strcmp(cmd, "clock")) {
        __wasi_timestamp_t t1, t2;
        __wasi_errno_t e = __wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &t1);
        if (e) return fail("clock", e);
        e = __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t2);
        if (e) return fail("clock", e);
        printf("clock: after 2020: %s, monotonic: %s\n", t1 > 1577836800000000000ULL ? "yes" : "no", t2 > 0 ? "yes" : "no");
        return 0;
    }
    if (!strcmp(cmd, "random")) {
        uint8_t a[16] = {0}, b[16] = {0};
        __wasi_errno_t e = __wasi_random_get(a, sizeof a);
        if (e) return fail("random", e);
        if (__wasi_random_get(b, sizeof b)) return fail("random", e);
        printf("random: two draws differ: %s\n", memcmp(a, b, 16) ? "yes" : "no");
        return 0;
    }
    if (!strcmp(cmd, "read") && argc > 2) {
        FILE *f = fopen(argv[2], "rb");
        if (!f) return fail(argv[2], errno);
        char buf[4096];
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        buf[n] = 0;
        printf("read %zu bytes: %s\n", n, buf);
        fclose(f);
        return 0;
    }
    if (!strcmp(cmd, "seek") && argc > 3) {
        FILE *f = fopen(argv[2], "rb");
        if (!f) return fail(argv[2], errno);
        if (fseek(f, atol(argv[3]), SEEK_SET)) return fail("fseek", errno);
        char buf[64];
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        buf[n] = 0;
        fseek(f, 0, SEEK_END);
        printf("from %s: %s (size %ld)\n", argv[3], buf, ftell(f));
        fclose(f);
        return 0;
    }
    if ((!strcmp(cmd, "write") || !strcmp(cmd, "append")) && argc > 3) {
        FILE *f = fopen(argv[2], cmd[0] == 'w' ? "wb" : "ab");
        if (!f) return fail(argv[2], errno);
        fputs(argv[3], f);
        if (fclose(f)) return fail("close", errno);
        printf("wrote %zu bytes to %s\n", strlen(argv[3]), argv[2]);
        return 0;
    }
    if (!strcmp(cmd, "stat") && argc > 2) {
        struct stat st;
        if (stat(argv[2], &st)) return fail(argv[2], errno);
        printf("%s: %s, %lld bytes\n", argv[2], S_ISDIR(st.st_mode) ? "directory" : "file", (long long)st.st_size);
        return 0;
    }
    if (!strcmp(cmd, "ls") && argc > 2) {
        DIR *d = opendir(argv[2]);
        if (!d) return fail(argv[2], errno);
        struct dirent *e;
        while ((e = readdir(d))) printf("%s%s\n", e->d_name, e->d_type == DT_DIR ? "/" : "");
        closedir(d);
        return 0;
    }
    if (!strcmp(cmd, "rm") && argc > 2) {
        if (unlink(argv[2])) return fail(argv[2], errno);
        printf("removed %s\n", argv[2]);
        return 0;
    }
    if (!strcmp(cmd, "stdin")) {
        char line[256];
        while (fgets(line, sizeof line, stdin)) printf("got: %s", line);
        printf("eof\n");
        return 0;
    }
    if (!strcmp(cmd, "stdout")) {
        ssize_t n = write(1, "to stdout\n", 10);
        if (n < 0) return 100 + errno; /* no console: the exit code says which errno */
        return 0;
    }
    if (!strcmp(cmd, "exit") && argc > 2) exit(atoi(argv[2]));
    if (!strcmp(cmd, "trap")) __builtin_trap();
    if (!strcmp(cmd, "grow") && argc > 2) {
        long got = 0;
        for (long i = 0; i < atol(argv[2]); i++, got++) {
            char *volatile p = malloc(1 << 20); /* volatile: the allocation must not be optimized away */
            if (!p) break;
            p[0] = 1;
        }
        printf("allocated %ld MiB\n", got);
        return 0;
    }
    fprintf(stderr, "usage: probe args|env [NAME]|clock|random|read F|seek F OFF|write F TEXT|append F TEXT|stat P|ls D|rm F|stdin|stdout|exit N|trap|grow MB\n");
    return 2;
}
