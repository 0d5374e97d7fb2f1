package io.wasmhive.api.auth;

import io.wasmhive.api.config.PlatformProperties;
import io.wasmhive.api.problem.UnauthorizedException;
import io.wasmhive.storage.tenant.ApiKeyRepository;
import io.wasmhive.storage.tenant.TenantRepository;
import java.security.MessageDigest;
import org.springframework.stereotype.Component;

/** Resolves a bearer token to a {@link Caller}. */
@Component
public class Authenticator {

    private static final String BEARER = "Bearer ";

    private final byte[] operatorTokenHash;
    private final ApiKeyRepository keys;
    private final TenantRepository tenants;

    Authenticator(PlatformProperties properties, ApiKeyRepository keys, TenantRepository tenants) {
        this.operatorTokenHash = Tokens.sha256(properties.adminToken());
        this.keys = keys;
        this.tenants = tenants;
    }

    public Caller authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthorizedException("send your token as 'Authorization: Bearer <token>'");
        }
        byte[] hash = Tokens.sha256(authorization.substring(BEARER.length()).trim());
        // Comparing hashes with MessageDigest.isEqual takes the same time wherever they differ.
        if (MessageDigest.isEqual(hash, operatorTokenHash)) {
            return new Caller.Operator();
        }
        return keys.findByTokenHash(hash)
                .flatMap(key -> tenants.findById(key.getTenantId())
                        .map(tenant -> (Caller) new Caller.TenantKey(tenant.getId(), tenant.getName(), key.getName())))
                .orElseThrow(() -> new UnauthorizedException("the token is not valid (unknown, or its key was revoked)"));
    }
}
