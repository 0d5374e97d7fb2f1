package io.wasmhive.storage.function;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One environment value of a function; a secret one is stored encrypted. */
@Embeddable
public class EnvValue {

    @Column(name = "value", nullable = false)
    private String value;

    @Column(name = "secret", nullable = false)
    private boolean secret;

    protected EnvValue() {}

    EnvValue(String value, boolean secret) {
        this.value = value;
        this.secret = secret;
    }

    String value() {
        return value;
    }

    boolean secret() {
        return secret;
    }
}
