// A CPU-bound WAGI function for fuel tests and benchmarks: sieves primes, sorts and hashes.
// "?n=N" sets the problem size (default 20000).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t fnv1a(const uint8_t *data, size_t length) {
    uint32_t hash = 2166136261u;
    for (size_t i = 0; i < length; i++) {
        hash = (hash ^ data[i]) * 16777619u;
    }
    return hash;
}

static int compare(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *) a, y = *(const uint32_t *) b;
    return (x > y) - (x < y);
}

int main(void) {
    const char *query = getenv("QUERY_STRING");
    const char *n_param = query ? strstr(query, "n=") : NULL;
    long n = n_param ? strtol(n_param + 2, NULL, 10) : 20000;
    if (n < 10 || n > 5000000) {
        printf("Status: 400\nContent-Type: text/plain\n\nn must be between 10 and 5000000\n");
        return 0;
    }
    uint8_t *composite = calloc((size_t) n + 1, 1);
    uint32_t *primes = malloc(sizeof(uint32_t) * (size_t) n);
    size_t count = 0;
    for (int64_t i = 2; i <= n; i++) {
        if (!composite[i]) {
            primes[count++] = (uint32_t) i;
            for (int64_t j = i * i; j <= n; j += i) composite[j] = 1;
        }
    }
    uint32_t state = 12345;
    for (size_t i = 0; i < count; i++) {
        state = state * 1103515245u + 12345u;
        primes[i] ^= state;
    }
    qsort(primes, count, sizeof(uint32_t), compare);
    uint32_t hash = fnv1a((const uint8_t *) primes, count * sizeof(uint32_t));
    printf("Content-Type: text/plain\n\nprimes up to %ld: %zu, hash %08x\n", n, count, hash);
    free(primes);
    free(composite);
    return 0;
}
