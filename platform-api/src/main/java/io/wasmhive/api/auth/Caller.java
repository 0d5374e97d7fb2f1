package io.wasmhive.api.auth;

import jakarta.servlet.http.HttpServletRequest;

/** Who is calling: the operator, or one tenant through one of its keys. */
public sealed interface Caller {

    String ATTRIBUTE = Caller.class.getName();

    /** How deployments record the caller. */
    String label();

    record Operator() implements Caller {
        @Override
        public String label() {
            return "operator";
        }
    }

    record TenantKey(long tenantId, String tenantName, String keyName) implements Caller {
        @Override
        public String label() {
            return "key:" + keyName;
        }
    }

    static Caller of(HttpServletRequest request) {
        return (Caller) request.getAttribute(ATTRIBUTE);
    }
}
