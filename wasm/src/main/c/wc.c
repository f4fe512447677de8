/* wc: counts lines, words and bytes of each FILE (or of stdin with none), as POSIX wc prints
 * them, with a total line for several files. A file it cannot read is reported on stderr and
 * makes the exit code 1. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static long total[3];

static int count(FILE *in, const char *name) {
    long lines = 0, words = 0, bytes = 0;
    int c, inword = 0;
    while ((c = getc(in)) != EOF) {
        bytes++;
        if (c == '\n') lines++;
        if (isspace(c)) inword = 0;
        else if (!inword) { inword = 1; words++; }
    }
    if (ferror(in)) {
        fprintf(stderr, "wc: %s: %s\n", name, strerror(errno));
        return 1;
    }
    printf("%7ld %7ld %7ld %s\n", lines, words, bytes, name);
    total[0] += lines; total[1] += words; total[2] += bytes;
    return 0;
}

int main(int argc, char **argv) {
    int status = 0;
    if (argc < 2) return count(stdin, "");
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        status |= count(f, argv[i]);
        fclose(f);
    }
    if (argc > 2) printf("%7ld %7ld %7ld total\n", total[0], total[1], total[2]);
    return status;
}
