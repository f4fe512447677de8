/* sha256sum: prints the SHA-256 of each FILE (or of stdin with none), as coreutils does:
 * "HEX  NAME". A file it cannot read is reported on stderr and makes the exit code 1. */
#include <errno.h>
#include <stdio.h>
#include "sha256.h"

static int sum(FILE *in, const char *name) {
    static uint8_t buf[65536];
    sha256_ctx c;
    uint8_t digest[32];
    size_t n;
    sha256_init(&c);
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) sha256_update(&c, buf, n);
    if (ferror(in)) {
        fprintf(stderr, "sha256sum: %s: %s\n", name, strerror(errno));
        return 1;
    }
    sha256_final(&c, digest);
    for (int i = 0; i < 32; i++) printf("%02x", digest[i]);
    printf("  %s\n", name);
    return 0;
}

int main(int argc, char **argv) {
    int status = 0;
    if (argc < 2) return sum(stdin, "-");
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            fprintf(stderr, "sha256sum: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        status |= sum(f, argv[i]);
        fclose(f);
    }
    return status;
}
