/* hashbench: the compute-bound benchmark module. SHA-256 over MB MiB (default 8) of a pattern
 * made in memory, ROUNDS times (default 1), each round chaining the previous digest in; prints
 * the last digest. No files, no clock: the same work under every engine. */
#include <stdio.h>
#include <stdlib.h>
#include "sha256.h"

int main(int argc, char **argv) {
    long mb = argc > 1 ? atol(argv[1]) : 8;
    long rounds = argc > 2 ? atol(argv[2]) : 1;
    if (mb < 1 || mb > 256 || rounds < 1) {
        fprintf(stderr, "usage: hashbench [MB 1..256] [ROUNDS >= 1]\n");
        return 2;
    }
    size_t n = (size_t)mb << 20;
    uint8_t *data = malloc(n);
    if (!data) {
        fprintf(stderr, "hashbench: cannot allocate %ld MiB\n", mb);
        return 1;
    }
    for (size_t i = 0; i < n; i++) data[i] = (uint8_t)(i * 31 + (i >> 8));
    uint8_t digest[32] = {0};
    for (long r = 0; r < rounds; r++) {
        sha256_ctx c;
        sha256_init(&c);
        sha256_update(&c, digest, 32);
        sha256_update(&c, data, n);
        sha256_final(&c, digest);
    }
    for (int i = 0; i < 32; i++) printf("%02x", digest[i]);
    printf("  %ld MiB x %ld\n", mb, rounds);
    return 0;
}
