package io.wasmhive.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * platform-api settings, from the environment.
 *
 * @param adminToken the operator token ({@code WASMHIVE_ADMIN_TOKEN}); required, at least 16 characters
 * @param publicUrl  base URL of the executor fleet ({@code WASMHIVE_PUBLIC_URL}), used to build
 *                   function URLs. Default {@code http://localhost:8081}
 * @param maxRequestBytes largest JSON body an API call may send (module uploads have their own
 *                   quota). Default 1 MiB
 */
@ConfigurationProperties("wasmhive")
public record PlatformProperties(String adminToken, @DefaultValue("http://localhost:8081") String publicUrl,
        @DefaultValue("1048576") long maxRequestBytes) {

    public PlatformProperties {
        if (adminToken == null || adminToken.isBlank() || adminToken.length() < 16) {
            throw new IllegalArgumentException(
                    "WASMHIVE_ADMIN_TOKEN must be set to a secret of at least 16 characters");
        }
        publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** The public URL of a function. */
    public String functionUrl(String tenant, String function) {
        return publicUrl + "/fn/" + tenant + "/" + function;
    }
}
