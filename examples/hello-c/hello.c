// A WAGI function in C: answers with what it was asked. The request arrives as CGI environment
// variables and stdin; the response is CGI on stdout: headers, an empty line, the body.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *env(const char *name) {
    const char *value = getenv(name);
    return value ? value : "";
}

int main(void) {
    // "?status=NNN" lets the caller pick the status, to show that the guest decides it.
    const char *query = env("QUERY_STRING");
    const char *status = strstr(query, "status=");
    if (status) {
        printf("Status: %.3s\n", status + 7);
    }
    printf("Content-Type: text/plain; charset=utf-8\n");
    printf("X-Powered-By: wasmhive-hello-c\n\n");

    printf("Hello from C on Wasmhive!\n");
    printf("method: %s\n", env("REQUEST_METHOD"));
    printf("path: %s\n", env("PATH_INFO"));
    printf("query: %s\n", query);
    printf("script: %s\n", env("SCRIPT_NAME"));
    printf("greeting header: %s\n", env("HTTP_X_GREETING"));
    printf("body: ");
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0) {
        fwrite(buffer, 1, n, stdout);
    }
    printf("\n");
    fprintf(stderr, "hello-c served %s %s\n", env("REQUEST_METHOD"), env("PATH_INFO"));
    return 0;
}
